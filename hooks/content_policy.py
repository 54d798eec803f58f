"""MkDocs hook: page content within the allow-list (``sitekit.content_policy``), every language.

Checks each page's rendered content (raw HTML, Markdown links and images, ``attr_list``
attributes, expanded markers) and its front matter. A page with a problem fails the build,
with or without ``--strict``: a PluginError lists every problem with the Markdown file and line.

A page that passed with exactly the same inputs (its HTML, Markdown source, path, front matter
and the policy's code) in an earlier build is not checked again: the passes are kept in
``.cache/content-policy.json`` (``sitekit.content_policy.check_page_cached``). Problems are
never kept: a page with one fails every build.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import content_policy, resultcache
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.content_policy")

_nesting = BuildNesting()
_state: dict[str, resultcache.Store] = {}


def _store(config: MkDocsConfig) -> resultcache.Store:
    store = _state.get("store")
    if store is None:
        cache = Path(config.config_file_path).parent / ".cache" / content_policy.CACHE_FILE
        store = _state["store"] = resultcache.Store(cache, "content-policy", keep=2000)
    return store


def on_pre_build(*, config: MkDocsConfig) -> None:
    if _nesting.enter():  # a new build: read the kept passes again (`mkdocs serve`)
        _state.pop("store", None)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fail on anything outside the content allow-list; return the content unchanged."""
    source_path = Path(page.file.abs_src_path or "")
    root = Path(config.config_file_path).parent
    try:
        name = source_path.relative_to(root).as_posix()
        source = source_path.read_text(encoding="utf-8")
    except (ValueError, OSError):  # a generated page: nothing an editor wrote
        name, source = f"docs/{page.file.src_uri}", ""
    problems = content_policy.check_page_cached(
        _store(config), html, source=source, path=name, meta=page.meta
    )
    if problems:
        raise PluginError(
            f"{name}: the page's content is outside what the site allows:\n  "
            + "\n  ".join(problems)
        )
    return html


@event_priority(-1000)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    if _nesting.leave():
        store = _store(config)
        store.save()
        log.info(
            "content policy: %d pages checked, %d unchanged since they passed (.cache/%s)",
            store.misses,
            store.hits,
            content_policy.CACHE_FILE,
        )
        _state.pop("store", None)


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
    _state.pop("store", None)
