"""The text readers see, per language: from built HTML pages and from the data files.

Used by the glossary and spelling checks (``sitekit.glossary``, ``sitekit.spelling``). A page's
text is split into :class:`Segment` s, each in the language of its nearest ``lang`` attribute
(``<html lang="ru">``, ``<span lang="lv">``); scripts, styles, code and SVG are left out, and
the attributes readers meet (``alt``, ``title``, ``aria-label``, ``placeholder``) are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

from sitekit import yamlio

# Elements whose content is not prose: left out with everything inside them.
SKIP = frozenset({"script", "style", "code", "pre", "kbd", "samp", "svg", "math", "template"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes whose values readers see or hear.
TEXT_ATTRS = ("alt", "title", "aria-label", "placeholder")
# Elements that break words apart (text in one is not glued to text in the next).
BLOCKS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "td", "th", "tr", "table", "h1", "h2", "h3", "h4", "h5"),
        *("h6", "section", "article", "nav", "header", "footer", "main", "aside", "label"),
        *("button", "option", "select", "dt", "dd", "blockquote", "figcaption", "summary", "a"),
    }
)


@dataclass(frozen=True)
class Segment:
    """A run of text in one language; ``where`` names its page or file (and line)."""

    lang: str
    text: str
    where: str


class _Extractor(HTMLParser):
    def __init__(self, default: str) -> None:
        super().__init__(convert_charrefs=True)
        self.langs: list[tuple[str, str]] = [("", default)]  # (tag, language) stack
        self.skipping: list[str] = []
        self.parts: list[tuple[str, str]] = []

    @property
    def lang(self) -> str:
        return self.langs[-1][1]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag not in VOID:
                self.skipping.append(tag)
            return
        if tag in SKIP:
            self.skipping.append(tag)
            return
        values = dict(attrs)
        lang = (values.get("lang") or "").split("-")[0].lower() or self.lang
        if tag not in VOID:
            self.langs.append((tag, lang))
        for name in TEXT_ATTRS:
            if values.get(name):
                self.parts.append((lang, "\n" + str(values[name]) + "\n"))
        if tag in BLOCKS or tag in VOID:
            self.parts.append((self.lang, "\n"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag in self.skipping:  # close up to it: <code><b>x</code> ends the code
                del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]
            return
        if tag in BLOCKS:
            self.parts.append((self.lang, "\n"))
        # Close up to the matching tag (browsers forgive unclosed <p> and <li>).
        for i in range(len(self.langs) - 1, 0, -1):
            if self.langs[i][0] == tag:
                del self.langs[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append((self.lang, data))


def html_segments(html: str, default_lang: str, where: str) -> list[Segment]:
    """The visible text of an HTML page, as runs of text in one language each."""
    parser = _Extractor(default_lang)
    parser.feed(html)
    parser.close()
    segments: list[Segment] = []
    for lang, text in parser.parts:
        if segments and segments[-1].lang == lang:
            segments[-1] = Segment(lang, segments[-1].text + text, where)
        else:
            segments.append(Segment(lang, text, where))
    return [s for s in segments if s.text.strip()]


def data_segments(path: Path, languages: tuple[str, ...], name: str | None = None) -> list[Segment]:
    """Every text of a data file given per language (a mapping whose keys are languages),
    each with ``file:line``. Raises ``SiteDataError`` for a file that is not strict YAML."""
    _, node = yamlio.read_file(path)
    label = name or str(path)
    return [Segment(lang, text, f"{label}:{line}") for lang, text, line in _texts(node, languages)]


def _texts(node: yaml.Node | None, languages: tuple[str, ...]) -> Iterator[tuple[str, str, int]]:
    if isinstance(node, yaml.MappingNode):
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if keys and set(keys) <= set(languages):
            for key, value in node.value:
                if isinstance(value, yaml.ScalarNode) and value.value:
                    yield key.value, value.value, value.start_mark.line + 1
            return
        for _, value in node.value:
            yield from _texts(value, languages)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _texts(item, languages)


# Addresses and numbers are not words: removed before splitting text into words.
NOT_WORDS_RE = re.compile(
    r"(?:https?://|www\.)\S+"  # web addresses
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b[\w-]+(?:\.[\w-]+)*\.(?:lv|ru|ua|uk|com|org|net|eu|gov|int|io|me|fi|nl|de|ee|lt)\b"
    r"(?:/\S*)?"  # bare domains: takeitdown.ncmec.org
    r"|\b[\w.-]+\.(?:pdf|png|jpe?g|svg|webp|docx?|zip|txt|csv)\b"  # file names
    r"|\b\d+[-–]\w+"  # ordinals and the like: 40-й, 2-е, 40-ї
    r"|\(-?\w{1,5}\)"  # alternative endings: почувався(-лася), gatavs(-a)
)
# A word: letters, with apostrophes (’ or ') and combining accents inside; digits mark a
# non-word (codes, "8.A3"), dropped by :func:`words`.
WORD_RE = re.compile(r"[^\W_](?:[\w\u0301]|['’ʼ](?=\w))*")


def words(text: str) -> Iterator[str]:
    """The words of ``text`` for spelling: no addresses, numbers or words with digits."""
    for match in WORD_RE.finditer(NOT_WORDS_RE.sub(" ", text)):
        word = match.group()
        if not any(ch.isdigit() for ch in word):
            yield word


def is_cyrillic(word: str) -> bool:
    """Whether the word's first letter is Cyrillic."""
    return "\u0400" <= word[0] <= "\u04ff"
