"""Helplines and interface-string data: each bad input gives its clear error."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from conftest import LANGS, ROOT

from sitekit import data, markers
from sitekit.errors import SiteDataError

REAL = ROOT / "data/helplines.yml"


def entry(**overrides: object) -> dict:
    base = yaml.safe_load(REAL.read_text(encoding="utf-8"))["helplines"][1]
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def write(tmp_path: Path, entries: list[dict]) -> Path:
    path = tmp_path / "helplines.yml"
    path.write_text(yaml.safe_dump({"helplines": entries}, allow_unicode=True), "utf-8")
    return path


def test_real_data_is_valid() -> None:
    helplines = data.load_helplines(REAL, LANGS)
    assert {"emergency", "childline"} <= set(helplines)
    assert helplines["childline"].tel == "116111"
    assert data.load_ui(ROOT / "data/ui.yml", LANGS)["quick_exit"]["lv"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"tel": "11-61-11"}, "invalid number"),
        ({"tel": "+0371123"}, "invalid number"),
        ({"display": "116 112"}, "does not show the number"),
        ({"verified": "28.03.2026"}, "malformed date"),
        ({"verified": "2026-13-01"}, "malformed date"),
        ({"colour": "red"}, "unknown key colour"),
        ({"channels": ["pigeon"]}, "invalid channels"),
        ({"source": "bac.gov.lv"}, "invalid source"),
        ({"email": "not-an-address"}, "invalid e-mail"),
        ({"id": "Child Line"}, "invalid id"),
    ],
)
def test_bad_entry_names_file_entry_and_fix(tmp_path: Path, change: dict, message: str) -> None:
    path = write(tmp_path, [entry(**change)])
    with pytest.raises(SiteDataError) as err:
        data.load_helplines(path, LANGS)
    text = str(err.value)
    assert message in text
    assert str(path) in text and "Fix:" in text
    assert "helpline '" in text


def test_missing_language_is_named(tmp_path: Path) -> None:
    bad = entry()
    del bad["when"]["uk"]
    with pytest.raises(SiteDataError, match=r"when has no text for uk"):
        data.load_helplines(write(tmp_path, [bad]), LANGS)


def test_missing_field_and_duplicate_id(tmp_path: Path) -> None:
    bad = entry()
    del bad["source"]
    with pytest.raises(SiteDataError, match="missing source"):
        data.load_helplines(write(tmp_path, [bad]), LANGS)
    with pytest.raises(SiteDataError, match="used twice"):
        data.load_helplines(write(tmp_path, [entry(), entry()]), LANGS)


def test_error_gives_the_line_of_the_field_in_its_entry(tmp_path: Path) -> None:
    path = write(tmp_path, [entry(), entry(id="second", tel="abc")])
    with pytest.raises(SiteDataError) as err:
        data.load_helplines(path, LANGS)
    line = err.value.line
    lines = path.read_text("utf-8").splitlines()
    second = [n for n, text in enumerate(lines, start=1) if text.startswith("- ")][1]
    assert line and line > second and lines[line - 1].strip() == "tel: abc"


def test_malformed_yaml_and_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "helplines.yml"
    path.write_text("helplines:\n  - id: [unclosed\n", "utf-8")
    with pytest.raises(SiteDataError, match="invalid YAML") as err:
        data.load_helplines(path, LANGS)
    assert err.value.line
    path.write_bytes("helplines: []\n# Bērnu\n".encode("cp1257"))
    with pytest.raises(SiteDataError, match="not UTF-8"):
        data.load_helplines(path, LANGS)


def test_ui_string_missing_language(tmp_path: Path) -> None:
    path = tmp_path / "ui.yml"
    path.write_text("quick_exit:\n  lv: Iziet\n  ru: Выйти\n  en: Exit\n", "utf-8")
    with pytest.raises(SiteDataError, match=r"string 'quick_exit' has no text for uk") as err:
        data.load_ui(path, LANGS)
    assert err.value.line == 1


def test_stale_entries() -> None:
    helplines = data.load_helplines(REAL, LANGS)
    newest = max(h.verified for h in helplines.values())
    assert data.stale(helplines, newest, 0) == [] or all(
        h.verified < newest for h in data.stale(helplines, newest, 0)
    )
    late = newest + dt.timedelta(days=1000)
    assert len(data.stale(helplines, late, 365)) == len(helplines)


def test_marker_unknown_id_names_page_and_line() -> None:
    text = "# T\n\nText\n\n<!-- helplines: emergency nosuch -->\n"
    with pytest.raises(SiteDataError) as err:
        markers.expand(text, page="docs/lv/x.md", known={"emergency"}, render=lambda ids: "")
    assert err.value.line == 5 and "nosuch" in str(err.value) and "docs/lv/x.md:5" in str(err.value)


def test_marker_expands_in_place() -> None:
    text = "a\n<!-- helplines: emergency -->\nb\n"
    out = markers.expand(text, page="p", known={"emergency"}, render=lambda ids: "<div>X</div>")
    assert out == "a\n\n<div>X</div>\n\nb\n"
    assert markers.find(text) == [(2, ["emergency"])]


def test_a_data_file_is_read_again_when_it_changes(tmp_path: Path) -> None:
    """mkdocs serve keeps the hooks loaded: a parsed file is reused only while unchanged."""
    path = tmp_path / "ui.yml"
    path.write_text(yaml.safe_dump({"k": {lang: "a" for lang in LANGS}}), "utf-8")
    assert data.load_ui(path, LANGS)["k"]["lv"] == "a"
    first = data.load_ui(path, LANGS)
    first["k"]["lv"] = "changed by a caller"  # each caller gets its own copy
    assert data.load_ui(path, LANGS)["k"]["lv"] == "a"
    path.write_text(yaml.safe_dump({"k": {lang: "bb" for lang in LANGS}}), "utf-8")
    assert data.load_ui(path, LANGS)["k"]["lv"] == "bb"
    path.write_text("k: [", "utf-8")
    with pytest.raises(SiteDataError, match="invalid YAML"):
        data.load_ui(path, LANGS)
