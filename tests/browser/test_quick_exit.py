"""The quick exit in Chromium: button, Shift three times, and without JavaScript.

The neutral site (``extra.quick_exit_url``) is on the internet, which tests cannot reach: its
address is answered by a stub page inside the browser. So is a stub "search results" page that
the reader comes from, so that Back has somewhere to go.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from pagecheck import WIDE_FONT

pytestmark = pytest.mark.browser

NEUTRAL_BODY = "<!doctype html><title>Neutral</title><h1 id='neutral'>Weather</h1>"
BEFORE_URL = "https://search.invalid/results"
BEFORE_BODY = "<!doctype html><title>Results</title><h1 id='before'>Search results</h1>"
PAGES = ["help/", "ru/", "en/platforms/instagram/"]


@pytest.fixture(scope="module")
def neutral_url(mkdocs_extra: dict) -> str:
    url = mkdocs_extra.get("quick_exit_url")
    assert url and urlsplit(url).scheme == "https", "extra.quick_exit_url must be an https URL"
    return url


class Visit:
    """A browser context whose only way out is to the stub pages; records what left."""

    def __init__(self, browser, neutral_url: str, *, javascript: bool = True) -> None:
        self.neutral_url = neutral_url
        self.context = browser.new_context(java_script_enabled=javascript)
        self.neutral_requests: list[dict[str, str]] = []
        self.other_requests: list[str] = []
        self.context.route(lambda url: urlsplit(url).hostname not in ("127.0.0.1",), self._route)
        self.page = self.context.new_page()

    def _route(self, route) -> None:
        url = route.request.url
        if url.rstrip("/") == self.neutral_url.rstrip("/"):
            self.neutral_requests.append(route.request.headers)
            route.fulfill(status=200, content_type="text/html", body=NEUTRAL_BODY)
        elif url == BEFORE_URL:
            route.fulfill(status=200, content_type="text/html", body=BEFORE_BODY)
        else:
            self.other_requests.append(url)
            route.abort("blockedbyclient")

    def open(self, url: str) -> None:
        """Come from the stub results page to ``url``, as a reader would."""
        self.page.goto(BEFORE_URL)
        self.page.goto(url, wait_until="load")
        assert not self.neutral_requests, "loading the page requested the neutral site"

    def assert_left(self, site_url: str) -> None:
        """On the neutral site, told nothing of where from; Back goes to where the reader came
        from, not to our page."""
        self.page.wait_for_url(lambda url: url.rstrip("/") == self.neutral_url.rstrip("/"))
        self.page.wait_for_selector("#neutral")
        assert len(self.neutral_requests) == 1
        assert "referer" not in self.neutral_requests[0], "the neutral site learnt where from"
        self.page.go_back(wait_until="load")
        assert not self.page.url.startswith(site_url), f"Back returned to {self.page.url}"
        assert self.page.url == BEFORE_URL

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, neutral_url: str) -> Iterator[Visit]:
    v = Visit(browser, neutral_url)
    yield v
    v.close()


@pytest.mark.parametrize("path", PAGES)
def test_button_leaves_and_back_does_not_return(visit: Visit, base_url: str, path: str) -> None:
    visit.open(f"{base_url}/{path}")
    visit.page.click("[data-quick-exit-link]")
    visit.assert_left(base_url)


@pytest.mark.parametrize("path", PAGES)
def test_shift_three_times_leaves(visit: Visit, base_url: str, path: str) -> None:
    visit.open(f"{base_url}/{path}")
    visit.page.keyboard.press("Shift")
    visit.page.keyboard.press("Shift")
    assert not visit.neutral_requests, "two presses of Shift must not leave yet"
    visit.page.keyboard.press("Shift")
    visit.assert_left(base_url)


def test_shift_with_other_keys_between_does_not_leave(visit: Visit, base_url: str) -> None:
    visit.open(f"{base_url}/help/")
    for key in ("Shift", "Shift", "a", "Shift"):
        visit.page.keyboard.press(key)
    visit.page.wait_for_timeout(300)
    assert not visit.neutral_requests
    assert visit.page.url == f"{base_url}/help/"


@pytest.mark.parametrize("path", PAGES)
def test_without_javascript_the_link_leaves_without_referrer(
    browser, base_url: str, neutral_url: str, path: str
) -> None:
    visit = Visit(browser, neutral_url, javascript=False)
    try:
        visit.open(f"{base_url}/{path}")
        link = visit.page.locator("[data-quick-exit-link]")
        assert link.get_attribute("href") == neutral_url
        assert "noreferrer" in (link.get_attribute("rel") or "").split()
        link.click()
        visit.page.wait_for_url(lambda url: url.rstrip("/") == neutral_url.rstrip("/"))
        visit.page.wait_for_selector("#neutral")
        assert len(visit.neutral_requests) == 1
        assert "referer" not in visit.neutral_requests[0], "the neutral site learnt where from"
    finally:
        visit.close()


THEME_BUNDLE = re.compile(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
BAND_WIDTHS = [320, 360, 390, 768, 1024, 1440, 1920]
LANG_PREFIXES = ["", "ru/", "uk/", "en/"]

# What the band may never cover: text, links and controls outside it. Returns, for the current
# scroll position, the band's box and every such element that shares pixels with the band, with
# its top in the document and whether it is pinned to the screen (fixed or sticky).
BAND_JS = """() => {
  const band = document.querySelector('.site-band');
  const b = band.getBoundingClientRect();
  const selector = 'a, button, label, input, select, textarea, summary, p, li, h1, h2, h3, h4, '
    + 'td, th, dt, dd, figcaption, strong, span';
  const hits = [];
  for (const el of document.querySelectorAll(selector)) {
    if (band.contains(el)) { continue; }
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || s.visibility === 'hidden') { continue; }
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) { continue; }
    // What is left of it to see: clipped by every ancestor that hides its overflow (a closed
    // panel of no size, a scrolled sidebar).
    let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (getComputedStyle(a).overflow === 'visible') { continue; }
      const ar = a.getBoundingClientRect();
      [left, top] = [Math.max(left, ar.left), Math.max(top, ar.top)];
      [right, bottom] = [Math.min(right, ar.right), Math.min(bottom, ar.bottom)];
    }
    if (right <= left || bottom <= top) { continue; }
    if (right <= b.left || left >= b.right || bottom <= b.top || top >= b.bottom) {
      continue;
    }
    let pinned = false;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const p = getComputedStyle(a).position;
      if (p === 'fixed' || p === 'sticky') { pinned = true; break; }
    }
    hits.push({html: el.outerHTML.slice(0, 90), top: r.top + scrollY, pinned: pinned});
  }
  return {
    band: {left: b.left, right: b.right, top: b.top, bottom: b.bottom, height: b.height},
    viewport: innerWidth,
    max: document.documentElement.scrollHeight - innerHeight,
    hits: hits,
  };
}"""


def _longest_page(site_dir, prefix: str) -> str:
    """The path of the language's longest reader page (by the size of its built HTML)."""
    from conftest import html_pages, page_lang

    lang = prefix.rstrip("/") or "lv"
    pages = [p for p in html_pages(site_dir) if page_lang(site_dir, p) == lang]
    longest = max(pages, key=lambda p: p.stat().st_size)
    rel = longest.relative_to(site_dir).as_posix()
    return rel.removesuffix("index.html")


