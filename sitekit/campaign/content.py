"""data/campaign.yml: the campaign texts, QR targets and helplines per audience, validated strictly.

Every problem is a :class:`SiteDataError` naming the file, the line and the fix: a duplicate key,
a key that is not expected, a text that is not a string, a missing language, a phone number typed
into a text (numbers come only from data/helplines.yml), an unknown helpline or a missing page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitekit import yamlio
from sitekit.data import Helpline
from sitekit.errors import SiteDataError

AUDIENCES = ("young", "parents", "card")
TEXT_KEYS = (
    "draft_mark",
    *(f"young_{k}" for k in ("headline", "lead", "offer", "steps_title", "signs_title", "scan")),
    *(f"young_step_{i}" for i in (1, 2, 3)),
    *(f"young_sign_{i}" for i in (1, 2, 3, 4)),
    *(f"parents_{k}" for k in ("headline", "lead", "steps_title", "signs_title", "scan")),
    *(f"parents_step_{i}" for i in (1, 2, 3)),
    *(f"parents_sign_{i}" for i in (1, 2, 3, 4)),
    "helplines_title", "card_title", "card_lead", "card_scan",
    "post_young", "post_parents", "alt_young", "alt_parents", "alt_text_label", "alt_qr",
    *(f"item_{k}" for k in ("poster_young", "poster_parents", "leaflet_young",
                            "leaflet_parents", "cards", "social_young", "social_parents")),
    *(f"label_{k}" for k in ("feed", "story", "two_sided", "eight_cards", "bleed", "post", "alt",
                             "draft_note")),
)  # fmt: skip
TOP_KEYS = ("targets", "helplines", "texts")
# Three or more digits in a row: a phone number typed into a text.
NUMBER_RE = re.compile(r"\d[\d\s\-]{1,}\d")


@dataclass(frozen=True)
class Campaign:
    """The validated campaign data."""

    targets: dict[str, str]  # audience -> page path inside docs/<lang>/, e.g. "parents.md"
    helplines: dict[str, tuple[str, ...]]  # audience -> helpline ids
    texts: dict[str, dict[str, str]]  # key -> lang -> text

    def text(self, key: str, lang: str) -> str:
        return self.texts[key][lang]


def _check_duplicates(path: Path, node: yaml.Node | None) -> None:
    """Refuse a mapping that names the same key twice (PyYAML keeps the last one silently)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                raise SiteDataError(
                    path,
                    f"key '{key.value}' appears twice (first on line {seen[key.value]})",
                    "keep one of them",
                    line,
                )
            seen[key.value] = line
            _check_duplicates(path, value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _check_duplicates(path, item)


def _lines(node: yaml.Node | None, *keys: str) -> dict[str, int]:
    """Line of each key of the mapping reached from ``node`` through ``keys``."""
    for key in keys:
        if not isinstance(node, yaml.MappingNode):
            return {}
        node = next((v for k, v in node.value if k.value == key), None)
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _mapping(path: Path, value: object, where: str, line: int | None) -> dict:
    if not isinstance(value, dict):
        raise SiteDataError(
            path, f"{where} must be a mapping", f"indent the keys under {where}", line
        )
    return value


def _exact_keys(
    path: Path, value: dict, expected: tuple[str, ...], where: str, lines: dict[str, int]
) -> None:
    unknown = [k for k in value if k not in expected]
    if unknown:
        raise SiteDataError(
            path,
            f"{where}: unknown key '{unknown[0]}'",
            f"use only {', '.join(expected)}",
            lines.get(str(unknown[0])),
        )
    missing = [k for k in expected if k not in value]
    if missing:
        raise SiteDataError(
            path, f"{where}: missing {', '.join(missing)}", f"add {', '.join(missing)}"
        )


def load(
    path: str | Path,
    languages: tuple[str, ...],
    helplines: dict[str, Helpline],
    docs_dir: str | Path | None = None,
) -> Campaign:
    """Validate data/campaign.yml against the site's languages, helplines and pages."""
    path = Path(path)
    data, node = yamlio.read_file(path)
    _check_duplicates(path, node)
    top = _lines(node)
    data = _mapping(path, data, "the file", None)
    _exact_keys(path, data, TOP_KEYS, "top level", top)

    targets = _mapping(path, data["targets"], "targets", top.get("targets"))
    lines = _lines(node, "targets")
    _exact_keys(path, targets, AUDIENCES, "targets", lines)
    for audience, page in targets.items():
        if not isinstance(page, str) or not re.fullmatch(r"[a-z0-9][a-z0-9/-]*\.md", page):
            raise SiteDataError(
                path,
                f"targets.{audience}: {page!r} is not a page path",
                "write a path inside docs/<lang>/, e.g. parents.md",
                lines.get(audience),
            )
        # The source language's page must exist; a translation that is missing is served as the
        # Latvian page with a notice at the same address (fallback), so its QR code still works.
        for lang in languages[:1] if docs_dir else ():
            if not (Path(docs_dir) / lang / page).is_file():
                raise SiteDataError(
                    path,
                    f"targets.{audience}: docs/{lang}/{page} does not exist",
                    "name a page that exists in every language",
                    lines.get(audience),
                )

    chosen = _mapping(path, data["helplines"], "helplines", top.get("helplines"))
    lines = _lines(node, "helplines")
    _exact_keys(path, chosen, AUDIENCES, "helplines", lines)
    phones = sorted(k for k, h in helplines.items() if h.tel)
    for audience, ids in chosen.items():
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise SiteDataError(
                path,
                f"helplines.{audience} must be a list of helpline ids",
                "write e.g. [emergency, childline]",
                lines.get(audience),
            )
        for hid in ids:
            if hid not in phones:
                raise SiteDataError(
                    path,
                    f"helplines.{audience}: '{hid}' is not a helpline with a number in "
                    "data/helplines.yml",
                    f"use one of {', '.join(phones)}",
                    lines.get(audience),
                )

    raw_texts = _mapping(path, data["texts"], "texts", top.get("texts"))
    lines = _lines(node, "texts")
    _exact_keys(path, raw_texts, TEXT_KEYS, "texts", lines)
    texts: dict[str, dict[str, str]] = {}
    for key in TEXT_KEYS:
        line = lines.get(key)
        value = _mapping(path, raw_texts[key], f"texts.{key}", line)
        inner = _lines(node, "texts", key)
        unknown = [k for k in value if k not in languages]
        if unknown:
            raise SiteDataError(
                path,
                f"texts.{key}: unknown language '{unknown[0]}'",
                f"use only {', '.join(languages)}",
                inner.get(str(unknown[0]), line),
            )
        texts[key] = {}
        for lang in languages:
            text = value.get(lang)
            where = f"texts.{key}.{lang}"
            if lang not in value:
                raise SiteDataError(path, f"texts.{key} has no {lang} text", f"add {lang}: …", line)
            if not isinstance(text, str) or not text.strip():
                raise SiteDataError(
                    path,
                    f"{where} is {type(text).__name__} {text!r}, not a text",
                    "write the text in quotes",
                    inner.get(lang, line),
                )
            if NUMBER_RE.search(text):
                raise SiteDataError(
                    path,
                    f"{where} contains a number ({NUMBER_RE.search(text).group(0)!r})",  # type: ignore[union-attr]
                    "remove it: phone numbers on the items come from data/helplines.yml",
                    inner.get(lang, line),
                )
            texts[key][lang] = " ".join(text.split())
    return Campaign(
        targets=dict(targets),
        helplines={a: tuple(ids) for a, ids in chosen.items()},
        texts=texts,
    )
