"""Spelling: every word of every built page and of the data files is known to Debian's Hunspell
dictionaries (lv, ru, uk, en) or to the project's word lists (data/spelling/<lang>.txt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT
from site_text import data_text, site_segments

from sitekit import spelling
from sitekit.errors import SiteDataError
from sitekit.pagetext import Segment, html_segments, words

WORD_LISTS = ROOT / "data" / "spelling"


@pytest.fixture(scope="module")
def hunspell() -> None:
    """Hunspell with the four dictionaries; skipped outside CI when missing."""
    reason = spelling.missing()
    if reason is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}: CI must install it (.ci/run)")
    pytest.skip(f"{reason}; install them to run the spelling check")


def _report(unknown: list[spelling.Unknown]) -> str:
    return (
        f"{len(unknown)} unknown word(s): correct the text, or add a name or term (never a "
        f"misspelling) to data/spelling/<lang>.txt\n" + "\n".join(u.describe() for u in unknown)
    )


def test_data_files_are_spelt_correctly(hunspell: None) -> None:
    unknown = spelling.check(data_text(), spelling.load_word_lists(WORD_LISTS))
    assert not unknown, _report(unknown)


def test_every_page_is_spelt_correctly(hunspell: None, site_dir: Path) -> None:
    unknown = spelling.check(site_segments(site_dir), spelling.load_word_lists(WORD_LISTS))
    assert not unknown, _report(unknown)


def test_misspellings_are_found_in_each_language_with_a_suggestion(hunspell: None) -> None:
    segments = [
        Segment("lv", "Bērns stāsta par draudiem un izspiešanu. Sazinies ar policjiu.", "lv/a"),
        Segment("ru", "Ребёнок рассказал об угрозах. Позвоните в полицею.", "ru/b"),
        Segment("uk", "Дитина розповіла про погрози. Зателефонуй до поліціі.", "uk/c"),
        Segment("en", "The child told you about the threats. Call the pollice.", "en/d"),
        Segment("ru", "Латышское слово на русской странице: Valsts policija.", "ru/e"),
        # Ukrainian on a Russian page without lang="uk" is checked as Russian.
        Segment("ru", "Зателефонуй", "ru/f"),
    ]
    unknown = {u.word: u for u in spelling.check(segments, {})}
    assert set(unknown) == {"policjiu", "полицею", "поліціі", "pollice", "Зателефонуй"}
    assert unknown["policjiu"].places == ("lv/a",)
    assert "policiju" in unknown["policjiu"].suggestions
    assert "полицию" in unknown["полицею"].suggestions
    assert "ru/f" in unknown["Зателефонуй"].describe()


def test_word_lists_accept_their_words_and_capitalised_lower_case_entries(
    hunspell: None,
) -> None:
    segments = [Segment("lv", "Skalbes un skalbes, NCMEC, ncmec, Ncmecs", "lv/a")]
    lists = {"lv": frozenset({"skalbes", "NCMEC"})}
    assert [u.word for u in spelling.check(segments, lists)] == ["ncmec", "Ncmecs"]


def test_lang_attributes_choose_the_dictionary_and_code_urls_numbers_are_skipped(
    hunspell: None,
) -> None:
    html = (
        '<html lang="ru"><body><p>Текст <span lang="uk">Українська мова</span> '
        "<code>npm ci --frobnicate</code> https://exampel.lv/xyzzy qwxz@exampel.lv 116111 "
        '<img alt="Картинка"></p><script>var nonsenseword;</script></body></html>'
    )
    segments = html_segments(html, "ru", "ru/x")
    assert [s.lang for s in segments] == ["ru", "uk", "ru"]
    assert "Картинка" in " ".join(s.text for s in segments)
    assert not spelling.check(segments, {})
    assert list(words("8.A3 h2 д’Артаньян don’t")) == ["д’Артаньян", "don’t"]
    assert not list(words("poster-young-a4-ru.pdf social-1080x1350px-uk.png"))
    assert list(words("с 40-й минуты, 2-е занятие, почувався(-лася)")) == [
        "с",
        "минуты",
        "занятие",
        "почувався",
    ]


def test_badly_nested_markup_hides_no_text() -> None:
    html = (
        '<html lang="lv"><p>Pirms <code><b>kods</code> pēc <span lang="ru">русский <i>текст'
        "</span> atkal <li>viens<li>divi</p><script>never()</script> beigas</html>"
    )
    segments = html_segments(html, "lv", "x")
    text: dict[str, str] = {}
    for segment in segments:
        text[segment.lang] = " ".join((text.get(segment.lang, "") + segment.text).split())
    assert "kods" not in text["lv"] and "pēc" in text["lv"] and "beigas" in text["lv"]
    assert "atkal" in text["lv"] and "never" not in text["lv"]
    assert text["ru"] == "русский текст"


@pytest.mark.parametrize(
    ("text", "problem"),
    [("two words\n", "more than one word"), ("Skalbes\n# note\nSkalbes\n", "listed twice")],
)
def test_word_list_mistakes_name_the_file_and_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "lv.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteDataError, match=problem) as caught:
        spelling.load_word_list(path)
    assert caught.value.line in (1, 3)


def test_the_word_lists_load() -> None:
    lists = spelling.load_word_lists(WORD_LISTS)
    assert all(lists[lang] for lang in spelling.DICTIONARIES), "each language has a word list"


def test_a_missing_dictionary_or_hunspell_is_reported(
    hunspell: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(spelling.DICTIONARIES, "lv", "xx_XX")
    assert "xx_XX not found" in (spelling.missing() or "")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert "hunspell not found" in (spelling.missing() or "")
