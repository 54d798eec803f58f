"""YAML node helpers (the line of a key, a child node), how an editor would name a value, and
the per-language texts every data file uses."""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import yaml

from sitekit.data.rules import BIDI_CONTROLS
from sitekit.errors import SiteDataError


def _key_lines(node: yaml.Node | None) -> dict[Any, int]:
    """1-based line of each key of a mapping node (keys as written)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _hidden(ch: str) -> bool:
    """A control character (other than line break and tab) or a text-direction override: they
    never belong in these texts, and direction overrides can show digits in another order."""
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in "\n\t")


def _kind(value: Any) -> str:
    """How an editor would call a YAML value that is not text."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


def _texts(
    path: Path,
    where: str,
    value: Any,
    languages: tuple[str, ...],
    line: int | None,
    node: yaml.Node | None = None,
) -> dict[str, str]:
    """One non-empty string per language; ``node`` (the mapping) gives each language's line."""
    if not isinstance(value, dict):
        raise SiteDataError(
            path,
            f"{where} must map each language to a text, not {_kind(value)}",
            "write " + ", ".join(f"{lang}: …" for lang in languages),
            line,
        )
    lines = _key_lines(node)
    missing = [lang for lang in languages if value.get(lang) is None or value.get(lang) == ""]
    if missing:
        raise SiteDataError(
            path,
            f"{where} has no text for {', '.join(missing)}",
            f"add the {', '.join(missing)} text",
            lines.get(missing[0], line),
        )
    unknown = sorted(map(str, set(value) - set(languages)))
    if unknown:
        raise SiteDataError(
            path,
            f"{where} has unknown language {', '.join(unknown)}",
            f"use only {', '.join(languages)}",
            lines.get(unknown[0], line),
        )
    for lang in languages:
        text = value[lang]
        if not isinstance(text, str):
            raise SiteDataError(
                path,
                f"{where}: the {lang} text is {_kind(text)}, not text",
                "write the text on the same line; put it in double quotes if it starts with "
                '[ { " or contains ": " or " #", e.g. lv: "Visu diennakti"',
                lines.get(lang, line),
            )
        hidden = next((ch for ch in text if _hidden(ch)), None)
        if hidden is not None:
            raise SiteDataError(
                path,
                f"{where}: the {lang} text contains the invisible character "
                f"U+{ord(hidden):04X} ({unicodedata.name(hidden, 'a control character')})",
                "delete it (retype the text around it if you cannot see it)",
                lines.get(lang, line),
            )
        if not "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip():
            raise SiteDataError(
                path, f"{where} has no text for {lang}", f"add the {lang} text", lines.get(lang)
            )
    return {lang: value[lang].strip() for lang in languages}
