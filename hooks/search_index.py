"""MkDocs hook: one search index per language; no fallback pages, and lessons by title only.

Thin adapter over ``sitekit.search``. Material's search plugin writes ``search/search_index.json``
in every language build, holding that language's pages; mkdocs-static-i18n (priority -100) then
builds the other languages and rewrites the file with all of them merged. So this hook keeps
Material's file at priority -50 and writes the language's own index at -110, after i18n: the
source language's at ``search/``, the others' at ``<lang>/search/``. overrides/base.html points
Material's ``base`` at the language root, so the worker fetches that language's index.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import search

log = logging.getLogger("mkdocs.plugins.search_index")

# Material's index of each build in progress, innermost last: mkdocs-static-i18n runs the other
# languages' builds inside the source language's post-build, and leaves config.theme set to the
# last language, so the language comes from here, not from the config.
_builds: list[tuple[str, dict]] = []
# Lesson pages (``lesson:`` front matter), as Material's index locates them: their sections are
# indexed by title only. Lesson plans are long and teachers reach them from the teachers' page;
# their full text would make each language's index, loaded with every page, a third larger.
_lesson_pages: set[str] = set()


def _languages(config: MkDocsConfig) -> tuple[list[str], str]:
    """All language codes and the source language (the one built at the site root)."""
    lang = config.theme["language"]
    if "i18n" not in config.plugins:
        return [lang], lang
    options = config.plugins["i18n"].config
    default = next(item.locale for item in options.languages if item.default)
    return [item.locale for item in options.languages], default


def _search_enabled(config: MkDocsConfig) -> bool:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    return plugin is not None and plugin.config.get("enabled", True)


def on_startup(**_: object) -> None:
    """Forget builds that failed half-way (``mkdocs serve`` keeps this module loaded)."""
    _builds.clear()
    _lesson_pages.clear()


def on_build_error(*, error: Exception) -> None:
    _builds.clear()
    _lesson_pages.clear()


def on_config(config: MkDocsConfig) -> None:
    """Check that Material's search plugin is there to produce the entries."""
    if not any(name in config.plugins for name in ("search", "material/search")):
        raise PluginError("hooks/search_index.py needs the 'search' plugin in mkdocs.yml")


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    """Leave out Material's lunr language files: no index here makes the worker load them."""
    for file in [f for f in files if f.src_uri.startswith(search.LUNR_LANGUAGE_FILES)]:
        files.remove(file)
    return files


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: object) -> str:
    """Keep a fallback page (source-language text in another language) out of that search."""
    file_lang = getattr(page.file, "locale", None)
    if file_lang and file_lang != config.theme["language"]:
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    elif page.meta.get("lesson") is not None:
        _lesson_pages.add(page.url)
    return html


@event_priority(-50)
def _keep_own_entries(*, config: MkDocsConfig) -> None:
    """Keep the index Material has just written for this language, before i18n merges them."""
    if not _search_enabled(config):
        return
    source = Path(config.site_dir) / search.INDEX
    if not source.is_file():
        raise PluginError(f"hooks/search_index.py: Material's search plugin wrote no {source}")
    _builds.append((config.theme["language"], json.loads(source.read_text(encoding="utf-8"))))


@event_priority(-110)
def _write_language_index(*, config: MkDocsConfig) -> None:
    """Write this language's index, after i18n (-100) has built the others and merged them."""
    if not _search_enabled(config):
        return
    languages, default = _languages(config)
    lang, material = _builds.pop()
    index = search.language_index(
        material, lang=lang, languages=languages, default=default, titles_only=_lesson_pages
    )
    target = search.index_path(config.site_dir, lang, default)
    target.parent.mkdir(parents=True, exist_ok=True)
    data = search.dumps(index).encode("utf-8")
    target.write_bytes(data)
    log.info("search index for '%s': %d sections, %d bytes", lang, len(index["docs"]), len(data))


on_post_build = CombinedEvent(_keep_own_entries, _write_language_index)
