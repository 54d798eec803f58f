"""What a reader sees on a helpline card: facts or nothing, never an editor's note."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import LANGS, ROOT, html_pages
from test_hostile_data import TODAY, edited

from sitekit import data
from sitekit.errors import SiteDataError

HELPLINES = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
# Editors' wording that must never reach a reader, in every language.
EDITOR_NOTES = re.compile(
    r"not stated in the source|not confirmed|nav norādīt|nav apstiprināt|не указан|"
    r"не подтвержден|не зазначен|не підтверджен|last verified|pēdējoreiz pārbaudīt",
    re.IGNORECASE,
)


def test_no_card_on_any_page_carries_an_editors_note(site_dir: Path) -> None:
    found = []
    for page in html_pages(site_dir):
        html = page.read_text(encoding="utf-8")
        for card in re.findall(r'<section class="helpline".*?</section>', html, re.S):
            match = EDITOR_NOTES.search(card)
            if match:
                found.append(f"{page.relative_to(site_dir)}: {match.group(0)!r}")
    assert not found, "\n".join(found[:20])


def test_languages_are_named_on_the_card(site_dir: Path) -> None:
    html = (site_dir / "ru/help/index.html").read_text(encoding="utf-8")
    card = re.search(r'<section class="helpline"[^>]*id="helpline-crisis".*?</section>', html, re.S)
    assert card and "латышский, русский, английский" in card.group(0)


@pytest.mark.parametrize(
    ("value", "problem"),
    [('"23-02"', "not a year"), ('"2099"', "in the future"), ("2023", "not a year")],
)
def test_published_must_be_a_past_date_in_quotes(tmp_path: Path, value: str, problem: str) -> None:
    path = tmp_path / "helplines.yml"
    path.write_text(edited(HELPLINES, 'published: "2021"', f"published: {value}"), "utf-8")
    with pytest.raises(SiteDataError, match=problem):
        data.load_helplines(path, LANGS, today=TODAY)


def test_hours_and_cost_may_be_left_out_but_not_empty(tmp_path: Path) -> None:
    entries = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    assert entries["police"].as_context("lv")["hours"] is None
    path = tmp_path / "helplines.yml"
    empty = HELPLINES.replace(
        "    cost:\n      lv: Bez maksas no jebkura tālruņa", "    cost:\n      lv: ''", 1
    )
    assert empty != HELPLINES
    path.write_text(empty, "utf-8")
    with pytest.raises(SiteDataError, match="cost"):
        data.load_helplines(path, LANGS, today=TODAY)
