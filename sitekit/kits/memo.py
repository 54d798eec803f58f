"""What a kit's files were keyed as, the last time its inputs were seen: so that a build where
nothing changed only hashes the inputs (no HTML parsing, no slide model) before taking the
files from the cache.

Kept in the download cache as ``<kit name>.inputs.json``: the SHA-256 of everything the kit
is made from (its fields, the local files its documents show, the generator's code and
package versions) and the (kind, file name, cache key) of each file. Checked when read like
every cache entry; a memo that does not match is ignored and written again.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sitekit import cachefiles
from sitekit.kits.cache import DownloadCache, digest, package_version

PACKAGES = ("weasyprint", "python-docx", "python-pptx")


@functools.cache
def code_digest() -> str:
    """The SHA-256 of the kit generator's own code (this package and the sandbox, whose checks
    a recalled kit skips), read once per process."""
    folder = Path(__file__).resolve().parent
    files = [*sorted(folder.glob("*.py")), folder.parent / "sandbox.py"]
    return digest(*(p.read_bytes() for p in files))


def inputs_digest(*parts: str | bytes) -> str:
    """The digest of a kit's inputs, with the generator's code and package versions."""
    versions = [package_version(name) for name in PACKAGES]
    return digest("kit-inputs", code_digest(), *versions, *parts)


def _path(cache: DownloadCache, name: str) -> Path:
    return cache.root / f"{name}.inputs.json"


def _valid(data: bytes) -> bool:
    try:
        memo = json.loads(data)
        return isinstance(memo["inputs"], str) and all(
            isinstance(f, list) and len(f) == 3 and all(isinstance(x, str) for x in f)
            for f in memo["files"]
        )
    except (ValueError, KeyError, TypeError):
        return False


def recall(cache: DownloadCache, name: str, inputs: str) -> list[tuple[str, str, str]] | None:
    """The (kind, file name, key) of kit ``name``'s files if its inputs were ``inputs`` last
    time and every file is still in the cache; else ``None``."""
    path = _path(cache, name)
    data = cachefiles.read(path, _valid, folder=cache.root)
    if data is None:
        return None
    memo = json.loads(data)
    if memo["inputs"] != inputs:
        return None
    files = [(kind, file, key) for kind, file, key in memo["files"]]
    if not all(cache.has(file, key) for _, file, key in files):
        return None
    return files


def remember(
    cache: DownloadCache, name: str, inputs: str, files: list[tuple[str, str, str]]
) -> None:
    """Note that kit ``name`` with ``inputs`` has ``files`` (kind, file name, key)."""
    data = json.dumps({"inputs": inputs, "files": [list(f) for f in files]}, indent=0)
    cachefiles.write(_path(cache, name), data.encode("utf-8"), folder=cache.root)
