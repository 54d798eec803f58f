"""The site's glossary (``data/glossary.yml``): key terms per language and the variants to avoid.

Each term gives the wording to use per language and, per language, the variants that must not
appear anywhere in the site's text. A variant is a regular expression (Python syntax), matched
case-insensitively as whole words: ``сред\\w* риска`` finds "средой риска" but not
"посредой". Text is checked with each run of white space (a line break, a no-break space) as
one space, so a space in a variant matches any of them. ``(?-i:...)`` makes a part
case-sensitive (``(?-i:Молоді):`` leaves "молоді" alone).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitekit import yamlio
from sitekit.errors import SiteDataError
from sitekit.pagetext import Segment

TERM_KEYS = {"id", "use", "avoid", "note"}


@dataclass(frozen=True)
class Variant:
    """A variant to avoid in one language, with the wording to use instead."""

    term: str
    lang: str
    pattern: re.Pattern[str]
    use: str


@dataclass(frozen=True)
class Finding:
    """A variant found in the site's text."""

    where: str
    lang: str
    found: str
    use: str
    term: str

    def describe(self) -> str:
        return (
            f"{self.where}: {self.lang} {self.found!r}: write {self.use!r} (glossary: {self.term})"
        )


def compile_variant(text: str) -> re.Pattern[str]:
    """A variant as a case-insensitive whole-word pattern (``re.error`` if it is not valid)."""
    return re.compile(rf"(?<!\w)(?:{text})(?!\w)", re.IGNORECASE)


def _line(node: Any, index: int) -> int | None:
    try:
        return node.value[index].start_mark.line + 1
    except (AttributeError, IndexError):
        return None


def load(path: Path, languages: tuple[str, ...]) -> list[Variant]:
    """Every variant of the glossary at ``path``; any mistake is a :class:`SiteDataError`."""
    raw, node = yamlio.read_file(path)
    terms = raw.get("terms") if isinstance(raw, dict) else None
    if not isinstance(terms, list) or not terms:
        raise SiteDataError(path, "no `terms:` list", "write `terms:` with a list of terms")
    terms_node = next((v for k, v in node.value if k.value == "terms"), None)
    variants: list[Variant] = []
    seen: set[str] = set()
    for index, term in enumerate(terms):
        line = _line(terms_node, index)
        variants.extend(_term(path, term, line, languages, seen))
    return variants


def _term(
    path: Path, term: Any, line: int | None, languages: tuple[str, ...], seen: set[str]
) -> list[Variant]:
    def fail(problem: str, fix: str) -> SiteDataError:
        return SiteDataError(path, problem, fix, line)

    if not isinstance(term, dict):
        raise fail("a term is not a mapping", "give it `id`, `use` and `avoid`")
    name = term.get("id")
    if not isinstance(name, str) or not name:
        raise fail("a term has no `id`", "give it a short name, e.g. `id: risk-zone`")
    if name in seen:
        raise fail(f"term {name!r} is given twice", "merge the two entries")
    seen.add(name)
    if unknown := set(term) - TERM_KEYS:
        raise fail(f"term {name!r} has unknown keys {sorted(unknown)}", f"use {sorted(TERM_KEYS)}")
    use, avoid = term.get("use"), term.get("avoid") or {}
    if not isinstance(use, dict) or not use or not isinstance(avoid, dict):
        raise fail(f"term {name!r}: `use` and `avoid` must map languages to text", "see above")
    if not all(isinstance(text, str) and text.strip() for text in use.values()):
        raise fail(f"term {name!r}: a `use` wording is empty or not text", "write the wording")
    if bad := (set(use) | set(avoid)) - set(languages):
        raise fail(f"term {name!r}: unknown languages {sorted(bad)}", f"use {list(languages)}")
    variants: list[Variant] = []
    for lang, texts in avoid.items():
        if not isinstance(use.get(lang), str) or not use[lang].strip():
            raise fail(
                f"term {name!r} avoids {lang} variants but says no {lang} wording to use",
                f"add `{lang}:` under `use`",
            )
        if isinstance(texts, str):
            texts = [texts]
        if not isinstance(texts, list) or not all(isinstance(t, str) and t for t in texts):
            raise fail(f"term {name!r}: `avoid: {lang}` is not a list of texts", "list them")
        for text in texts:
            try:
                pattern = compile_variant(text)
            except re.error as exc:
                raise fail(
                    f"term {name!r}: {text!r} is not a valid pattern ({exc})",
                    "escape ( ) [ ] . * + ? with a backslash, or fix the pattern",
                ) from None
            if pattern.search(use[lang]):
                raise fail(
                    f"term {name!r}: the {lang} wording {use[lang]!r} matches the "
                    f"variant to avoid {text!r}",
                    "narrow the variant",
                )
            variants.append(Variant(name, lang, pattern, use[lang]))
    return variants


def check(segments: Iterable[Segment], variants: list[Variant]) -> list[Finding]:
    """Every variant to avoid found in ``segments`` (each checked in its own language)."""
    by_lang: dict[str, list[Variant]] = {}
    for variant in variants:
        by_lang.setdefault(variant.lang, []).append(variant)
    findings: list[Finding] = []
    for segment in segments:
        text = " ".join(segment.text.split())
        for variant in by_lang.get(segment.lang, ()):
            for match in variant.pattern.finditer(text):
                found = match.group()
                findings.append(
                    Finding(segment.where, segment.lang, found, variant.use, variant.term)
                )
    return findings
