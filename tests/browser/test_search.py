"""Material's search box on each language's pages, in Chromium, against the real site.

Queries are typed key by key into the real search input. For each language: a platform name, a
helpline number and key terms in several inflected forms (for Latvian also without diacritics)
must bring the expected page among the first results, and every result must link to a page in
the same language. Keyboard use and highlighting are checked on the way.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import DEFAULT_LANG, LANGS

from sitekit import search

pytestmark = pytest.mark.browser

FIRST = 5  # "among the first results": the first five pages listed
# language -> (query, expected page relative to the language root)
CASES: dict[str, list[tuple[str, str]]] = {
    "lv": [
        ("Snapchat", "platforms/snapchat/"),
        ("TikTok", "platforms/tiktok/"),
        ("116111", "threatened/"),
        ("vervēšana", "how-it-works/"),
        ("vervēšanas", "how-it-works/"),
        ("vervēšanu", "how-it-works/"),
        ("vervesana", "how-it-works/"),
        ("vervesanu", "how-it-works/"),
        ("cilvēku tirdzniecība", "help/"),
        ("cilvēku tirdzniecības", "help/"),
        ("cilveku tirdzniecibas", "help/"),
        ("jauniešiem", "young-people/"),
        ("jauniesi", "young-people/"),
        ("šantāža", "threatened/"),
        ("santaza", "threatened/"),
    ],
    "ru": [
        ("Snapchat", "platforms/snapchat/"),
        ("116111", "threatened/"),
        ("вербовка", "how-it-works/"),
        ("вербовки", "how-it-works/"),
        ("вербовку", "how-it-works/"),
        ("торговля людьми", "help/"),
        ("торговли людьми", "help/"),
        ("молодёжь", "young-people/"),
        ("молодежи", "young-people/"),
        ("шантаж", "threatened/"),
    ],
    "uk": [
        ("Snapchat", "platforms/snapchat/"),
        ("116111", "threatened/"),
        ("вербування", "how-it-works/"),
        ("вербуванням", "how-it-works/"),
        ("торгівля людьми", "help/"),
        ("торгівлі людьми", "help/"),
        ("допомога", "help/"),
        ("допомогу", "help/"),
        ("шантаж", "threatened/"),
        ("шантажують", "threatened/"),
    ],
    "en": [
        ("Snapchat", "platforms/snapchat/"),
        ("116111", "threatened/"),
        ("recruitment", "how-it-works/"),
        ("recruited", "how-it-works/"),
        ("grooming", "how-it-works/"),
        ("groomed", "how-it-works/"),
        ("trafficking", "help/"),
        ("traffickers", "help/"),
        ("blackmail", "threatened/"),
    ],
}
# Words of another language that must find nothing: each index holds one language only.
FOREIGN = {"lv": "торгівля", "ru": "vervēšana", "uk": "торговля", "en": "vervēšana"}

RESULT_LINKS = """els => els.map(a => a.href)"""


def root(base_url: str, lang: str) -> str:
    return f"{base_url}/" if lang == DEFAULT_LANG else f"{base_url}/{lang}/"


def page_of(url: str) -> str:
    """A result URL without its query (``?h=``) and section."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"


@pytest.fixture(scope="module")
def pages(browser, base_url: str) -> Iterator[dict]:
    """One tab per language, opened on the language's home page when first needed."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened: dict = {}

    def open_page(lang: str):
        if lang not in opened:
            page = context.new_page()
            page.goto(root(base_url, lang))
            opened[lang] = page
        return opened[lang]

    yield open_page
    context.close()


def type_query(page, query: str, lang: str, *, expect_results: bool = True) -> list[str]:
    """Type ``query`` into Material's search box; the result links once they are this query's."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=15)
    # Playwright enters letters missing from its US layout (ā, Cyrillic) without key events;
    # Material reads the box on keyup, as a reader's last keystroke gives it.
    box.press("End")
    return settled_results(page, query, lang, expect_results=expect_results)


def settled_results(page, query: str, lang: str, *, expect_results: bool = True) -> list[str]:
    """The result links, once they belong to ``query`` and stop changing.

    Results of the query's earlier keystrokes carry other terms in their ``?h=`` parameter.
    """
    wanted = set(search.tokens(query, lang))
    deadline = time.monotonic() + 10
    previous: list[str] | None = None
    while time.monotonic() < deadline:
        links = page.eval_on_selector_all(".md-search-result__link", RESULT_LINKS)
        queries = [parse_qs(urlsplit(link).query) for link in links]
        terms = {term for query in queries for term in query.get("h", [""])[0].split()}
        if (links or not expect_results) and terms <= wanted and links == previous:
            return links
        previous = links
        page.wait_for_timeout(200)
    raise AssertionError(f"no settled results for {query!r}; last links: {previous}")


@pytest.mark.parametrize(
    ("lang", "query", "expected"),
    [(lang, query, expected) for lang in LANGS for query, expected in CASES[lang]],
)
def test_query_finds_page_in_the_same_language(pages, base_url, lang, query, expected):
    page = pages(lang)
    links = type_query(page, query, lang)
    own = root(base_url, lang)
    strays = [link for link in links if not link.startswith(own)]
    if lang == DEFAULT_LANG:
        strays += [link for link in links for other in LANGS if link.startswith(f"{own}{other}/")]
    assert not strays, f"results in another language for {query!r}: {strays}"
    first = list(dict.fromkeys(page_of(link) for link in links))[:FIRST]
    assert f"{own}{expected}" in first, f"{query!r}: {own}{expected} not among {first}"


@pytest.mark.parametrize("lang", LANGS)
def test_results_highlight_the_query(pages, lang):
    page = pages(lang)
    type_query(page, "Snapchat", lang)
    marks = page.locator(".md-search-result mark").all_text_contents()
    assert marks and all(mark.lower() == "snapchat" for mark in marks), marks


@pytest.mark.parametrize("lang", LANGS)
def test_words_of_other_languages_find_nothing(pages, lang):
    page = pages(lang)
    links = type_query(page, FOREIGN[lang], lang, expect_results=False)
    assert links == [], links


def test_keyboard_search_opens_the_result_with_its_terms_highlighted(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(f"{base_url}/uk/")
        page.keyboard.press("/")
        # The "/" that loads Material's bundle (assets/site.js, themeOnDemand) is passed on to it
        # once it runs: the search box takes focus then.
        page.wait_for_function(
            "document.activeElement.classList.contains('md-search__input')", timeout=10000
        )
        page.keyboard.type("торгівлі людьми", delay=15)
        page.keyboard.press("End")
        settled_results(page, "торгівлі людьми", "uk")
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.href")
        assert focused and focused.startswith(f"{base_url}/uk/"), focused
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: page_of(url) == page_of(focused))
        page.wait_for_selector("mark[data-md-highlight]", timeout=5000)
        marks = page.locator("mark[data-md-highlight]").all_text_contents()
        assert any(mark.lower().startswith("торгівл") for mark in marks), marks
    finally:
        context.close()