@pytest.mark.parametrize("font", ["system", "wide"])
@pytest.mark.parametrize("width", BAND_WIDTHS)
@pytest.mark.parametrize("prefix", LANG_PREFIXES)
def test_band_covers_no_text_link_or_control(
    browser, base_url: str, site_dir, prefix: str, width: int, font: str
) -> None:
    """The quick-exit band is a strip of its own across the top: at the top, the middle and the
    end of the home page and of the longest page, it spans the width, stays at the top, keeps its
    height, and nothing that is not scrolled past lies under it. With the system fonts and with a
    wide font, so the result does not depend on the fonts a machine has."""
    problems: list[str] = []
    # Material's bundle loads at the first interaction (a scroll is one): each page is checked
    # before it (the bundle held back, so scrolling cannot start it midway) and after it.
    for theme, path in itertools.product(
        ("lazy", "started"), (prefix, _longest_page(site_dir, prefix))
    ):
        page = browser.new_page(viewport={"width": width, "height": 740})
        try:
            if theme == "lazy":
                page.route(THEME_BUNDLE, lambda route: route.abort())
            page.goto(f"{base_url}/{path}", wait_until="load")
            if font == "wide":
                page.add_style_tag(content=WIDE_FONT)
            if theme == "started":
                page.mouse.wheel(0, 1)
                page.wait_for_function("() => document.documentElement.classList.contains('js')")
                page.wait_for_load_state("networkidle")
                page.evaluate("window.scrollTo(0, 0)")
            top = page.evaluate(BAND_JS)
            height = top["band"]["height"]
            for where in ("top", "middle", "end"):
                target = {"top": 0, "middle": top["max"] // 2, "end": top["max"]}[where]
                page.evaluate(f"window.scrollTo(0, {target})")
                seen = page.evaluate(BAND_JS)
                band = seen["band"]
                label = f"/{path} {where} ({theme} theme)"
                if band["left"] > 0 or band["right"] < seen["viewport"] or band["top"] != 0:
                    problems.append(f"{label}: the band is not a strip across the top: {band}")
                if abs(band["height"] - height) > 0.5:
                    problems.append(f"{label}: the band changed height while scrolling")
                for hit in seen["hits"]:
                    # Under the band lies only what the reader has scrolled past: content that
                    # starts below the strip the band owns at the top of the document.
                    if hit["top"] < height - 0.5 or hit["pinned"]:
                        problems.append(f"{label}: the band covers {hit['html']}")
            if theme == "lazy":
                assert "js" not in page.evaluate("document.documentElement.className").split()
            assert top["max"] > 0, "the longest page must scroll"
        finally:
            page.close()
    assert not problems, f"at {width}px ({font} font):\n" + "\n".join(problems)


def test_band_check_can_fail(browser, base_url: str) -> None:
    """The check above finds an element that the band covers (a floating button would)."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(f"{base_url}/", wait_until="load")
        page.add_style_tag(content=".site-band { position: fixed; top: 0; left: 0; right: 0; }")
        seen = page.evaluate(BAND_JS)
    finally:
        page.close()
    assert [hit for hit in seen["hits"] if hit["top"] < seen["band"]["height"] - 0.5]


def test_band_check_finds_a_pinned_element_under_the_band(browser, base_url: str) -> None:
    """... and a header that sticks under the band while the page scrolls."""
    page = browser.new_page(viewport={"width": 360, "height": 740})
    try:
        page.goto(f"{base_url}/help/", wait_until="load")
        page.add_style_tag(content=".md-header { position: sticky; top: 0; }")
        page.evaluate("window.scrollTo(0, 1500)")
        seen = page.evaluate(BAND_JS)
    finally:
        page.close()
    assert [hit for hit in seen["hits"] if hit["pinned"]]


@pytest.mark.parametrize("width", [360, 1280])
def test_band_names_the_childline_and_hides_shift_on_phones(
    browser, base_url: str, width: int
) -> None:
    """The band carries 116111 with its name in the page's language; the Shift hint is shown only
    where there is a keyboard (not on a touch phone)."""
    phone = width < 700
    context = browser.new_context(
        viewport={"width": width, "height": 740}, has_touch=phone, is_mobile=phone
    )
    try:
        page = context.new_page()
        page.goto(f"{base_url}/ru/", wait_until="load")
        help_link = page.locator(".site-band__help")
        assert help_link.get_attribute("href") == "tel:116111"
        assert "для детей" in help_link.inner_text()
        assert help_link.is_visible()
        assert page.locator(".quick-exit__hint").is_visible() is not phone
        note = page.locator("#quick-exit-note").inner_text()
        assert "историю" in note.lower()
        described = page.locator("[data-quick-exit-link]").get_attribute("aria-describedby")
        assert described == "quick-exit-note"
    finally:
        context.close()


def test_exit_does_not_clear_earlier_pages_from_history(visit: Visit, base_url: str) -> None:
    """What the site tells readers: the exit replaces only the page it is pressed on. After three
    pages of the site, Back from the neutral site still returns to the second one."""
    visit.open(f"{base_url}/")
    visit.page.goto(f"{base_url}/help/", wait_until="load")
    visit.page.goto(f"{base_url}/parents/", wait_until="load")
    visit.page.click("[data-quick-exit-link]")
    visit.page.wait_for_url(lambda url: url.rstrip("/") == visit.neutral_url.rstrip("/"))
    visit.page.go_back(wait_until="load")
    assert visit.page.url == f"{base_url}/help/"
    visit.page.go_back(wait_until="load")
    assert visit.page.url == f"{base_url}/"
