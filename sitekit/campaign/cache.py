"""Cache keys for campaign files: the SHA-256 of everything a file is made from, so a warm
build reuses every file and a changed number or text remakes only what shows it. Storage is
the lesson kits' :class:`sitekit.downloads.DownloadCache`."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sitekit.downloads import DownloadCache, _package_version, digest

# Bump when the output changes for the same input.
GENERATOR_VERSION = "1"

__all__ = ["DownloadCache", "get", "key"]

_spill: list[Path] = []  # where files go when the cache cannot store them (one folder a run)


def key(kind: str, *parts: str) -> str:
    """The key of a ``kind`` ("pdf", "png" or "preview") file made from ``parts``."""
    package = {"pdf": "weasyprint", "png": "cairosvg", "preview": "pypdfium2"}[kind]
    versions = (_package_version(package),)
    return digest("campaign", GENERATOR_VERSION, kind, *versions, *parts)


def get(
    store: DownloadCache, name: str, file_key: str, make: Callable[[], bytes]
) -> tuple[Path, bool]:
    """(path of the file, whether this call made it). A cache that cannot store the file (read
    only, full) gives it a path in a temporary folder instead: a slower build, never a failure."""
    entry = store.get(name, file_key, make)
    if entry.path is not None:
        return entry.path, entry.made
    if not _spill:
        _spill.append(Path(tempfile.mkdtemp(prefix="campaign-")))
    path = _spill[0] / name
    path.write_bytes(entry.data)
    return path, entry.made
