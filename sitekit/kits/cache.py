"""The download cache: files kept under a name that holds the SHA-256 of what they are made
from, checked when read, so a rebuild regenerates only what changed."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import posixpath
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitekit import cachefiles


def digest(*parts: str | bytes) -> str:
    """SHA-256 over ``parts``, each length-prefixed so that no two inputs collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


@functools.cache
def package_version(name: str) -> str:
    """An installed package's version, without importing it (WeasyPrint takes ~0.5 s)."""
    return importlib.metadata.version(name)


@dataclass
class CacheStats:
    generated: int = 0
    reused: int = 0
    seconds: float = 0.0  # time spent making files (cache misses)


@dataclass(frozen=True)
class Entry:
    """A file from the cache: its bytes, where the cache keeps it (``None`` when the cache could
    not store it) and whether it was made by this call."""

    data: bytes
    path: Path | None
    made: bool


class DownloadCache:
    """Files kept under ``<stem>.<hash>.<ext>``; storing a new version removes the old ones.

    An entry is checked when read (a PDF must start with %PDF- and end with %%EOF, a ZIP, DOCX
    or PPTX must pass the ZIP checks) and made again if damaged; a cache folder that cannot be
    written only makes the build slower (``sitekit.cachefiles``).
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.stats = CacheStats()
        # Results made ahead by worker processes (``sitekit.kits.parallel``), by cache key: a
        # miss takes its file from here instead of making it.
        self.ready: dict[str, object] = {}
        cachefiles.sweep_temporaries(self.root, ".*.tmp")

    def path(self, name: str, key: str) -> Path:
        stem, ext = posixpath.splitext(name)
        return self.root / f"{stem}.{key[:24]}{ext}"

    def has(self, name: str, key: str) -> bool:
        """Whether the cache holds a file for (name, key) (not checked: :meth:`get` does)."""
        try:
            return self.path(name, key).is_file()
        except OSError:
            return False

    def get(self, name: str, key: str, make: Callable[[], bytes]) -> Entry:
        """The cached file for (name, key), made with ``make()`` on a miss."""
        path = self.path(name, key)
        data = cachefiles.read(path, cachefiles.check_for(path), folder=self.root)
        if data is not None:
            self.stats.reused += 1
            return Entry(data, path, made=False)
        started = time.perf_counter()
        data = make()
        self.stats.seconds += time.perf_counter() - started
        self.stats.generated += 1
        if not cachefiles.write(path, data, folder=self.root):
            return Entry(data, None, made=True)
        stem, ext = posixpath.splitext(name)
        old = re.compile(rf"{re.escape(stem)}\.[0-9a-f]{{24}}{re.escape(ext)}")
        try:
            siblings = list(self.root.glob(f"{stem}.*{ext}"))
        except OSError:
            siblings = []
        for sibling in siblings:
            if sibling != path and old.fullmatch(sibling.name):
                cachefiles.remove(sibling)
        return Entry(data, path, made=True)
