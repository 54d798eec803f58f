"""MkDocs hook: ``sitekit postbuild`` on the finished site, once, when the outermost build ends
(the translation report already at the end of the source language's pass).

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
from mkdocs.plugins import CombinedEvent, event_priority

from sitekit import postbuild
from sitekit.errors import SiteDataError
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.postbuild")

_nesting = BuildNesting()
_state = {"serve": False}
REPORT = ("report",)
REST = tuple(step for step in postbuild.STEPS if step not in REPORT)


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _state["serve"] = command == "serve"


@event_priority(100)  # before hooks/translation_coverage.py hands this build's report over
def on_pre_build(*, config: MkDocsConfig) -> None:
    if _nesting.enter():
        postbuild.handoff.clear()


def _run(config: MkDocsConfig, steps: tuple[str, ...]) -> None:
    options = postbuild.Options(
        cache_dir=Path(config.config_file_path).parent / ".cache",
        precompress=not _state["serve"],
        coverage_report=postbuild.handoff.get("coverage_report"),
        recheck=postbuild.handoff.get("recheck"),
        log=log.info,
    )
    try:
        postbuild.run(config.site_dir, config.config_file_path, options, steps)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None


def _first_pass(config: MkDocsConfig) -> bool:
    languages = config.plugins["i18n"].config.languages if "i18n" in config.plugins else []
    default = next((lang.locale for lang in languages if lang.default), None)
    return default is None or config.theme["language"] == default


@event_priority(-50)  # the source language's pass, before mkdocs-static-i18n (-100)
def _report(*, config: MkDocsConfig) -> None:
    """The translation report first: a strict build that stops at a later language's warnings
    still leaves it (it says why)."""
    if _first_pass(config) and _nesting.depth == 1:
        _run(config, REPORT)


@event_priority(-1000)  # after mkdocs-static-i18n (-100) has built the other languages
def _finished_site(*, config: MkDocsConfig) -> None:
    if _nesting.leave():
        _run(config, REST)


on_post_build = CombinedEvent(_report, _finished_site)


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
