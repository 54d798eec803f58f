"""Search starts when the reader opens it, not at load (issue 18).

A reader who never searches loads no search index and no search worker: the home page of each
language is loaded and left idle, and its requests are recorded. Opening the search box (a
click, or the "/" key) then fetches that language's index and starts the worker, and a query
finds its page. A page reached from a search result (``?h=``) loads the index at once, for
Material's highlighting of the terms.
"""

from __future__ import annotations

import re

import pytest
from conftest import DEFAULT_LANG, LANGS

pytestmark = pytest.mark.browser

SEARCH_REQUEST = re.compile(r"search_index\.json|/workers/search\.[0-9a-f]+\.min\.js")
IDLE_MS = 1500  # after the network is idle: long enough for Material to have started search


def root(base_url: str, lang: str) -> str:
    return f"{base_url}/" if lang == DEFAULT_LANG else f"{base_url}/{lang}/"


def index_url(base_url: str, lang: str) -> str:
    return f"{root(base_url, lang)}search/search_index.json"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 412, "height": 823})
    yield context
    context.close()


def load(context, url: str) -> tuple[object, list[str]]:
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(IDLE_MS)
    return page, requests


@pytest.mark.parametrize("lang", LANGS)
def test_no_search_request_until_the_search_box_is_opened(context, base_url, lang):
    page, requests = load(context, root(base_url, lang))
    assert page.evaluate("document.documentElement.classList.contains('site-lazy')"), (
        "site.js did not run"
    )
    early = [url for url in requests if SEARCH_REQUEST.search(url)]
    assert early == [], f"search requested at load: {early}"

    with page.expect_request(index_url(base_url, lang)):
        page.locator("label.md-search__icon, label[for='__search']").first.click()
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("snapchat", delay=15)
    box.press("End")
    link = page.locator(".md-search-result__link").first
    link.wait_for(timeout=10_000)
    assert "/platforms/snapchat/" in link.get_attribute("href")
    assert any(re.search(r"/workers/search\.", url) for url in requests), requests


def test_the_search_key_opens_search_and_starts_it(context, base_url):
    page, requests = load(context, root(base_url, "en"))
    assert not [url for url in requests if SEARCH_REQUEST.search(url)]
    with page.expect_request(index_url(base_url, "en")):
        page.keyboard.press("/")
    page.wait_for_function(
        "document.activeElement.classList.contains('md-search__input')", timeout=10_000
    )


def test_a_page_reached_from_a_result_loads_the_index_for_highlighting(context, base_url):
    page, requests = load(context, f"{base_url}/en/help/?h=trafficking")
    assert index_url(base_url, "en") in requests
    page.wait_for_selector("mark[data-md-highlight]", state="attached", timeout=5000)
    marks = page.locator("mark[data-md-highlight]").all_text_contents()
    assert any(mark.lower().startswith("traffick") for mark in marks), marks[:10]
