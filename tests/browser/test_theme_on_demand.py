"""Material's bundle loads at the reader's first interaction, not at load (issue 18).

The bundle is what costs a cheap phone the most main-thread time at load, and reading needs none
of it. A page left alone requests no bundle; a tap, a key, a scroll of the page or a wheel turn
loads it, Material then starts (class ``js``), tables sit in their keyboard-reachable boxes, and
Material's start-up does not fetch sitemap.xml through our hreflang links. Before that the page
is usable: the search button shows, and tables that scroll sideways are in the Tab order.
"""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
IDLE_MS = 1500


def open_page(browser, url: str, width: int = 412):
    context = browser.new_context(viewport={"width": width, "height": 823})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(IDLE_MS)
    return context, page, requests


def started(page) -> None:
    page.wait_for_function("document.documentElement.classList.contains('js')", timeout=10_000)


@pytest.mark.parametrize("path", ["/", "/ru/teachers/lesson-13-15/"])
def test_no_bundle_until_the_reader_does_something(browser, base_url, path):
    context, page, requests = open_page(browser, base_url + path)
    try:
        assert not [url for url in requests if BUNDLE.search(url)], requests
        classes = page.evaluate("document.documentElement.className").split()
        assert "site-lazy" in classes and "no-js" not in classes and "js" not in classes
        button = page.locator("label.md-header__button[for='__search']")
        assert button.is_visible(), "the search button must show before the bundle runs"
    finally:
        context.close()


@pytest.mark.parametrize(
    "action",
    [
        lambda page: page.mouse.click(200, 400),
        lambda page: page.keyboard.press("Tab"),
        lambda page: page.mouse.wheel(0, 300),
        lambda page: page.evaluate("window.scrollTo(0, 400)"),
    ],
    ids=["tap", "tab", "wheel", "scroll"],
)
def test_the_first_interaction_starts_the_theme(browser, base_url, action):
    context, page, requests = open_page(browser, f"{base_url}/en/how-it-works/")
    try:
        action(page)
        started(page)
        page.wait_for_timeout(300)
        assert [url for url in requests if BUNDLE.search(url)]
        assert "site-lazy" not in page.evaluate("document.documentElement.className")
        assert not [url for url in requests if "sitemap.xml" in url], requests
        hreflang = page.locator('link[rel="alternate"][hreflang]').count()
        assert hreflang >= 4, "the hreflang links must be put back after the bundle starts"
    finally:
        context.close()


def test_tables_are_reachable_before_and_after_the_bundle(browser, base_url):
    context, page, _ = open_page(browser, f"{base_url}/ru/teachers/lesson-13-15/", width=320)
    try:
        before = page.evaluate(
            "Array.from(document.querySelectorAll('.md-typeset table')).map("
            "t => [t.getAttribute('tabindex'), !!t.closest('.md-typeset__scrollwrap')])"
        )
        assert before and all(tab == "0" and not boxed for tab, boxed in before), before
        page.mouse.click(160, 400)
        started(page)
        page.wait_for_function(
            "document.querySelectorAll('.md-typeset__scrollwrap[tabindex=\"0\"]').length > 0",
            timeout=10_000,
        )
        after = page.evaluate(
            "Array.from(document.querySelectorAll('.md-typeset table')).map("
            "t => [t.getAttribute('tabindex'), t.closest('.md-typeset__scrollwrap')"
            "?.getAttribute('tabindex')])"
        )
        # One Tab stop per table: the box, no longer the table inside it.
        assert after and all(tab is None and box == "0" for tab, box in after), after
    finally:
        context.close()
