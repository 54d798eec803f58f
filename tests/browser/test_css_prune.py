"""The pruned stylesheet (sitekit/cssprune.py) looks exactly like Material's whole one.

Each page is shot twice in Chromium at a phone's and a desktop's width (at its top, middle
and end): once as
built (the pruned ``main.<hash>.min.css``), once with that request answered by Material's
original stylesheet from the installed theme. The two pictures must match pixel for pixel,
within a small tolerance for anti-aliasing. The search box, opened with results, is compared
the same way: its classes are added by Material's script, not in the built pages.
"""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image, ImageChops

from sitekit import theme

pytestmark = pytest.mark.browser

PAGES = ("", "help/", "teachers/lesson-13-15/", "self-check/", "ru/how-it-works/", "uk/myths/")
WIDTHS = (412, 1280)
CHANNEL_TOLERANCE = 16  # per colour channel, 0-255: anti-aliasing differences
MAX_DIFFERENT = 0.0005  # share of the pixels allowed to differ by more than that
PRUNED = re.compile(r"/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css$")


@pytest.fixture(scope="module")
def original_css() -> bytes:
    return (theme.templates_dir() / theme.assets()["main_css"]).read_bytes()


@pytest.fixture(scope="module")
def pruned_css(site_dir) -> bytes:
    (found,) = site_dir.glob("assets/stylesheets/main.*.min.css")
    return found.read_bytes()


def shot(browser, url: str, width: int, css: bytes, search: str = ""):
    """The page with its main stylesheet answered by ``css`` (both shots take the same path)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        seen: list[str] = []

        def answer(route):
            seen.append(route.request.url)
            route.fulfill(status=200, content_type="text/css", body=css)

        page.route(PRUNED, answer)
        page.goto(url, wait_until="networkidle")
        assert seen, f"{url}: the page did not load a main.<hash>.min.css"
        if search:
            opener = page.locator(".md-header__button[for='__search']")
            if opener.is_visible():  # a phone: the box opens from the header's button
                opener.click()
            box = page.locator(".md-search__input")
            box.click()
            box.fill(search)
            box.press("End")
            page.locator(".md-search-result__link").first.wait_for(timeout=10_000)
            # Screenshots of the open results differ from run to run even with one stylesheet
            # (Chromium rasterises the scrolling result list differently each time), so the
            # results are compared by what the stylesheet decides: every element's computed
            # style, once two reads in a row agree.
            return settled_styles(page)
        # Viewport shots at the top, middle and end: a full-page shot resizes the window, which
        # Material's sidebar script answers at a time that varies from shot to shot.
        height = page.evaluate("document.documentElement.scrollHeight")
        shots = []
        for y in (0, height // 2, height):
            page.evaluate(f"window.scrollTo(0, {y})")
            shots.append(settled(page))
        joined = Image.new("RGB", (shots[0].width, sum(i.height for i in shots)))
        for n, image in enumerate(shots):
            joined.paste(image, (0, n * shots[0].height))
        return joined
    finally:
        context.close()


STYLE_JS = """() => [...document.querySelectorAll('.md-search__output *')].map(el => {
  const s = getComputedStyle(el);
  return [el.tagName, el.className, s.color, s.backgroundColor, s.font, s.display, s.margin,
          s.padding, s.borderTop, s.borderBottom, s.whiteSpace, s.overflow, s.textDecorationLine,
          s.visibility, s.opacity, s.width, s.height].join("|");
})"""


def settled_styles(page) -> list[str]:
    """The computed style of every element in the open search results, once stable."""
    previous = None
    for _ in range(20):
        page.wait_for_timeout(300)
        current = page.evaluate(STYLE_JS)
        if current == previous:
            break
        previous = current
    return current


def settled(page) -> Image.Image:
    """A viewport shot once two in a row agree: Material moves the sidebars after a scroll."""
    previous = None
    for _ in range(20):
        page.wait_for_timeout(300)
        current = page.screenshot()
        if current == previous:
            break
        previous = current
    return Image.open(io.BytesIO(current)).convert("RGB")


def different_share(a: Image.Image, b: Image.Image) -> float:
    assert a.size == b.size, f"page size changed: {a.size} -> {b.size}"
    diff = (
        ImageChops.difference(a, b)
        .convert("L")
        .point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0)
    )
    return diff.histogram()[255] / (a.size[0] * a.size[1])


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_pruned_stylesheet_looks_the_same(browser, base_url, original_css, pruned_css, path, width):
    url = f"{base_url}/{path}"
    share = different_share(
        shot(browser, url, width, original_css), shot(browser, url, width, pruned_css)
    )
    assert share <= MAX_DIFFERENT, f"{url} at {width}px: {share:.4%} of the pixels differ"


@pytest.mark.parametrize("width", WIDTHS)
def test_search_results_look_the_same(browser, base_url, original_css, pruned_css, width):
    url = f"{base_url}/en/"
    original = shot(browser, url, width, original_css, "snapchat")
    pruned = shot(browser, url, width, pruned_css, "snapchat")
    assert len(original) > 20, "the search results were not open"
    changed = [f"{a}\n  -> {b}" for a, b in zip(original, pruned, strict=True) if a != b]
    assert not changed, f"search at {width}px: styles differ:\n" + "\n".join(changed[:10])


def test_pages_load_a_pruned_stylesheet(site_dir, original_css):
    """The comparison above is between two different files: the build pruned Material's."""
    original = theme.assets()["main_css"]
    assert not (site_dir / original).exists(), f"{original} is still in the build"
    pruned = sorted(site_dir.glob("assets/stylesheets/main.*.min.css"))
    assert len(pruned) == 1, pruned
    assert len(pruned[0].read_bytes()) < 0.7 * len(original_css)
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert f"assets/stylesheets/{pruned[0].name}" in home
