"""hooks/translation_coverage.py in real builds of a small fixture site (load_config + build, as
mkdocs-static-i18n's own tests do): log records, strict failures, report files, the notice."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from coverage_site import edit, make_site, stamp_all, write
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

LOGGER = "mkdocs.plugins.translation_coverage"
TABLE = "Translation coverage of 3 lv pages:"
HOOK = str(ROOT / "hooks/translation_coverage.py")  # MkDocs names a hook module by its path


@pytest.fixture(autouse=True)
def _quiet(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    caplog.set_level(logging.INFO)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return make_site(tmp_path / "src", theme=True)


def run(root: Path, out: Path, *, strict: bool = True) -> None:
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(out), strict=strict)
    build(config)


def records(caplog: pytest.LogCaptureFixture, level: int) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == level]


def html(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def test_current_site_builds_strict_with_report_and_status_page(site: Path, tmp_path, caplog):
    out = tmp_path / "site"
    run(site, out)
    infos = records(caplog, logging.INFO)
    assert sum(TABLE in message for message in infos) == 1  # once per build, not per language
    assert records(caplog, logging.WARNING) == records(caplog, logging.ERROR) == []

    report = json.loads(html(out, "translation-report.json"))
    assert report["exit_code"] == 0
    assert {lang: row["percent"] for lang, row in report["summary"].items()} == {
        "ru": 100.0,
        "uk": 100.0,
        "en": 100.0,
    }
    status = html(out, "translation-status/index.html")
    assert '<meta name="robots" content="noindex, nofollow">' in status
    assert '<a href="../ru/help/">current</a>' in status
    assert '<a href="../help/">help.md</a> <strong>(critical)</strong>' in status
    assert '<a href="../translation-report.json">' in status
    assert "No problems: nothing fails the build." in status
    for page in ("help/index.html", "ru/help/index.html", "uk/index.html", "en/about/index.html"):
        assert "notice--outdated" not in html(out, page)
    assert "translation-status" not in html(out, "ru/help/index.html")  # not in navigation


def test_outdated_critical_page_fails_strict_and_shows_the_notice(site: Path, tmp_path, caplog):
    edit(site / "docs/lv/help.md", "# Palīdzība", "# Palīdzība tūlīt")
    out = tmp_path / "site"
    with pytest.raises(Abort, match="in strict mode"):
        run(site, out)
    warnings = records(caplog, logging.WARNING)
    for lang in ("ru", "uk", "en"):
        assert any(
            m.startswith(
                f"docs/{lang}/help.md:4: translation of critical page docs/lv/help.md is outdated"
            )
            and m.endswith(f"then run `sitekit stamp docs/{lang}/help.md`")
            for m in warnings
        ), warnings
    page = html(out, "ru/help/index.html")
    assert '<div class="notice notice--outdated" role="note">' in page
    assert (
        "Этот перевод может отставать от оригинала на латышском языке. "
        '<a href="../../help/" hreflang="lv">Открыть оригинал на латышском</a>'
    ) in page
    assert 'href="../../help/" hreflang="lv">Read the Latvian original</a>' in html(
        out, "en/help/index.html"
    )
    assert "notice--outdated" not in html(out, "help/index.html")
    assert "notice--outdated" not in html(out, "ru/about/index.html")
    report = json.loads(html(out, "translation-report.json"))
    assert report["summary"]["ru"]["outdated"] == 1
    assert "outdated (source changed)" in html(out, "translation-status/index.html")


def test_missing_page_parity_and_minimum_warn_and_fail_strict_only(site: Path, tmp_path, caplog):
    (site / "docs/uk/help.md").unlink()
    edit(site / "docs/en/index.md", "[112](tel:112)", "[911](tel:911)")
    expected = [
        "docs/uk/help.md: critical page docs/lv/help.md has no uk translation",
        "docs/en/index.md: safety parity with docs/lv/index.md: missing or altered phone "
        "number 112 (line 7) (the translation has phone number 911, not in the source)",
        "docs/uk/: uk translation coverage is 66.7% (2 of 3 pages current), below the "
        "minimum of 100%; not current: docs/uk/help.md (missing)",
        # 911 is also a number only the translation has (sitekit.parity_extra).
        "docs/en/index.md:8: phone number 911 is in this translation but not in docs/lv/index.md",
    ]
    with pytest.raises(Abort, match="in strict mode"):
        run(site, tmp_path / "strict")
    warnings = records(caplog, logging.WARNING)
    assert len(warnings) == 4
    for start in expected:
        assert any(m.startswith(start) for m in warnings), (start, warnings)

    caplog.clear()
    run(site, tmp_path / "lenient", strict=False)  # `mkdocs serve` keeps working
    assert len(records(caplog, logging.WARNING)) == 4
    assert "Цю сторінку ще не перекладено" in html(tmp_path / "lenient", "uk/help/index.html")


@pytest.mark.parametrize(
    ("change", "message", "stops"),
    [
        (("docs/de/index.md", "# Start\n"), "docs/de/: unknown language folder 'de'", Abort),
        (("docs/ru/about.md", "---\ntitle: [x\n---\n"), "docs/ru/about.md:2: malformed", Abort),
        # MkDocs itself then stops on the file; the hook's message comes first and names it.
        (("docs/ru/about.md", b"# \xcf\xee\n"), "docs/ru/about.md:1: not UTF-8", UnicodeError),
    ],
)
def test_bad_input_is_an_error_naming_the_file(site, tmp_path, caplog, change, message, stops):
    write(site / change[0], change[1])
    with pytest.raises(stops):
        run(site, tmp_path / "site")
    errors = records(caplog, logging.ERROR)
    assert any(m.startswith(message) for m in errors), errors


def test_policy_mistake_stops_the_build(tmp_path: Path, caplog) -> None:
    site = make_site(tmp_path / "src", theme=True, policy={"minimum": {"xx": 5}}, stamp=False)
    with pytest.raises(Abort):
        run(site, tmp_path / "site", strict=False)
    assert any(
        "extra.translation_coverage.minimum names 'xx'" in r.getMessage() for r in caplog.records
    )


def test_rebuilds_in_one_process_never_reuse_a_stale_report(site: Path, tmp_path, caplog):
    """`mkdocs serve` keeps the hook module loaded and rebuilds with a fresh config."""
    edit(site / "docs/lv/about.md", "12 cilvēki", "14 cilvēki")
    run(site, tmp_path / "one", strict=False)
    module = sys.modules[HOOK]
    assert "notice--outdated" in html(tmp_path / "one", "uk/about/index.html")
    assert len(records(caplog, logging.WARNING)) == 3  # below minimum in ru, uk, en

    stamp_all(site)
    caplog.clear()
    run(site, tmp_path / "two")  # strict: passes only if nothing stale is reported
    assert sys.modules[HOOK] is module  # the same module, as under `mkdocs serve`
    assert "notice--outdated" not in html(tmp_path / "two", "uk/about/index.html")
    assert json.loads(html(tmp_path / "two", "translation-report.json"))["exit_code"] == 0
    assert sum(TABLE in m for m in records(caplog, logging.INFO)) == 1
