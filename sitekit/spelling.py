"""Spelling of the site's text with Hunspell and Debian's dictionaries, plus project word lists.

Which dictionary checks a word depends on its script and on the language of the text around it
(``sitekit.pagetext.Segment.lang``):

- a Cyrillic word in Russian or Ukrainian text: that language's dictionary;
- a Cyrillic word elsewhere (a Russian name on a Latvian page): Russian or Ukrainian;
- a word in Latin script: Latvian or English, whatever the page's language, because Latvian
  pages cite English sources and app menus and English pages name Latvian institutions.
  Suggestions come from the page's own language where it is written in Latin script.

A word is also accepted when the word list of one of those languages has it
(``data/spelling/<lang>.txt``, one word a line, ``#`` starts a comment). A list entry in lower
case accepts the word capitalised too ("skalbes" accepts "Skalbes"); an entry with capitals
accepts only itself; "NCMEC's" counts as listed when "NCMEC" is. Hunspell runs once per
dictionary with all the words (``hunspell -L``); only the words left unknown get suggestions
(slower, ``hunspell -a``).
"""

from __future__ import annotations

import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitekit.errors import SiteDataError
from sitekit.pagetext import Segment, is_cyrillic, words

DICTIONARIES = {"lv": "lv_LV", "ru": "ru_RU", "uk": "uk_UA", "en": "en_GB"}
DEBIAN_PACKAGES = "hunspell hunspell-lv hunspell-ru hunspell-uk hunspell-en-gb"
MAX_SUGGESTED = 40  # suggestions are slow (Latvian: about 0.1 s a word); the rest get none


@dataclass(frozen=True)
class Unknown:
    """A word no dictionary and no word list knows, with where it occurs."""

    word: str
    languages: tuple[str, ...]
    places: tuple[str, ...]
    suggestions: tuple[str, ...]

    def describe(self) -> str:
        hint = ", ".join(self.suggestions[:4]) or "no suggestion"
        more = f" (+{len(self.places) - 3} more)" if len(self.places) > 3 else ""
        where = ", ".join(self.places[:3]) + more
        return f"{'/'.join(self.languages)} {self.word!r} in {where}: did you mean {hint}?"


def missing() -> str | None:
    """Why the check cannot run here (Hunspell or a dictionary missing), or None."""
    if shutil.which("hunspell") is None:
        return f"hunspell not found (Debian packages: {DEBIAN_PACKAGES})"
    for dic in DICTIONARIES.values():
        result = subprocess.run(
            ["hunspell", "-L", "-d", dic], input="", capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or "Can't open" in result.stderr:
            return f"Hunspell dictionary {dic} not found (Debian packages: {DEBIAN_PACKAGES})"
    return None


def load_word_list(path: Path) -> frozenset[str]:
    """A project word list: one word a line, ``#`` comments; a line with spaces, a word
    given twice or a file that is not UTF-8 is a :class:`SiteDataError` naming the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return frozenset()
    except UnicodeDecodeError as exc:
        raise SiteDataError(path, f"not UTF-8 ({exc.reason})", "save it as UTF-8") from None
    seen: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        word = line.split("#", 1)[0].strip()
        if not word:
            continue
        if any(ch.isspace() for ch in word):
            raise SiteDataError(
                path, f"{word!r} is more than one word", "put each word on its own line", number
            )
        if word in seen:
            raise SiteDataError(
                path, f"{word!r} is listed twice (line {seen[word]})", "delete one", number
            )
        seen[word] = number
    return frozenset(seen)


def load_word_lists(folder: Path) -> dict[str, frozenset[str]]:
    """The word list of every site language in ``folder`` (``<lang>.txt``; missing: empty)."""
    return {lang: load_word_list(folder / f"{lang}.txt") for lang in DICTIONARIES}


def _listed(word: str, listed: frozenset[str]) -> bool:
    for suffix in ("'s", "’s"):  # English possessive: "NCMEC's" when NCMEC is listed
        if word.endswith(suffix) and _listed(word[: -len(suffix)], listed):
            return True
    if word in listed:
        return True
    lower = word.lower()
    return lower in listed and word == lower[:1].upper() + lower[1:]


def languages_for(word: str, lang: str) -> tuple[str, ...]:
    """The dictionaries that may accept ``word`` written in ``lang`` text, first the one
    whose suggestions to show."""
    if is_cyrillic(word):
        return (lang,) if lang in ("ru", "uk") else ("ru", "uk")
    return ("en", "lv") if lang == "en" else ("lv", "en")


def _hunspell(args: list[str], dic: str, lines: Iterable[str]) -> str:
    result = subprocess.run(
        ["hunspell", *args, "-i", "utf-8", "-d", DICTIONARIES[dic]],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"hunspell -d {DICTIONARIES[dic]} failed: {result.stderr.strip()}")
    return result.stdout


def _rejected(dic: str, candidates: set[str]) -> set[str]:
    """The words Hunspell's ``dic`` does not accept (one word a line; ``-L`` prints lines
    with a misspelling, so a word Hunspell splits still maps back to itself)."""
    if not candidates:
        return set()
    return set(_hunspell(["-L"], dic, sorted(candidates)).splitlines()) & candidates


def _suggestions(dic: str, unknown: list[str]) -> dict[str, tuple[str, ...]]:
    out = _hunspell(["-a"], dic, (f"^{word}" for word in unknown))
    found: dict[str, tuple[str, ...]] = {}
    for line in out.splitlines():
        if line.startswith("& "):
            head, _, tail = line.partition(": ")
            found[head.split()[1]] = tuple(s.strip() for s in tail.split(","))
    return found


def check(segments: Iterable[Segment], lists: dict[str, frozenset[str]]) -> list[Unknown]:
    """Every word of ``segments`` that neither Hunspell nor the word lists know."""
    places: dict[tuple[tuple[str, ...], str], dict[str, None]] = defaultdict(dict)
    for segment in segments:
        for word in words(segment.text):
            places[(languages_for(word, segment.lang), word)][segment.where] = None
    left: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for langs, word in places:
        if not any(_listed(word, lists.get(lang, frozenset())) for lang in langs):
            left[langs].add(word)
    unknown: list[Unknown] = []
    for langs, candidates in sorted(left.items()):
        rejected = candidates
        for lang in sorted(set(langs)):
            rejected = _rejected(lang, rejected)
        ordered = sorted(rejected, key=str.lower)
        hints = _suggestions(langs[0], ordered[:MAX_SUGGESTED]) if ordered else {}
        unknown.extend(
            Unknown(word, langs, tuple(places[(langs, word)]), hints.get(word, ()))
            for word in ordered
        )
    return unknown
