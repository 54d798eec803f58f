"""Translations add nothing unchecked: the reverse direction of safety parity.

A phone number, e-mail address or external web address in a translation
(``docs/<lang>/<page>``) must also be in one of:

- its Latvian source ``docs/lv/<page>`` (numbers compared by their digits, as the parity check
  does; e-mails case-insensitively; web addresses without scheme, trailing slash or ``#part``
  and with a case-insensitive host);
- ``data/helplines.yml`` (``tel``, ``display``, ``url``, ``email`` or ``source`` of any entry);
- ``data/translation_allowlist.yml``, a reviewed file listing, per language and page, each extra
  item with the reason it is there.

Anything else is a warning (so ``mkdocs build --strict`` fails) naming the file, line and item:
an item that only a translation has is invisible to the Latvian editors, the easiest place to
plant a wrong number. Links to the site itself (the host of ``site_url``) are internal. The
translation's own front matter is scanned like the rest of the page, so a translator cannot
allow-list an item there. Items are found by :class:`sitekit.coverage.Extractor` (so years and
section numbers are never numbers), plus the links it does not look for (``tg://…``,
``file://…``, ``HTTPS://`` in capitals, scheme-relative ``//host/…``), after HTML character
references are decoded line by line (``&#50;`` is a digit in the browser, so it is one here).
Numbers are also looked for with the markup of each line removed (``2000<b>0000</b>``,
``2000**0000**``), in the source as in the translation. Not found: a number written with
separators the extractor does not know (dots, several spaces) or split over lines.

Allow-list format (``data/translation_allowlist.yml``)::

    uk:                       # a translation language
      ukrainians.md:          # a page inside the language folder (it must exist in docs/lv/)
        - item: "https://example.gov.ua/"      # exactly one phone number, e-mail or URL
          reason: "Ukrainian-language source for refugees; the lv page links the lv one"
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sitekit import data, yamlio
from sitekit.coverage import Extractor, Item, Settings, canonical_phone, canonical_url
from sitekit.data import Helpline
from sitekit.errors import SiteDataError

ALLOWLIST_FILE = "translation_allowlist.yml"
_URL_TAIL_OPT = r"[^\s<>()\[\]{}\"'`*|\\]*"
_URL_TAIL = _URL_TAIL_OPT[:-1] + "+"
CHECKED_KINDS = ("phone", "email", "url")
ENTRY_KEYS = {"item", "reason"}


# What the coverage extractor leaves out: links of other schemes (tg://, viber://, file://,
# HTTPS:// in capitals) and scheme-relative links (//host/path), which browsers follow too.
# Both are tried only where the text has "//" (a scan from every position is slow).
SCHEME_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*\Z")
URL_TAIL_RE = re.compile(_URL_TAIL)
RELATIVE_URL_RE = re.compile(r"//[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+" + _URL_TAIL_OPT)
SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


MARKUP_RE = re.compile(r"<[^>\n]*>|[*_`\\]")
SPLIT_NUMBER_RE = re.compile(r"[\d+][ \u00a0-]?(?:<[^>\n]*>|[*_`\\])+[ \u00a0-]?\d")


def _other_links(text: str) -> Iterator[tuple[int, str, bool]]:
    """(offset, link, has a scheme) of every ``scheme://…`` link that is not lower-case http(s)
    (the extractor has those) and every scheme-relative ``//host…`` link."""
    at = text.find("//")
    while at >= 0:
        if at and text[at - 1] == ":":
            start = at - 1
            while start and text[start - 1] in SCHEME_CHARS:
                start -= 1
            scheme = text[start : at - 1]
            tail = URL_TAIL_RE.match(text, at + 2)
            before = text[start - 1] if start else " "
            if (
                tail
                and SCHEME_RE.match(scheme)
                and scheme not in ("http", "https")
                and not (before.isalnum() or before == "_")
            ):
                yield start, text[start : tail.end()], True
        elif not at or not (text[at - 1].isalnum() or text[at - 1] in "_/.-"):
            match = RELATIVE_URL_RE.match(text, at)
            if match:
                yield at, match.group(0), False
        at = text.find("//", at + 2)


def url_key(url: str) -> str:
    """A web address as compared: no ``#part``, no trailing slash, host lower-case, and for
    http and https no scheme either."""
    canonical = canonical_url(url)
    scheme, _, rest = canonical.partition("://")
    rest = rest.partition("#")[0].rstrip("/")
    return rest if scheme in ("http", "https") else f"{scheme}://{rest}"


def item_key(kind: str, canonical: str) -> tuple[str, str]:
    """The comparison key of an item found by the extractor."""
    return (kind, url_key(canonical)) if kind == "url" else (kind, canonical)


