"""MkDocs hook: gzip copies of the built site's text files, for nginx's gzip_static.

Runs last, once, when the outermost build ends (after every language, the merged search index,
the sitemap and the CSP include are written). Skipped by ``mkdocs serve``, which never serves
them. Compressed copies are cached in ``.cache/gzip/`` beside mkdocs.yml, so a build compresses
only what changed. Thin adapter over ``sitekit.precompress``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from sitekit import precompress
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.precompress")

_nesting = BuildNesting()
_state = {"serve": False}


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state["serve"] = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    _nesting.enter()


@event_priority(-1000)  # the very last step: every other hook has written its files
def on_post_build(*, config: MkDocsConfig) -> None:
    """At the end of the outermost build: write ``.gz`` next to every text file."""
    if not _nesting.leave() or _state["serve"]:
        return
    cache = Path(config.config_file_path).parent / ".cache" / "gzip"
    summary = precompress.precompress_site(Path(config.site_dir), cache_dir=cache)
    log.info(
        "precompressed %d files: %.1f MB -> %.1f MB (gzip -9)",
        summary.files,
        summary.original / 1e6,
        summary.compressed / 1e6,
    )


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
