"""Helplines and interface-string data: each bad input gives its clear error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from conftest import LANGS, ROOT

from sitekit import cli, data, markers, yamlio
from sitekit.errors import SiteDataError

REAL = ROOT / "data/helplines.yml"


def entry(**overrides: object) -> dict:
    base = yamlio.read_file(REAL)[0]["helplines"][1]
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


def test_due_for_recheck_at_fixed_dates(tmp_path: Path) -> None:
    """Staleness is computed for a given date: from the day an entry becomes due, oldest first."""
    older, newer = (
        entry(id="older", verified="2026-01-10"),
        entry(id="newer", verified="2026-03-25"),
    )
    path = write(tmp_path, [newer, older])
    helplines = data.load_helplines(path, LANGS, today=dt.date(2026, 6, 1))
    assert data.due_for_recheck(helplines, dt.date(2027, 1, 10), 365) == []
    due = data.due_for_recheck(helplines, dt.date(2027, 1, 11), 365)
    assert [(r.id, r.verified, r.due) for r in due] == [
        ("older", dt.date(2026, 1, 10), dt.date(2027, 1, 11))
    ]
    late = data.due_for_recheck(helplines, dt.date(2040, 1, 1), 365)
    assert [r.id for r in late] == ["older", "newer"]
    assert late[1].line == helplines["newer"].line < late[0].line  # file order is not age


def test_max_age_setting_is_checked() -> None:
    assert data.max_age_days({}) == 365
    assert data.max_age_days({"helplines_max_age_days": 30}) == 30
    for bad in (True, "365", 0, 1.5):
        with pytest.raises(SiteDataError, match="helplines_max_age_days"):
            data.max_age_days({"helplines_max_age_days": bad})


def test_coverage_command_lists_helplines_due_on_a_given_day(capsys) -> None:
    """`sitekit coverage --today` lists them; the exit code does not depend on the date."""
    config = ["coverage", "--config", str(ROOT / "mkdocs.yml")]
    assert cli.main([*config, "--today", "2040-01-01"]) == 0
    out = capsys.readouterr().out
    assert "Helplines due for re-checking on 2040-01-01 (verified more than 365 days ago):" in out
    line = data.load_helplines(REAL, LANGS)["childline"].line
    assert f"  data/helplines.yml:{line}: childline verified " in out
    assert cli.main([*config, "--today", "2040-01-01", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)["helplines_due"]
    assert report["today"] == "2040-01-01" and report["max_age_days"] == 365
    assert {e["id"] for e in report["entries"]} == set(data.load_helplines(REAL, LANGS))
    newest = max(h.verified for h in data.load_helplines(REAL, LANGS).values())
    assert cli.main([*config, "--today", newest.isoformat()]) == 0
    assert f"Helplines due for re-checking on {newest}: none" in capsys.readouterr().out


def test_status_page_lists_helplines_due(tmp_path: Path) -> None:
    """The editors' page at a fixed date (the template of hooks/translation_coverage.py)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    status = {"total": 0, "source": "lv", "summary": [], "errors": [], "warnings": []}
    status |= {"orphans": [], "languages": [], "pages": [], "git": "none"}
    bad = entry(source="https://example.lv/?a=1&b=2")
    path = write(tmp_path, [bad])
    model = data.recheck_model(path, LANGS, 30, dt.date(2027, 1, 1), "data/helplines.yml")
    html = env.get_template("partials/translation-status.html").render(
        status=status, report_url="r.json", site_name="S", recheck=model
    )
    section = html[html.index('id="helplines-due"') :]
    assert "<code>childline</code>" in section and "more than 30" in section
    assert 'href="https://example.lv/?a=1&amp;b=2"' in section  # escaped
    model = data.recheck_model(path, LANGS, 30, dt.date(2026, 3, 26), "x.yml")
    assert model["entries"] == [] and model["today"] == "2026-03-26"
    html = env.get_template("partials/translation-status.html").render(
        status=status, report_url="r.json", site_name="S", recheck=model
    )
    assert "None: every entry of <code>x.yml</code> was verified within 30" in html


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
