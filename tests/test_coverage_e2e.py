"""Translation coverage on the real site: it is 100% current, and a copy of it with four
breaking edits is reported edit by edit and fails the strict build."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from coverage_site import settings, stamp_all

from sitekit import cli, coverage, siteconfig

TRANSLATIONS = ("ru", "uk", "en")


def test_real_site_reports_100_percent_current() -> None:
    """Fails until every page is translated and stamped (`sitekit stamp --all`)."""
    report = coverage.check(coverage.Settings.from_site(siteconfig.load(ROOT / "mkdocs.yml")))
    behind = [coverage.describe(t, page) for page, t in report.not_current()]
    assert behind == []
    assert [str(p) for p in report.problems] == []
    assert {lang: row["percent"] for lang, row in report.summary().items()} == {
        lang: 100.0 for lang in TRANSLATIONS
    }
    assert report.exit_code == 0


def test_real_built_site_has_the_report_and_an_unlisted_status_page(site_dir: Path) -> None:
    report = json.loads((site_dir / "translation-report.json").read_text(encoding="utf-8"))
    assert report["source"] == "lv" and report["exit_code"] == 0
    status = (site_dir / "translation-status/index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in status
    assert "translation-status" not in (site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "translation-status" not in (site_dir / "index.html").read_text(encoding="utf-8")


def _copy_real_site(root: Path) -> Path:
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _altered(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """A copy of the real site brought to 100% current, then broken four ways."""
    root = _copy_real_site(tmp_path_factory.mktemp("real"))
    conf = settings(root)
    # Pages still being translated get a stand-in (the Latvian text) so the copy starts clean.
    for source in sorted((root / "docs/lv").rglob("*.md")):
        rel = source.relative_to(root / "docs/lv")
        for lang in TRANSLATIONS:
            target = root / "docs" / lang / rel
            if not target.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(source, target)
    stamp_all(root)
    baseline = coverage.check(conf)
    assert [str(p) for p in baseline.problems] == [] and baseline.exit_code == 0

    # 1. A Latvian page changes.
    help_page = root / "docs/lv/help.md"
    help_page.write_text(
        help_page.read_text(encoding="utf-8") + "\nJauns teikums par palīdzību.\n", "utf-8"
    )
    # 2. A translation is deleted.
    (root / "docs/ru/young-people.md").unlink()
    # 3. An orphan appears.
    (root / "docs/uk/old-page.md").write_text("# Стара сторінка\n", encoding="utf-8")
    # 4. A phone number changes in one translation (a page not touched above).
    extractor = coverage.Extractor(coverage.known_numbers(conf, []))
    changed = None
    for page in sorted((root / "docs/en").rglob("*.md")):
        rel = page.relative_to(root / "docs/en").as_posix()
        if rel in ("help.md", "young-people.md"):
            continue
        text = page.read_text(encoding="utf-8")
        source = extractor.items((root / "docs/lv" / rel).read_text(encoding="utf-8"))
        numbers = [
            c for (kind, c) in extractor.items(text) if kind == "phone" and ("phone", c) in source
        ]
        number = next((n for n in numbers if len(n) >= 6 and n in text), None)
        if number:
            page.write_text(text.replace(number, _altered(number)), encoding="utf-8")
            changed = (f"docs/en/{rel}", number)
            break
    assert changed, "no English translation with a phone number of its source to alter"
    return {"root": root, "phone": changed}


def test_each_breaking_edit_is_reported_by_the_command(broken: dict, capsys) -> None:
    root = broken["root"]
    assert cli.main(["coverage", "--json", "--config", str(root / "mkdocs.yml")]) == 1
    report = json.loads(capsys.readouterr().out)
    pages = {page["path"]: page for page in report["pages"]}
    for lang in TRANSLATIONS:
        assert pages["help.md"]["translations"][lang]["state"] == "outdated"
    assert pages["young-people.md"]["translations"]["ru"]["state"] == "missing"
    assert report["orphans"] == {"uk": ["docs/uk/old-page.md"]}
    file, number = broken["phone"]
    page = pages[file.removeprefix("docs/en/")]["translations"]["en"]
    assert page["state"] == "current"  # parity fails whatever the stamp says
    assert [coverage.canonical_phone(item["value"]) for item in page["parity"]] == [number]
    assert report["summary"]["ru"]["missing"] == 1
    assert report["summary"]["uk"]["orphan"] == 1


def test_each_breaking_edit_fails_the_strict_build(broken: dict, tmp_path: Path) -> None:
    root = broken["root"]
    out = tmp_path / "site"
    result = mkdocs_build(root / "mkdocs.yml", out, env={"LESSON_DOWNLOADS": "false"})
    log = result.stdout + result.stderr
    assert result.returncode != 0
    file, number = broken["phone"]
    for lang in TRANSLATIONS:
        outdated = (
            rf"docs/{lang}/help\.md:\d+: translation of critical page docs/lv/help\.md is outdated"
        )
        assert re.search(outdated, log), lang
    assert (
        "docs/ru/young-people.md: critical page docs/lv/young-people.md has no ru translation"
        in log
    )
    assert "docs/uk/old-page.md: orphan: there is no source docs/lv/old-page.md" in log
    assert f"{file}: safety parity with docs/lv/{file.removeprefix('docs/en/')}: " in log
    assert "docs/ru/: ru translation coverage is" in log
    assert "Aborted with" in log and "in strict mode" in log
    # The reader sees the notice on the outdated translation, linked to the Latvian page.
    # (Strict mode stops after the first language pass with warnings: ru, built right after lv.)
    page = (out / "ru/help/index.html").read_text(encoding="utf-8")
    assert "Этот перевод может отставать от оригинала на латышском языке." in page
    assert '<a href="../../help/" hreflang="lv">Открыть оригинал на латышском</a>' in page
    report = json.loads((out / "translation-report.json").read_text(encoding="utf-8"))
    assert report["exit_code"] == 1
    assert "docs/uk/old-page.md" in (out / "translation-status/index.html").read_text("utf-8")
