"""MkDocs hook: Material's stylesheet cut to the rules the built site uses (sitekit.cssprune).

Runs once, when the outermost build ends (every language built), before the gzip copies are
made (hooks/precompress.py at -1000), so the new file gets its copy. Skipped by ``mkdocs
serve``, whose pages change under it. Thin adapter over ``sitekit.cssprune``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from sitekit import cssprune
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.cssprune")

_nesting = BuildNesting()
_state = {"serve": False}


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state["serve"] = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _nesting.enter()


@event_priority(-900)  # after every language's pages are written, before precompress (-1000)
def on_post_build(*, config: MkDocsConfig) -> None:
    if not _nesting.leave() or _state["serve"]:
        return
    result = cssprune.prune_site(Path(config.site_dir))
    if result is None:
        log.warning("cssprune: no single %s in the built site to prune", cssprune.CSS_GLOB)
        return
    log.info(
        "stylesheet %s -> %s: %d -> %d bytes, %d pages",
        result.old,
        result.new,
        result.before,
        result.after,
        result.pages,
    )


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
