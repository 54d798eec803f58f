"""The language switcher takes the reader to the same page in the chosen language.

For a sample of pages (spread over the site, the home page always among them), Chromium starts
on the Latvian page and clicks its way round every language with the header's switcher
(``.md-select__link[hreflang]``): lv → ru → uk → en → lv. Each click must land on the same
page path in the chosen language, with status 200 and ``<html lang>`` of that language, so every
language's switcher is used once per sampled page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEFAULT_LANG, LANGS, html_pages, page_lang
from pagecheck import HELPER_JS, NOT_LOCAL, page_url

pytestmark = pytest.mark.browser

SAMPLE = 6
EDITOR_PAGES = {"translation-status/"}


def lang_path(lang: str, path: str) -> str:
    """The URL path of a page (relative to its language root) in ``lang``."""
    return path if lang == DEFAULT_LANG else f"{lang}/{path}"


def sample_paths(site: Path) -> list[str]:
    """Page paths relative to the language root, spread over the source-language pages."""
    paths = [
        page_url(site, p)
        for p in html_pages(site)
        if page_lang(site, p) == DEFAULT_LANG and p.name == "index.html"
    ]
    paths = [p for p in paths if p not in EDITOR_PAGES]
    assert "" in paths, "no home page in the built site"
    rest = [p for p in paths if p]
    step = max(1, len(rest) // (SAMPLE - 1))
    return ["", *rest[::step][: SAMPLE - 1]]


def test_switcher_keeps_the_page(browser, base_url: str, site_dir: Path) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(HELPER_JS))  # transitions off: no waiting for the menu
    context.route(NOT_LOCAL, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    tour = [*LANGS[1:], DEFAULT_LANG]
    problems = []
    clicks = 0
    try:
        for path in sample_paths(site_dir):
            page.goto(f"{base_url}/{lang_path(DEFAULT_LANG, path)}")
            current = DEFAULT_LANG
            for target in tour:
                where = f"/{lang_path(current, path)} → {target}"
                link = page.locator(f".md-header .md-select__link[hreflang='{target}']")
                if link.count() != 1:
                    problems.append(f"{where}: {link.count()} switcher links for {target}")
                    break
                page.hover(".md-header .md-select")
                with page.expect_navigation() as nav:
                    link.click()
                clicks += 1
                response = nav.value
                expected = f"{base_url}/{lang_path(target, path)}"
                if page.url != expected:
                    problems.append(f"{where}: went to {page.url}, expected {expected}")
                    break
                if response is None or response.status != 200:
                    status = response.status if response else "no response"
                    problems.append(f"{where}: {expected} answered {status}")
                    break
                lang = page.get_attribute("html", "lang")
                if lang != target:
                    problems.append(f"{where}: the page says lang={lang}")
                current = target
    finally:
        context.close()
    assert clicks, "the switcher was never clicked"
    assert not problems, "language switcher problems:\n" + "\n".join(problems)
