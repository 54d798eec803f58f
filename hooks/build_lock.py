"""MkDocs hook: one build at a time per checkout (see ``sitekit.buildlock``).

Takes the lock before anything else of the outermost build (before MkDocs cleans the site
folder) and lets go after the very last step; a build error or the end of ``mkdocs serve`` lets
go too. List it first in mkdocs.yml.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit.buildlock import BuildLock, BuildLockTimeout
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.build_lock")

_nesting = BuildNesting()
_lock: dict[str, BuildLock] = {}


@event_priority(10_000)  # before every other hook's pre_build, and before MkDocs cleans
def on_pre_build(*, config: MkDocsConfig) -> None:
    if not _nesting.enter():
        return
    lock = BuildLock(Path(config.config_file_path).resolve().parent)
    try:
        lock.acquire(log.info)
    except BuildLockTimeout as exc:
        _nesting.reset()
        raise PluginError(str(exc)) from None
    _lock["held"] = lock


@event_priority(-10_000)  # after every other hook, the pre-compression (-1000) included
def on_post_build(*, config: MkDocsConfig) -> None:
    if _nesting.leave():
        _release()


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
    _release()


def on_shutdown() -> None:
    _release()


def _release() -> None:
    lock = _lock.pop("held", None)
    if lock is not None:
        lock.release()
