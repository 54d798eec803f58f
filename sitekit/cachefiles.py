"""Entries of the build's caches (``.cache/``): checked when read, written atomically, optional.

A cache only saves time, so nothing in it is trusted and nothing about it stops a build:

- an entry that is empty or damaged (cut short by a power cut, a full disk, a copy) fails its
  check when read, is removed and is made again;
- an entry is written with :func:`sitekit.atomic.write_atomic` (flushed to the disk, renamed,
  the folder flushed), so it is whole or absent;
- a cache folder that cannot be written (read-only, full, a file where the folder should be) is
  said once per folder, as information, and the build goes on without storing: slower, same
  output, no temporary file left.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import logging
import os
import threading
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from sitekit import atomic

log = logging.getLogger("mkdocs.plugins.cachefiles")

# A temporary file older than this was left by a build that lost its power or was killed.
STALE_TEMPORARY_SECONDS = 3600

Check = Callable[[bytes], bool]

_said: set[tuple[str, str]] = set()
_said_lock = threading.Lock()


def _say_once(folder: Path, what: str, message: str) -> bool:
    """Log ``message`` as information the first time ``what`` happens in ``folder``; whether
    it was logged now."""
    with _said_lock:
        if (str(folder), what) in _said:
            return False
        _said.add((str(folder), what))
    log.info("%s", message)
    return True


def read(path: Path, check: Check, *, folder: Path) -> bytes | None:
    """The entry at ``path`` if it exists, can be read and passes ``check``; else ``None``.

    A damaged entry (empty, or failing ``check``) is removed, so that it is made again; the
    first one of a cache ``folder`` is said as information, the others only in debug output.
    """
    try:
        data = path.read_bytes()
    except OSError:  # absent, unreadable, a folder: a miss
        return None
    if data and check(data):
        return data
    message = f"cache: {path} was damaged ({len(data)} bytes): removed, making it again"
    if not _say_once(folder, "damaged", f"{message} (and any other damaged entry there)"):
        log.debug("%s", message)
    remove(path)
    return None


def write(path: Path, data: bytes, *, folder: Path) -> bool:
    """Store an entry; ``False`` (said once per cache ``folder``) when the folder cannot hold it."""
    try:
        atomic.write_atomic(path, data)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if exc.filename:
            reason = f"{reason}: {exc.filename}"
        _say_once(
            folder,
            "write",
            f"cache: cannot write to {folder} ({reason}): building without it, "
            "which is slower; the built site is the same",
        )
        return False
    return True


def touch(path: Path) -> None:
    """Mark an entry as used now (pruning keeps recently used entries); best effort."""
    with contextlib.suppress(OSError):
        os.utime(path)


def remove(path: Path) -> None:
    """Remove an entry; best effort (a read-only cache keeps it, and its check fails again)."""
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def sweep_temporaries(folder: Path, pattern: str = "**/.*.tmp") -> int:
    """Remove temporary files that a killed build left in ``folder``; return how many."""
    limit = time.time() - STALE_TEMPORARY_SECONDS
    removed = 0
    try:
        for path in folder.glob(pattern):
            try:
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
            except OSError:
                pass
    except OSError:
        pass
    return removed


# --- checks ------------------------------------------------------------------------------------


def gzip_of(original: bytes) -> Check:
    """A check that the entry is a complete gzip stream of exactly ``original``."""

    def check(data: bytes) -> bool:
        try:
            return gzip.decompress(data) == original
        except (OSError, EOFError, zlib.error):
            return False

    return check


def is_pdf(data: bytes) -> bool:
    """Starts with ``%PDF-`` and ends with ``%%EOF`` (an end-of-line may follow)."""
    return data.startswith(b"%PDF-") and data.rstrip(b"\r\n\t \x00").endswith(b"%%EOF")


def is_zip(data: bytes) -> bool:
    """A ZIP whose every member is present and passes its CRC check."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist()) and archive.testzip() is None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error, ValueError):
        return False


def is_docx(data: bytes) -> bool:
    """A valid ZIP holding a Word document's content types and main part."""
    if not is_zip(data):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    return {"[Content_Types].xml", "word/document.xml"} <= names


def is_pptx(data: bytes) -> bool:
    """A valid ZIP holding a presentation's content types and main part."""
    if not is_zip(data):
        return False
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    return {"[Content_Types].xml", "ppt/presentation.xml"} <= names


def not_empty(data: bytes) -> bool:
    return bool(data)


CHECKS_BY_SUFFIX: dict[str, Check] = {
    ".pdf": is_pdf,
    ".zip": is_zip,
    ".docx": is_docx,
    ".pptx": is_pptx,
}


def check_for(path: Path) -> Check:
    """The check for an entry, by its file name's suffix (any non-empty entry otherwise)."""
    return CHECKS_BY_SUFFIX.get(path.suffix.lower(), not_empty)
