"""Every built page in every language, in Chromium: accessibility, console, requests, keyboard.

All pages are loaded once (tests/browser/pagecheck.py) and each check reports every failing
page of a language together, with the page path.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import LANGS, _Handler, html_pages
from pagecheck import PageReport, check_pages

pytestmark = pytest.mark.browser

# Pages for editors, not readers, written without the site's theme (no quick exit): the
# translation status page (hooks/translation_coverage.py). Every other check covers them too.
EDITOR_PAGES = {"translation-status/"}


@pytest.fixture(scope="module")
def reports(browser, base_url: str, site_dir: Path) -> dict[str, PageReport]:
    pages = html_pages(site_dir)
    assert pages, "the built site has no pages"
    return check_pages(browser, base_url, site_dir, pages)


def _failures(reports: dict[str, PageReport], lang: str, kind: str) -> str:
    lines = []
    for report in reports.values():
        if report.lang == lang and getattr(report, kind):
            lines.append(f"/{report.path}:")
            lines += [f"    {line}" for line in getattr(report, kind)]
    return "\n".join(lines)


def _pages_of(reports: dict[str, PageReport], lang: str) -> list[PageReport]:
    found = [r for r in reports.values() if r.lang == lang]
    assert found, f"no built pages in language {lang}"
    return found


# What each PageReport field holds, for the failure message.
CHECKS = {
    "axe": "axe-core (WCAG 2.0/2.1/2.2 A+AA) violations",
    "console": "console errors",
    "failed": "failed requests (4xx/5xx or network errors)",
    "external": "requests to hosts other than the site (blocked)",
}


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("lang", LANGS)
def test_pages_pass(reports: dict[str, PageReport], lang: str, check: str) -> None:
    """No axe violation, console error, failed request or request to another host."""
    _pages_of(reports, lang)
    problems = _failures(reports, lang, check)
    assert not problems, f"{CHECKS[check]}:\n{problems}"


def quick_exit_problems(report: PageReport) -> list[str]:
    """The first Tab must reach the quick exit, at every width."""
    problems = []
    for width, first in sorted(report.first_tab.items()):
        if not first["quickExit"]:
            problems.append(f"[{width}] first Tab focuses {first['id']}, not the quick exit")
    if not report.first_tab:
        problems.append("Tab reached no element")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_quick_exit_first(reports: dict[str, PageReport], lang: str) -> None:
    lines = []
    for report in _pages_of(reports, lang):
        if report.path in EDITOR_PAGES:
            continue
        problems = quick_exit_problems(report)
        if problems:
            lines.append(f"/{report.path}:")
            lines += [f"    {line}" for line in problems]
    assert not lines, "the quick exit is not the first keyboard stop:\n" + "\n".join(lines)


@pytest.mark.parametrize("lang", LANGS)
def test_keyboard_focus_always_visible(reports: dict[str, PageReport], lang: str) -> None:
    pages = _pages_of(reports, lang)
    assert all(r.tabs.get("desktop") and r.tabs.get("phone") for r in pages), (
        "the keyboard walk reached no element on some page"
    )
    problems = _failures(reports, lang, "keyboard")
    assert not problems, f"keyboard focus not visible:\n{problems}"


# The checks above must be able to fail: a page with one known problem of each kind.
BAD_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Bad</title>
<style>a.plain:focus { outline: none; box-shadow: none; } .pale { color: #bbb; }</style>
</head><body>
<a class="plain" href="#x">First link, no quick exit, no focus indicator</a>
<p><a href="#y">Covered link</a></p>
<div style="position: fixed; top: 0; left: 0; right: 0; height: 100vh; background: #fff"></div>
<p class="pale">Low-contrast text on white.</p>
<img src="missing.png">
<img alt="remote" src="https://example.org/pixel.png">
<script>console.error("boom");</script>
</body></html>
"""


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("bad-site")
    (root / "index.html").write_text(BAD_PAGE, encoding="utf-8")
    (root / "404.html").write_text("<!doctype html><title>404</title>", encoding="utf-8")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(root))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()


def test_checks_catch_a_bad_page(browser, bad_site: tuple[str, Path]) -> None:
    url, root = bad_site
    report = check_pages(browser, url, root, [root / "index.html"])[""]
    rules = " ".join(report.axe)
    assert "image-alt" in rules and "color-contrast" in rules, report.axe
    assert any("boom" in line for line in report.console), report.console
    assert any(line.startswith("404 ") and "missing.png" in line for line in report.failed)
    assert any("example.org" in line for line in report.external), report.external
    assert "not the quick exit" in " ".join(quick_exit_problems(report))
    assert any("no visible focus indicator" in line for line in report.keyboard), report.keyboard
    assert any("covered" in line and "Covered link" in line for line in report.keyboard)
