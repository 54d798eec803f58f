"""MkDocs hook: sitemap.xml and robots.txt for all languages, written once per build.

Collects each page's ``page_languages`` (set by hooks/i18n_pages.py, which must come first in
``hooks:``) while the languages build, then, when the outermost build ends, replaces the
per-language sitemap MkDocs wrote with one for the whole site. Options: ``extra.sitemap``
(``disallow``: paths robots.txt keeps crawlers from, also left out of the sitemap).
Thin adapter over ``sitekit.sitemap``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from sitekit import sitemap
from sitekit.errors import SiteDataError
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.sitemap")

_nesting = BuildNesting()
_entries: list[sitemap.Entry] = []


def _disallow(config: MkDocsConfig) -> tuple[str, ...]:
    options = config.extra.get("sitemap") or {}
    try:
        return sitemap.check_disallow(options.get("disallow", []), config.config_file_path)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None


def on_config(config: MkDocsConfig) -> None:
    """Absolute URLs need ``site_url``; the disallow list must be plain paths."""
    if not config.site_url:
        raise PluginError("hooks/sitemap.py needs site_url in mkdocs.yml (absolute URLs)")
    _disallow(config)


def on_pre_build(*, config: MkDocsConfig) -> None:
    if _nesting.enter():
        _entries.clear()


@event_priority(-50)  # after hooks/i18n_pages.py has put page_languages in the context
def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    languages = context.get("page_languages")
    if languages is None:
        raise PluginError("hooks/sitemap.py must come after hooks/i18n_pages.py in mkdocs.yml")
    robots = (page.meta or {}).get("robots")
    entry = sitemap.entry_for(
        languages, robots=str(robots) if robots else None, disallow=_disallow(config)
    )
    if entry is not None:
        _entries.append(entry)
    return context


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    """At the end of the outermost build: write sitemap.xml and robots.txt at the site root."""
    if not _nesting.leave():
        return
    site = Path(config.site_dir)
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    (site / sitemap.SITEMAP).write_text(sitemap.render_sitemap(_entries), encoding="utf-8")
    # MkDocs' own compressed copy describes the last language built; hooks/precompress.py
    # writes the new one.
    (site / f"{sitemap.SITEMAP}.gz").unlink(missing_ok=True)
    robots = sitemap.render_robots(config.site_url or "", default, _disallow(config))
    (site / sitemap.ROBOTS).write_text(robots, encoding="utf-8")
    pages = len({entry.loc for entry in _entries})
    log.info("sitemap.xml: %d pages in all languages; robots.txt written", pages)


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