def find_items(extractor: Extractor, text: str) -> dict[tuple[str, str], Item]:
    """``{comparison key: Item}``: the extractor's phone numbers, e-mails and URLs, and the
    links it does not look for (first occurrence of each)."""
    found: dict[tuple[str, str], Item] = {}
    for (kind, canonical), item in extractor.items(text).items():
        if kind in CHECKED_KINDS:
            found.setdefault(item_key(kind, canonical), item)
    for start, value, absolute in _other_links(text):
        value = value.rstrip(".,;:!?")
        line = text.count("\n", 0, start) + 1
        key = url_key(value if absolute else "https:" + value)
        found.setdefault(("url", key), Item("url", value, line))
    if SPLIT_NUMBER_RE.search(text):
        # Numbers broken up by markup, as the reader sees them: 2000<b>0000</b>, 2000**0000**.
        # Only lines with such a place are kept (the others are left empty: lines stay).
        bare = "\n".join(
            MARKUP_RE.sub("", line) if SPLIT_NUMBER_RE.search(line) else ""
            for line in text.split("\n")
        )
        for (kind, canonical), item in extractor.items(bare).items():
            if kind == "phone":
                found.setdefault((kind, canonical), item)
    return found


def decode_references(text: str) -> str:
    """``text`` with HTML character references decoded, each line on its own (lines stay)."""
    if "&" not in text:
        return text
    return "\n".join(html.unescape(line) if "&" in line else line for line in text.split("\n"))


@dataclass(frozen=True)
class Allowed:
    """One allow-listed item of one translated page."""

    lang: str
    page: str
    kind: str
    key: str
    value: str
    reason: str
    line: int | None


@dataclass
class Allowlist:
    """``data/translation_allowlist.yml``, validated."""

    path: str  # as reported
    entries: dict[tuple[str, str], dict[tuple[str, str], Allowed]] = field(default_factory=dict)

    def get(self, lang: str, page: str, key: tuple[str, str]) -> Allowed | None:
        return self.entries.get((lang, page), {}).get(key)

    def all(self) -> Iterable[Allowed]:
        for items in self.entries.values():
            yield from items.values()


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None


