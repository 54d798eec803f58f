"""The quick exit in Chromium: button, Shift three times, and without JavaScript.

The neutral site (``extra.quick_exit_url``) is on the internet, which tests cannot reach: its
address is answered by a stub page inside the browser. So is a stub "search results" page that
the reader comes from, so that Back has somewhere to go.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

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


@pytest.mark.parametrize("width", [360, 1024, 1220, 1280, 1440])
@pytest.mark.parametrize("path", ["", "ru/", "uk/", "en/"])
def test_button_covers_no_link_or_control(browser, base_url: str, width: int, path: str) -> None:
    """The fixed button sits over the header and the help strip at the top of the page."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{base_url}/{path}", wait_until="load")
        covered = page.evaluate(
            """() => {
              const q = document.querySelector('.quick-exit__button').getBoundingClientRect();
              const quickExit = document.querySelector('.quick-exit');
              return [...document.querySelectorAll('a, button, label, input')]
                .filter(el => !quickExit.contains(el))
                .filter(el => {
                  const r = el.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'
                    && r.right > q.left && r.left < q.right && r.bottom > q.top && r.top < q.bottom;
                })
                .map(el => el.outerHTML.slice(0, 80));
            }"""
        )
    finally:
        page.close()
    assert not covered, f"at {width}px the quick exit covers: {covered}"
