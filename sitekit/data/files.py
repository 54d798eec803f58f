"""The data files: data/helplines.yml (entries, reviewed http:// hosts) and data/ui.yml."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sitekit import yamlio
from sitekit.data.fields import Helpline, _helpline
from sitekit.data.nodes import _child, _key_lines, _texts
from sitekit.data.rules import HOST_RE, TOP_KEYS, UI_KEY_RE
from sitekit.errors import SiteDataError


def _http_sources(path: Path, raw: Any, node: yaml.Node | None, line: int | None) -> frozenset[str]:
    """The reviewed hosts whose sources may be http:// (``http_sources: {host: reason}``)."""
    if raw is None:
        return frozenset()
    fix = 'write http_sources: with lines host: "why it has no https", e.g. marta.lv: "…"'
    if not isinstance(raw, dict):
        raise SiteDataError(path, "http_sources must map each host to a reason", fix, line)
    lines = _key_lines(node)
    for host, reason in raw.items():
        if not isinstance(host, str) or not HOST_RE.match(host):
            raise SiteDataError(
                path, f"http_sources: {host!r} is not a host name", fix, lines.get(host, line)
            )
        if not isinstance(reason, str) or not reason.strip():
            raise SiteDataError(
                path, f"http_sources: {host} has no reason", fix, lines.get(host, line)
            )
    return frozenset(raw)


# Files already validated in this process, by (file, its bytes, what else the result depends
# on): every language's build and several steps read the same file. Errors are never kept.
_LOADED: dict[tuple[Any, ...], dict[str, Helpline]] = {}
_LOADED_UI: dict[tuple[Any, ...], dict[str, dict[str, str]]] = {}


def _once(memo: dict[tuple[Any, ...], Any], path: Path, depends: tuple[Any, ...], load, *args):
    """``load(path, *args)``, validated once per (file, bytes, ``depends``) in this process;
    each caller gets its own copy. An unreadable file goes straight to ``load``, which reports
    it with the fix."""
    try:
        key = (str(path.resolve()), path.read_bytes(), *depends)
    except OSError:
        return load(path, *args)
    if key not in memo:
        if len(memo) >= 4:
            memo.clear()
        memo[key] = load(path, *args)
    return copy.deepcopy(memo[key])


def load_helplines(
    path: str | Path, languages: tuple[str, ...], *, today: dt.date | None = None
) -> dict[str, Helpline]:
    """Validate the helplines file and return its entries by id, in file order.

    ``today`` (default: the date now) is what a ``verified`` date may not be later than. The
    same bytes are validated once per process; each caller gets its own copy.
    """
    path = Path(path)
    today = today or dt.date.today()
    return _once(_LOADED, path, (tuple(languages), today), _load_helplines, languages, today)


def _load_helplines(path: Path, languages: tuple[str, ...], today: dt.date) -> dict[str, Helpline]:
    data, node = yamlio.read_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("helplines"), list):
        raise SiteDataError(path, "no 'helplines:' list at the top", "start with helplines:")
    top = _key_lines(node)
    unknown = sorted(map(str, set(data) - set(TOP_KEYS)))
    if unknown:
        raise SiteDataError(
            path,
            f"unknown top-level key {', '.join(unknown)}",
            f"use only {', '.join(TOP_KEYS)}",
            top.get(unknown[0]),
        )
    http_hosts = _http_sources(
        path, data.get("http_sources"), _child(node, "http_sources"), top.get("http_sources")
    )
    items = _child(node, "helplines")
    item_nodes = items.value if isinstance(items, yaml.SequenceNode) else []
    found: dict[str, Helpline] = {}
    for index, raw in enumerate(data["helplines"]):
        item = item_nodes[index] if index < len(item_nodes) else None
        line = item.start_mark.line + 1 if item is not None else None
        entry = _helpline(path, raw, line, item, languages, today, http_hosts)
        if entry.id in found:
            raise SiteDataError(
                path, f"helpline id '{entry.id}' is used twice", "give each entry its own id", line
            )
        found[entry.id] = entry
    used = {urlsplit(h.source).netloc.lower() for h in found.values() if h.source[:5] == "http:"}
    unused = sorted(http_hosts - used)
    if unused:
        raise SiteDataError(
            path,
            f"http_sources lists {unused[0]}, but no source is an http:// address there",
            f"remove {unused[0]} from http_sources (reviewed hosts only)",
            _key_lines(_child(node, "http_sources")).get(unused[0]),
        )
    return found


def load_ui(path: str | Path, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Validate the interface strings: every key has a text (a string) in every language.

    Like :func:`load_helplines`, the same bytes are validated once per process (every
    language's build reads the file); each caller gets its own copy, and errors are never kept.
    """
    path = Path(path)
    return _once(_LOADED_UI, path, (tuple(languages),), _load_ui, languages)


def _load_ui(path: Path, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    data, node = yamlio.read_file(path)
    if not isinstance(data, dict) or not data:
        raise SiteDataError(path, "expected a mapping of keys to texts", "write key: {lv: …}")
    lines = _key_lines(node)
    for key in data:
        if not isinstance(key, str) or not UI_KEY_RE.match(key):
            raise SiteDataError(
                path,
                f"invalid string key {key!r}",
                "use lower-case letters, digits and _, e.g. help_strip_label",
                lines.get(key),
            )
    return {
        key: _texts(path, f"string '{key}'", value, languages, lines.get(key), _child(node, key))
        for key, value in data.items()
    }
