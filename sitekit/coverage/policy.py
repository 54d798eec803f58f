"""The coverage policy and settings: ``extra.translation_coverage`` in mkdocs.yml, the
languages, navigation titles and data files a check reads. Nothing here imports MkDocs."""

from __future__ import annotations

import fnmatch
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitekit.errors import SiteDataError
from sitekit.siteconfig import SiteConfig, i18n_options

POLICY_KEY = "translation_coverage"
POLICY_OPTIONS = ("critical", "minimum")


@dataclass(frozen=True)
class Policy:
    """``extra.translation_coverage`` in mkdocs.yml."""

    critical: tuple[str, ...] = ()  # globs relative to a language folder, e.g. platforms/*.md
    minimum: dict[str, float] = field(default_factory=dict)  # language -> percent current

    def is_critical(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.critical)


def parse_policy(raw: Any, translations: Iterable[str], where: str = "mkdocs.yml") -> Policy:
    """Validate ``extra.translation_coverage``; mistakes raise :class:`SiteDataError`."""
    translations = tuple(translations)
    key = f"extra.{POLICY_KEY}"
    if raw is None:
        return Policy()
    if not isinstance(raw, dict):
        raise SiteDataError(where, f"{key} must be a mapping", "give it critical: and minimum:")
    unknown = sorted(set(raw) - set(POLICY_OPTIONS))
    if unknown:
        raise SiteDataError(
            where, f"{key} has unknown option {', '.join(unknown)}", "use critical and minimum"
        )
    critical = raw.get("critical") or []
    if not isinstance(critical, list) or not all(isinstance(c, str) and c for c in critical):
        raise SiteDataError(
            where,
            f"{key}.critical must be a list of page paths",
            "list paths inside a language folder, e.g. help.md or platforms/*.md",
        )
    minimum = raw.get("minimum") or {}
    if not isinstance(minimum, dict):
        raise SiteDataError(where, f"{key}.minimum must be a mapping", "write e.g. ru: 100")
    checked: dict[str, float] = {}
    for lang, value in minimum.items():
        if lang not in translations:
            raise SiteDataError(
                where,
                f"{key}.minimum names '{lang}', which is not a translation language",
                f"use one of {', '.join(translations)}",
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise SiteDataError(
                where,
                f"{key}.minimum.{lang} is {value!r}",
                "give a percentage from 0 to 100",
            )
        checked[str(lang)] = float(value)
    return Policy(critical=tuple(critical), minimum=checked)


@dataclass(frozen=True)
class Settings:
    """Everything :func:`check` needs, independent of MkDocs."""

    root: Path  # the folder of mkdocs.yml; reported paths are relative to it
    docs_dir: Path
    source: str
    languages: tuple[str, ...]  # built languages, source included
    policy: Policy = field(default_factory=Policy)
    known_folders: frozenset[str] = frozenset()  # every configured locale, built or not
    nav_titles: tuple[str, ...] = ()
    nav_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    ui_path: Path | None = None
    helplines_path: Path | None = None
    config_name: str = "mkdocs.yml"
    allowlist_path: Path | None = None  # data/translation_allowlist.yml (sitekit.parity_extra)
    site_url: str = ""  # links to its host are internal

    @property
    def translations(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source)

    def rel(self, path: Path) -> str:
        """``path`` as reported: relative to the site root where possible."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def file(self, lang: str, page: str) -> Path:
        return self.docs_dir / lang / page

    @functools.cached_property
    def _docs_strings(self) -> tuple[str, str]:
        return os.fspath(self.docs_dir), self.rel(self.docs_dir)

    def page_paths(self, lang: str, page: str) -> tuple[str, str]:
        """(file-system path, reported path) of ``page`` in ``lang``; fast, no Path objects."""
        real, shown = self._docs_strings
        return f"{real}/{lang}/{page}", f"{shown}/{lang}/{page}"

    @classmethod
    def from_site(cls, site: SiteConfig, docs_dir: Path | None = None) -> Settings:
        """Settings from a parsed mkdocs.yml (``sitekit.siteconfig.load``)."""
        raw = site.raw
        extra = raw.get("extra") or {}
        translations = site.translations
        policy = parse_policy(extra.get(POLICY_KEY), translations)
        languages = i18n_options(raw).get("languages") or []
        nav_translations = {
            str(lang.get("locale")): {
                str(k): "" if v is None else str(v)
                for k, v in (lang.get("nav_translations") or {}).items()
            }
            for lang in languages
            if isinstance(lang, dict)
        }
        data_dir = site.root / str(extra.get("data_dir", "data"))
        helplines = data_dir / "helplines.yml"
        return cls(
            root=site.root,
            docs_dir=docs_dir or site.docs_dir,
            source=site.default_language,
            languages=site.languages,
            policy=policy,
            known_folders=frozenset(
                str(lang.get("locale")) for lang in languages if isinstance(lang, dict)
            )
            | set(site.languages),
            nav_titles=tuple(nav_titles(raw.get("nav"))),
            nav_translations=nav_translations,
            ui_path=data_dir / "ui.yml",
            helplines_path=helplines if helplines.is_file() else None,
            allowlist_path=data_dir / "translation_allowlist.yml",
            site_url=site.site_url,
        )


def nav_titles(nav: Any) -> list[str]:
    """Every title written in an mkdocs.yml ``nav`` (sections, pages and links), once each."""
    found: dict[str, None] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    found[str(title)] = None
                    walk(value)

    walk(nav)
    return list(found)