def _mapping(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    """``{key: (key node, value node)}`` of a YAML mapping node (empty for anything else)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): (k, v) for k, v in node.value}


def load_allowlist(
    path: Path,
    shown: str,
    extractor: Extractor,
    languages: Iterable[str],
    source_pages: Iterable[str],
) -> Allowlist:
    """Read and check the allow-list; a missing file allows nothing. Mistakes raise
    :class:`SiteDataError` naming the line."""
    allowlist = Allowlist(shown)
    if not path.is_file():
        return allowlist
    raw, node = yamlio.read_file(path)
    languages = tuple(languages)
    pages = set(source_pages)
    fmt = "lang: {page: [{item: ..., reason: ...}]} (see the comment at the top of the file)"

    def fail(problem: str, fix: str, at: yaml.Node | None) -> SiteDataError:
        return SiteDataError(shown, problem, fix, _line(at))

    if raw is None:
        return allowlist
    if not isinstance(raw, dict):
        raise fail("the allow-list is not a mapping of languages", f"write {fmt}", node)
    for lang, (lang_node, pages_node) in _mapping(node).items():
        if lang not in languages:
            raise fail(
                f"'{lang}' is not a translation language",
                f"use one of {', '.join(languages)}",
                lang_node,
            )
        if not isinstance(raw[lang], dict):
            raise fail(f"{lang}: is not a mapping of pages", f"write {fmt}", pages_node)
        for page, (page_node, list_node) in _mapping(pages_node).items():
            if page not in pages:
                raise fail(
                    f"{lang} › {page}: there is no such page in the source language",
                    "give the path inside the language folder, e.g. ukrainians.md",
                    page_node,
                )
            entries = raw[lang][page]
            if not isinstance(entries, list) or not entries:
                raise fail(
                    f"{lang} › {page}: not a list of items",
                    "list each item as '- item: …' with 'reason: …'",
                    list_node,
                )
            found: dict[tuple[str, str], Allowed] = {}
            for entry, entry_node in zip(entries, list_node.value, strict=True):
                allowed = _entry(lang, page, entry, entry_node, extractor, fail)
                if (allowed.kind, allowed.key) in found:
                    raise fail(
                        f"{lang} › {page}: {allowed.value} is listed twice",
                        "delete one of the entries",
                        entry_node,
                    )
                found[(allowed.kind, allowed.key)] = allowed
            allowlist.entries[(lang, page)] = found
    return allowlist


def _entry(
    lang: str, page: str, entry: Any, node: yaml.Node, extractor: Extractor, fail: Any
) -> Allowed:
    where = f"{lang} › {page}"
    if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS:
        raise fail(
            f"{where}: each entry needs exactly 'item' and 'reason'",
            "write '- item: <the number, e-mail or URL>' and 'reason: <why only this "
            "translation has it>'",
            node,
        )
    item, reason = entry["item"], entry["reason"]
    if not isinstance(reason, str) or not reason.strip():
        raise fail(
            f"{where}: {item!r} has no reason",
            "say why only this translation has it (who checked it, and where)",
            node,
        )
    items = list(find_items(extractor, item).items()) if isinstance(item, str) else []
    if len(items) != 1:
        raise fail(
            f"{where}: {item!r} is not one phone number, e-mail address or web address",
            "give exactly one item, written as on the page (e.g. +380 44 123 4567, "
            "name@example.org, https://example.org/page)",
            node,
        )
    (kind, key), found = items[0]
    return Allowed(lang, page, kind, key, found.value, reason.strip(), _line(node))


def build(settings: Settings, extractor: Extractor, source_pages: Iterable[str]) -> ExtraCheck:
    """The check for a coverage run; a bad allow-list raises :class:`SiteDataError`. Broken
    helplines data is reported by the coverage check itself, so here it just adds nothing."""
    helplines: Iterable[Helpline] = ()
    if settings.helplines_path is not None:
        try:
            helplines = data.load_helplines(settings.helplines_path, settings.languages).values()
        except SiteDataError:
            helplines = ()
    path = settings.allowlist_path
    allowlist = (
        Allowlist(ALLOWLIST_FILE)
        if path is None
        else load_allowlist(
            path,
            settings.rel(path),
            extractor,
            sorted(settings.known_folders - {settings.source}),
            source_pages,
        )
    )
    return ExtraCheck(
        extractor,
        known_items(helplines),
        allowlist,
        settings.site_url,
        settings.rel(settings.helplines_path) if settings.helplines_path else "data/helplines.yml",
    )


def known_items(helplines: Iterable[Helpline]) -> set[tuple[str, str]]:
    """The comparison keys of every tel, display, url, email and source in helplines.yml."""
    keys: set[tuple[str, str]] = set()
    for entry in helplines:
        for number in (entry.tel, entry.display):
            if number:
                keys.add(("phone", canonical_phone(number)))
        for url in (entry.url, entry.source):
            if url:
                keys.add(("url", url_key(url)))
        if entry.email:
            keys.add(("email", entry.email.lower()))
    return keys


@dataclass(frozen=True)
class Extra:
    """An item a translation has and nothing reviewed has: file, line, item, fix."""

    file: str
    line: int
    item: Item
    message: str
    fix: str


class ExtraCheck:
    """Finds the extra items of each translation; build once per coverage check."""

    def __init__(
        self,
        extractor: Extractor,
        known: set[tuple[str, str]],
        allowlist: Allowlist,
        site_url: str = "",
        helplines_file: str = "data/helplines.yml",
    ) -> None:
        self.extractor = extractor
        self.known = known
        self.allowlist = allowlist
        host = (urlsplit(site_url).hostname or "").lower().removeprefix("www.")
        self.site_host = host
        self.helplines_file = helplines_file
        self.used: set[Allowed] = set()
        self.checked: set[tuple[str, str]] = set()  # (lang, page) pairs looked at
        self._sources: dict[str, tuple[str, str, set[tuple[str, str]]]] = {}

    def internal(self, key: tuple[str, str]) -> bool:
        """Whether a URL key points at the site itself."""
        if key[0] != "url" or not self.site_host:
            return False
        host = key[1].partition("/")[0].rsplit("@", 1)[-1].partition(":")[0]
        return host.removeprefix("www.") == self.site_host

    def extras(
        self,
        lang: str,
        page: str,
        file: str,
        source_file: str,
        source_text: str,
        text: str,
    ) -> list[Extra]:
        """The items of the translation ``text`` that are in neither the source, the
        helplines, the allow-list, nor the site itself."""
        self.checked.add((lang, page))
        source_text, source = self._source(source_file, source_text)
        candidates = {
            key: item
            for key, item in find_items(self.extractor, decode_references(text)).items()
            if key not in source and key not in self.known and not self.internal(key)
        }
        # A number the source writes in a way the scan does not take for one item (spaced
        # differently, after +371): the parity check's own look-up decides.
        phones = {k: i for k, i in candidates.items() if k[0] == "phone"}
        absent = {id(i) for i in self.extractor.missing(phones, source_text)}
        found: list[Extra] = []
        for key, item in candidates.items():
            if key[0] == "phone" and id(item) not in absent:
                continue
            allowed = self.allowlist.get(lang, page, key)
            if allowed is not None:
                self.used.add(allowed)
                continue
            found.append(
                Extra(
                    file=file,
                    line=item.line,
                    item=item,
                    message=(
                        f"{item.describe()} is in this translation but not in {source_file} "
                        f"nor in {self.helplines_file}: a Latvian editor never sees it"
                    ),
                    fix=(
                        f"remove it, or add it to {source_file} first; if only this "
                        f"translation should have it, list it in {self.allowlist.path} under "
                        f"{lang} › {page} with the reason (never in the page's front matter)"
                    ),
                )
            )
        return found

    def _source(self, source_file: str, text: str) -> tuple[str, set[tuple[str, str]]]:
        """The decoded source text and its item keys, worked out once per source page."""
        cached = self._sources.get(source_file)
        if cached is None or cached[0] != text:
            decoded = decode_references(text)
            keys = set(find_items(self.extractor, decoded))
            cached = self._sources[source_file] = (text, decoded, keys)
        return cached[1], cached[2]

    def unused(self) -> list[Allowed]:
        """Allow-list entries of checked pages that no translation needed."""
        checked, used = self.checked, self.used
        return [a for a in self.allowlist.all() if (a.lang, a.page) in checked and a not in used]
