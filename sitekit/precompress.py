"""Pre-compressed copies of the built site's text files, for nginx's ``gzip_static``.

Every HTML, CSS, JavaScript, JSON, XML, SVG and text file gets ``<name>.gz`` next to it (gzip
level 9, no time stamp or name in the header, so the same input gives the same bytes). Source
maps are left out: only a developer's tools fetch them. Files are compressed on every core
(zlib releases the GIL).
A file is skipped when compressing does not make it smaller: nginx serves a ``.gz`` whenever
one exists, so a stale or useless one is removed. Dot folders (``.nginx/``) are left alone.

With a cache folder, each compressed copy is also kept there under the SHA-256 of the file, so a
build compresses only the files that changed since an earlier build; entries unused for
``CACHE_DAYS`` are removed. An entry is used only if it decompresses to exactly the file; a
cache that cannot be written only makes the build slower (``sitekit.cachefiles``).
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from sitekit import cachefiles

SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"})
# Below this size the gzip header and a round trip's worth of bytes cost more than they save.
MIN_SIZE = 256
CACHE_DAYS = 30


@dataclass
class Summary:
    """What one run did: files compressed and their sizes before and after."""

    files: int = 0
    original: int = 0
    compressed: int = 0


def compress(data: bytes) -> bytes:
    """gzip -9 with a zero time stamp and no file name: reproducible output."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _packed(data: bytes, cache_dir: Path | None) -> bytes:
    """``compress(data)``, from the cache when it holds a sound copy (``sitekit.cachefiles``)."""
    if cache_dir is None:
        return compress(data)
    key = hashlib.sha256(data).hexdigest()
    cached = cache_dir / key[:2] / f"{key}.gz"
    packed = cachefiles.read(cached, cachefiles.gzip_of(data), folder=cache_dir)
    if packed is not None:
        cachefiles.touch(cached)  # recently used: kept by prune()
        return packed
    packed = compress(data)
    cachefiles.write(cached, packed, folder=cache_dir)
    return packed


def _one(path: Path, min_size: int, cache_dir: Path | None) -> tuple[int, int]:
    """Write or remove ``path``'s ``.gz``; return (original, compressed) bytes, or (0, 0)."""
    target = path.with_name(path.name + ".gz")
    data = path.read_bytes()
    packed = _packed(data, cache_dir) if len(data) >= min_size else None
    if packed is None or len(packed) >= len(data):
        target.unlink(missing_ok=True)
        return 0, 0
    target.write_bytes(packed)
    return len(data), len(packed)


def prune(cache_dir: Path, days: int = CACHE_DAYS) -> int:
    """Remove cache entries not used for ``days`` days (and temporary files a killed build left);
    return how many entries. Best effort: a read-only cache is left as it is."""
    limit = time.time() - days * 86400
    removed = 0
    try:
        entries = list(cache_dir.glob("*/*.gz"))
    except OSError:
        return 0
    for path in entries:
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except OSError:  # gone already (another build), or a read-only cache
            pass
    cachefiles.sweep_temporaries(cache_dir, "*/.*.tmp")
    return removed


def precompress_site(
    site_dir: Path,
    suffixes: frozenset[str] = SUFFIXES,
    min_size: int = MIN_SIZE,
    cache_dir: Path | None = None,
) -> Summary:
    """Write ``.gz`` next to every compressible file of ``site_dir``; return what was done."""
    paths = []
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        paths += [Path(folder, name) for name in files if Path(name).suffix.lower() in suffixes]
    summary = Summary()
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        sizes = pool.map(lambda path: _one(path, min_size, cache_dir), paths)
        for original, compressed in sizes:
            if original:
                summary.files += 1
                summary.original += original
                summary.compressed += compressed
    if cache_dir is not None and cache_dir.is_dir():
        prune(cache_dir)
    return summary
