"""MkDocs hook: ``sitekit postbuild`` on the finished site, once, when the outermost build ends.

mkdocs-static-i18n builds the other languages inside the source language's post-build (priority
-100); this runs after it (and before hooks/build_lock.py lets go), so every language is written.
Thin adapter over ``sitekit.postbuild``: the same steps run as ``sitekit postbuild SITE_DIR`` on
any build output. ``mkdocs serve`` skips the gzip copies, which it never serves.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit import postbuild
from sitekit.errors import SiteDataError
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.postbuild")

_nesting = BuildNesting()
_state = {"serve": False}


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state["serve"] = command == "serve"


def on_pre_build(*, config: MkDocsConfig) -> None:
    if _nesting.enter():
        postbuild.handoff.clear()


@event_priority(-1000)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    if not _nesting.leave():
        return
    options = postbuild.Options(
        cache_dir=Path(config.config_file_path).parent / ".cache",
        precompress=not _state["serve"],
        coverage_report=postbuild.handoff.get("coverage_report"),
        recheck=postbuild.handoff.get("recheck"),
        log=log.info,
    )
    try:
        postbuild.run(config.site_dir, config.config_file_path, options)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
