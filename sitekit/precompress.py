"""Pre-compressed copies of the built site's text files, for nginx's ``gzip_static``.

Every HTML, CSS, JavaScript, JSON, XML, SVG, text and source-map file gets ``<name>.gz`` next to
it (gzip level 9, no time stamp or name in the header, so the same input gives the same bytes).
A file is skipped when compressing does not make it smaller: nginx serves a ``.gz`` whenever
one exists, so a stale or useless one is removed. Dot folders (``.nginx/``) are left alone.
"""

from __future__ import annotations

import gzip
import os
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"})
# Below this size the gzip header and a round trip's worth of bytes cost more than they save.
MIN_SIZE = 256


@dataclass
class Summary:
    """What one run did: files compressed and their sizes before and after."""

    files: int = 0
    original: int = 0
    compressed: int = 0


def compress(data: bytes) -> bytes:
    """gzip -9 with a zero time stamp and no file name: reproducible output."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def precompress_site(
    site_dir: Path, suffixes: frozenset[str] = SUFFIXES, min_size: int = MIN_SIZE
) -> Summary:
    """Write ``.gz`` next to every compressible file of ``site_dir``; return what was done."""
    summary = Summary()
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = Path(folder, name)
            if path.suffix.lower() not in suffixes:
                continue
            target = path.with_name(name + ".gz")
            data = path.read_bytes()
            packed = compress(data) if len(data) >= min_size else None
            if packed is None or len(packed) >= len(data):
                target.unlink(missing_ok=True)
                continue
            target.write_bytes(packed)
            summary.files += 1
            summary.original += len(data)
            summary.compressed += len(packed)
    return summary
