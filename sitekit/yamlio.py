"""YAML for data files and front matter: libyaml when PyYAML has it, and one parse per file.

MkDocs calls ``on_config`` once per language with mkdocs-static-i18n, and several hooks read the
same data files, so :func:`read_file` keeps each parsed file until it changes on disk (size or
modification time); callers get their own copy of the data.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from sitekit.errors import SiteDataError

try:  # libyaml is about ten times faster; the pure-Python loader gives the same result
    LOADER: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    LOADER = yaml.SafeLoader

_files: dict[Path, tuple[tuple[int, int], Any, yaml.Node | None]] = {}


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its node tree (for line numbers); raises ``yaml.YAMLError``."""
    return yaml.load(text, Loader=LOADER), yaml.compose(text, Loader=LOADER)


def read_file(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; a missing, non-UTF-8 or invalid file is a :class:`SiteDataError`."""
    try:
        stat = path.stat()
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SiteDataError(path, "the file does not exist", "create it or fix the path") from None
    except UnicodeDecodeError as exc:
        raise SiteDataError(path, f"not UTF-8 ({exc.reason})", "save it as UTF-8") from None
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _files.get(path.resolve())
    if cached and cached[0] == key:
        return copy.deepcopy(cached[1]), cached[2]
    try:
        data, node = parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        problem = getattr(exc, "problem", None) or str(exc)
        raise SiteDataError(path, f"invalid YAML: {problem}", "correct the syntax", line) from None
    _files[path.resolve()] = (key, data, node)
    return copy.deepcopy(data), node
