"""Results of deterministic build checks kept in ``.cache/``, keyed by a hash of their inputs.

A check whose result depends only on its inputs (a page's HTML, a stylesheet, the code of
the check) need not run again on the same inputs. What is kept, and why it cannot let a bad
page through:

- the key is a SHA-256 over every input, each part length-prefixed (no two different input
  lists give the same bytes), and over the source of the modules that do the checking
  (:func:`code_digest`): a change to the policy's code is a change of key;
- each store is one JSON file with a format number and a kind; a file of another format or
  kind, unreadable, damaged or of the wrong shape is a miss (and removed, see
  :mod:`sitekit.cachefiles`), never an error;
- callers keep only passing verdicts or pure results: a failing check runs every time.

A store keeps the entries its build used and at most ``keep`` others (:meth:`Store.save`), so
it does not grow without end.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from sitekit import cachefiles

# Bump when the layout of a store file changes.
FORMAT = 1


def digest(*parts: str | bytes) -> str:
    """SHA-256 (hex) of ``parts``, each prefixed by its length and type."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(b"s" if isinstance(part, str) else b"b")
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def code_digest(*modules: ModuleType) -> str:
    """A digest of the source files of ``modules`` and the Python version that runs them."""
    parts: list[str | bytes] = [f"python {sys.version_info[0]}.{sys.version_info[1]}"]
    for module in modules:
        path = Path(module.__file__ or "")
        try:
            parts += [module.__name__, path.read_bytes()]
        except OSError:  # no source to hash: a key no other build has, never a hit
            return "unhashable-" + os.urandom(16).hex()
    return digest(*parts)


def stable_text(value: object) -> str:
    """Text that tells ``value`` apart from every other value: each value with its type
    (the text ``"1"`` and the number 1, a date and the text of that date, differ). Dicts are
    ordered by key. ``TypeError`` for an object without a stable text (its address in it)."""
    return json.dumps(_tagged(value), separators=(",", ":"))


def _tagged(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float, str)):
        return [type(value).__name__, value]
    if isinstance(value, dict):
        items = [[_tagged(k), _tagged(v)] for k, v in value.items()]
        return ["dict", sorted(items, key=lambda item: json.dumps(item[0]))]
    if isinstance(value, (list, tuple)):
        return [type(value).__name__, [_tagged(item) for item in value]]
    text = repr(value)
    if " at 0x" in text:
        raise TypeError(f"no stable text for {type(value).__name__}")
    return [f"{type(value).__module__}.{type(value).__qualname__}", text]


class Store:
    """Entries of one kind in one JSON file: ``{"format", "kind", "entries": {key: value}}``."""

    def __init__(self, path: Path | None, kind: str, keep: int = 0) -> None:
        self.path = path
        self.kind = kind
        self.keep = keep  # entries of earlier builds kept although this one did not use them
        self._entries: dict[str, Any] | None = None
        self.used: dict[str, Any] = {}
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, Any]:
        if self._entries is not None:
            return self._entries
        self._entries = {}
        if self.path is not None:
            raw = cachefiles.read(self.path, self._valid, folder=self.path.parent)
            if raw is not None:
                self._entries = json.loads(raw)["entries"]
        return self._entries

    def _valid(self, data: bytes) -> bool:
        try:
            document = json.loads(data)
        except ValueError:
            return False
        return (
            isinstance(document, dict)
            and document.get("format") == FORMAT
            and document.get("kind") == self.kind
            and isinstance(document.get("entries"), dict)
        )

    def get(self, key: str) -> Any | None:
        """The value stored under ``key`` (``None``: a miss); a hit is kept by :meth:`save`."""
        value = self.used.get(key)
        if value is None:
            value = self._load().get(key)
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = value
        return value

    def put(self, key: str, value: Any) -> None:
        """Keep ``value`` (JSON-serialisable, not ``None``) under ``key``."""
        self.used[key] = value

    def save(self) -> None:
        """Write the entries used since this store was made, after the last ``keep`` others
        (a one-language build does not drop the other languages' entries); best effort, atomic.
        """
        if self.path is None:
            return
        earlier = [(k, v) for k, v in self._load().items() if k not in self.used]
        entries = dict(earlier[len(earlier) - self.keep :] if self.keep else [])
        entries.update(self.used)  # the newest last
        if entries == self._entries and list(entries) == list(self._entries):
            return
        document = {"format": FORMAT, "kind": self.kind, "entries": entries}
        data = json.dumps(document, separators=(",", ":")).encode("utf-8")
        if cachefiles.write(self.path, data, folder=self.path.parent):
            self._entries = entries
