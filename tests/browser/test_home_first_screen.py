"""The home page's first screen on a 360 × 640 phone, in every language: the reader's situations
as large tap targets, the other languages by name, and urgent help (112 and 116111), all visible
without scrolling."""

from __future__ import annotations

import pytest
from conftest import DEFAULT_LANG, LANGS
from pagecheck import NOT_LOCAL, WIDE_FONT

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 640
TARGETS = ("threatened/", "young-people/", "parents/", "teachers/")
NAMES = {"lv": "Latviešu", "ru": "Русский", "uk": "Українська", "en": "English"}
MIN_TAP = 44  # px, WCAG 2.5.5 (the site aims at 48 for the situations)


def _boxes(page, selector: str) -> list[dict]:
    return page.eval_on_selector_all(
        selector,
        """els => els.map(el => { const r = el.getBoundingClientRect();
            return {href: el.getAttribute('href'), text: el.textContent.trim(), top: r.top,
                    bottom: r.bottom, height: r.height, width: r.width}; })""",
    )


@pytest.mark.parametrize("font", ["system", "wide"])
@pytest.mark.parametrize("lang", LANGS)
def test_first_screen_speaks_to_the_reader(browser, base_url: str, lang: str, font: str) -> None:
    """With the machine's fonts and with a deliberately wide one, so that the result does not
    depend on the fonts installed."""
    context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
    context.route(NOT_LOCAL, lambda route: route.abort("blockedbyclient"))
    page = context.new_page()
    page.goto(f"{base_url}/{'' if lang == DEFAULT_LANG else lang + '/'}", wait_until="load")
    if font == "wide":
        page.add_style_tag(content=WIDE_FONT)

    situations = _boxes(page, ".situations a")
    assert [s["href"].split("#")[0].removesuffix("index.html") for s in situations] == list(
        TARGETS
    ), situations
    for box in situations:
        assert box["bottom"] <= HEIGHT, f"{box['text']!r} is below the first screen"
        assert box["height"] >= 48 and box["width"] >= WIDTH - 60, box

    languages = _boxes(page, ".home-languages a")
    assert sorted(b["text"] for b in languages) == sorted(
        name for code, name in NAMES.items() if code != lang
    )
    for box in languages:
        assert box["bottom"] <= HEIGHT, f"{box['text']!r} is below the first screen"
        assert box["height"] >= MIN_TAP, box

    urgent = {b["href"] for b in _boxes(page, "a[href^='tel:']") if b["bottom"] <= HEIGHT}
    assert {"tel:112", "tel:116111"} <= urgent, urgent
    context.close()
