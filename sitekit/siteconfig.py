"""Read the parts of mkdocs.yml that the plain-Python tools need, without importing MkDocs."""

from __future__ import annotations

import copy
import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader that understands MkDocs' ``!ENV`` tag and ignores ``!!python/name``."""


def _env(loader: _Loader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    names, *default = loader.construct_sequence(node)
    names = [names] if isinstance(names, str) else names
    for name in names:
        if name in os.environ:
            return os.environ[name]
    return default[0] if default else None


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)


@dataclass(frozen=True)
class SiteConfig:
    """The language set-up and paths of a site, as written in its mkdocs.yml."""

    root: Path
    docs_dir: Path
    site_url: str
    default_language: str
    languages: tuple[str, ...]
    raw: dict[str, Any]

    @property
    def translations(self) -> tuple[str, ...]:
        """Every language except the source language."""
        return tuple(lang for lang in self.languages if lang != self.default_language)

    def i18n_plugin(self) -> dict[str, Any]:
        return i18n_options(self.raw)


def i18n_options(raw: dict[str, Any]) -> dict[str, Any]:
    """The options of the ``i18n`` plugin in a parsed mkdocs.yml (an empty dict if absent)."""
    for entry in raw.get("plugins") or []:
        if isinstance(entry, dict) and "i18n" in entry:
            return entry["i18n"] or {}
    return {}


@functools.lru_cache(maxsize=4)
def _parsed(path: str, text: str, environ: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """mkdocs.yml parsed once per text and environment (``!ENV``) in a process."""
    return yaml.load(text, Loader=_Loader) or {}


def _parse(path: str, text: str, environ: tuple[tuple[str, str], ...]) -> dict[str, Any]:
    """A parsed copy of ``text``: a caller may change what it gets."""
    return copy.deepcopy(_parsed(path, text, environ))


def load(path: str | Path = "mkdocs.yml") -> SiteConfig:
    """Parse mkdocs.yml; the source language is the i18n language marked ``default``."""
    path = Path(path).resolve()
    raw = _parse(str(path), path.read_text(encoding="utf-8"), tuple(sorted(os.environ.items())))
    langs = [lang for lang in i18n_options(raw).get("languages", []) if lang.get("build", True)]
    default = next((lang["locale"] for lang in langs if lang.get("default")), "lv")
    return SiteConfig(
        root=path.parent,
        docs_dir=path.parent / raw.get("docs_dir", "docs"),
        site_url=str(raw.get("site_url") or ""),
        default_language=default,
        languages=tuple(lang["locale"] for lang in langs) or (default,),
        raw=raw,
    )
