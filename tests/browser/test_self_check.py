"""The "Is this OK?" self-check in Chromium, in every language.

What the reader is promised: yes/no answers show the matching explanations and the help; no
score and no "you are safe"; nothing leaves the browser or is kept (no request, no storage, no
cookie, no change of address or history); it works with the keyboard alone; and without
JavaScript every statement and explanation is readable as a list.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

pytestmark = pytest.mark.browser

PAGES = {
    "lv": "/self-check/",
    "ru": "/ru/self-check/",
    "uk": "/uk/self-check/",
    "en": "/en/self-check/",
}
# Words a score or a reassurance would use, per language (checked in the result, in every state).
NOT_IN_RESULT = {
    "lv": r"punkt|rezultāt|drošīb|droš[sa]\b|viss kārtībā\.",
    "ru": r"балл|очк|результат|безопасн|в безопасности",
    "uk": r"бал[іиа]?\b|результат|безпеч|безпец|безпек",
    "en": r"score|points?\b|result|\bsafe\b|safety",
}
HELP = ("childline", "emergency", "police")
YES = (0, 3, 8)  # secret chats, asks for pictures, angry or threatening at "no"
ROOT = "[data-self-check]"


class Visit:
    """A fresh browser context on one self-check page; records console errors and requests."""

    def __init__(self, browser, base_url: str, path: str, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.context.route(
            lambda url: not url.startswith(base_url), lambda route: route.abort("blockedbyclient")
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.goto(base_url + path, wait_until="networkidle")
        if javascript:
            # Material's bundle loads at the first interaction (assets/site.js): let it load
            # first, so that what is recorded below is what the self-check itself asks for.
            self.page.mouse.wheel(0, 1)
            self.page.wait_for_function("() => document.documentElement.classList.contains('js')")
            self.page.wait_for_load_state("networkidle")
        self.requests: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))

    def items(self):
        return self.page.locator(f"{ROOT} ol > li")

    def answer(self, index: int, value: str) -> None:
        self.items().nth(index).locator(f'input[type="radio"][value="{value}"]').check()

    def explanation_visible(self, index: int) -> bool:
        return self.items().nth(index).locator(".self-check__explanation").is_visible()

    def result_text(self) -> str:
        return self.page.locator(f"{ROOT} .self-check__result").inner_text()

    def status(self) -> str:
        return self.page.locator(f'{ROOT} [role="status"]').inner_text().strip()

    def template(self, name: str) -> str:
        loc = self.page.locator(f'{ROOT} [data-self-check-message="{name}"]')
        return loc.evaluate("el => el.textContent").strip()

    def private_state(self) -> dict:
        return self.page.evaluate(
            """() => ({url: location.href, history: history.length, cookie: document.cookie,
                       local: localStorage.length, session: sessionStorage.length})"""
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, base_url: str) -> Iterator:
    opened: list[Visit] = []

    def open_page(lang: str, *, javascript: bool = True) -> Visit:
        v = Visit(browser, base_url, PAGES[lang], javascript=javascript)
        opened.append(v)
        return v

    yield open_page
    for v in opened:
        v.close()


def no_score_or_reassurance(lang: str, text: str) -> None:
    assert not re.search(r"\d", text), (
        f"{lang}: a number in the result looks like a score: {text!r}"
    )
    found = re.search(NOT_IN_RESULT[lang], text, re.IGNORECASE)
    assert not found, f"{lang}: the result says {found.group(0)!r}: {text!r}"


def static_items(page) -> list[dict]:
    """Statements and explanations as the list shows them without JavaScript."""
    return page.eval_on_selector_all(
        f"{ROOT} ol > li",
        """items => items.map(li => {
            const statement = li.querySelector('.self-check__statement');
            const rest = [...li.children].filter(el => el !== statement);
            return {statement: statement ? statement.innerText.trim() : '',
                    explanation: rest.map(el => el.innerText.trim()).join('\\n').trim()};
        })""",
    )


@pytest.mark.parametrize("lang", PAGES)
def test_without_javascript_everything_is_a_readable_list(visit, lang: str) -> None:
    v = visit(lang, javascript=False)
    items = static_items(v.page)
    assert 8 <= len(items) <= 10, f"{lang}: {len(items)} statements, expected 8 to 10"
    for n, item in enumerate(items, 1):
        assert item["statement"], f"{lang}: statement {n} is empty"
        assert len(item["explanation"]) > 40, f"{lang}: statement {n} has no explanation"
    for li in v.items().all():
        assert li.locator(".self-check__statement").is_visible()
        for paragraph in li.locator("p").all():
            assert paragraph.is_visible(), f"{lang}: hidden text without JavaScript"
    assert v.page.locator(f'{ROOT} input, {ROOT} [role="status"]').count() == 0
    # The JavaScript-only texts (instructions, result messages) stay out of the way.
    assert v.page.locator("[data-self-check-js-only]").is_hidden()
    for name in ("some", "none", "recap"):
        assert v.page.locator(f'[data-self-check-message="{name}"]').is_hidden()
    for helpline in HELP:
        assert v.page.locator(f"#helpline-{helpline}").is_visible()


@pytest.mark.parametrize("lang", PAGES)
def test_yes_shows_the_matching_explanations_and_help(visit, browser, base_url, lang) -> None:
    plain = Visit(browser, base_url, PAGES[lang], javascript=False)
    expected = static_items(plain.page)
    plain.close()

    v = visit(lang)
    before = v.private_state()
    count = v.items().count()
    assert count == len(expected)
    # Each statement is a fieldset with its statement as the legend and two labelled radios.
    for n in range(count):
        item = v.items().nth(n)
        assert (
            item.locator("fieldset legend").inner_text().strip().endswith(expected[n]["statement"])
        )
        assert item.get_by_role("radio").count() == 2
        assert not v.explanation_visible(n), f"{lang}: explanation {n + 1} shown before an answer"
    assert v.status() == ""
    no_score_or_reassurance(lang, v.result_text())

    for n in range(count):
        v.answer(n, "yes" if n in YES else "no")
    for n in range(count):
        assert v.explanation_visible(n) == (n in YES), f"{lang}: explanation {n + 1}"
        if n in YES:
            shown = v.items().nth(n).locator(".self-check__explanation").inner_text().strip()
            assert shown == expected[n]["explanation"]
    assert v.status() == v.template("some") != ""
    recap = v.page.locator(f"{ROOT} .self-check__recap li").all_inner_texts()
    assert recap == [expected[n]["statement"] for n in YES]
    no_score_or_reassurance(lang, v.result_text())
    for helpline in HELP:
        assert v.page.locator(f"#helpline-{helpline}").is_visible()

    # "No" to everything: no explanation, and a message that does not reassure.
    for n in YES:
        v.answer(n, "no")
    assert not any(v.explanation_visible(n) for n in range(count))
    assert v.status() == v.template("none") != ""
    assert v.page.locator(f"{ROOT} .self-check__recap").is_hidden()
    no_score_or_reassurance(lang, v.result_text())

    assert v.requests == [], f"{lang}: requests after load: {v.requests}"
    assert v.private_state() == before
    assert before["cookie"] == "" and before["local"] == 0 and before["session"] == 0
    assert v.errors == []


@pytest.mark.parametrize("lang", PAGES)
def test_keyboard_only(visit, lang: str) -> None:
    v = visit(lang)
    before = v.private_state()
    first = v.items().nth(0).locator('input[value="yes"]')
    v.page.locator("h1").click()  # start from the top of the text, as a reader would
    for _ in range(120):
        v.page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail(f"{lang}: Tab never reached the first answer")
    v.page.keyboard.press("Space")
    assert first.is_checked()
    assert v.explanation_visible(0)

    # Tab leaves the group for the next one (the explanation shown has no links).
    v.page.keyboard.press("Tab")
    second_yes = v.items().nth(1).locator('input[value="yes"]')
    second_no = v.items().nth(1).locator('input[value="no"]')
    assert second_yes.evaluate("el => el === document.activeElement")
    v.page.keyboard.press("ArrowRight")
    assert second_no.is_checked() and not v.explanation_visible(1)
    v.page.keyboard.press("ArrowLeft")
    assert second_yes.is_checked() and v.explanation_visible(1)
    assert v.status() == v.template("some")
    assert v.requests == []
    assert v.private_state() == before


def test_answers_are_gone_after_leaving(visit, base_url: str) -> None:
    v = visit("en")
    v.answer(0, "yes")
    v.page.goto(base_url + "/en/help/", wait_until="load")
    v.page.go_back(wait_until="load")
    assert v.page.locator(f"{ROOT} input:checked").count() == 0
    assert not v.explanation_visible(0)


def test_other_pages_are_left_alone(browser, base_url: str) -> None:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/en/young-people/", wait_until="load")
    assert page.locator(".self-check__option, .self-check__result").count() == 0
    assert page.locator("fieldset").count() == 0
    assert errors == []
    context.close()
