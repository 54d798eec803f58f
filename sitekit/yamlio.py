"""Strict YAML for data files and front matter: one loader, libyaml speed, one parse per file.

:class:`StrictLoader` reads the plain YAML that editors write and refuses what YAML 1.1 would
silently turn into something else:

- a key twice in one mapping (PyYAML keeps the last value): an error naming both lines;
- plain scalars that YAML readers disagree on: ``yes``/``no``/``on``/``off`` (booleans to
  YAML 1.1, text to YAML 1.2), ``24:00`` (the number 1440 to YAML 1.1), ``0777``, ``0x1F``,
  ``1_000``, ``1e3``, ``.5``: an error asking to quote the text or write the plain value;
- anchors and aliases (``&name``/``*name``: ``en: &Co`` would silently read as ``Co``),
  merge keys (``<<``) and tags other than the core
  ones (``!!set``, ``!!binary``, ``!!timestamp``…): an error.

What it does read: ``true``/``false`` as booleans, ``~``/``null``/empty as null, whole decimal
numbers (``40``) and decimals (``1.5``) as numbers, everything else as text. Dates stay text
(``2026-03-25``): a field that is a date parses it itself (``sitekit.data``).

MkDocs calls ``on_config`` once per language with mkdocs-static-i18n, and several hooks read the
same data files, so :func:`read_file` keeps each parsed file until it changes on disk (size or
modification time); callers get their own copy of the data.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from sitekit.errors import SiteDataError

try:  # libyaml parses about ten times faster; resolving and constructing stay in Python
    _BASE: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BASE = yaml.SafeLoader

CORE = "tag:yaml.org,2002:"
AMBIGUOUS = "tag:sitekit,2026:ambiguous"
BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
INT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
FLOAT_RE = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)\.[0-9]+$")
# Every plain scalar that YAML 1.1 (PyYAML, many tools) or YAML 1.2 reads as a boolean or a
# number; whatever the strict patterns above leave of these is ambiguous.
_LEGACY = yaml.resolver.Resolver.yaml_implicit_resolvers
_OTHER_NUMBERS_RE = re.compile(
    r"^(?:[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)[eE][-+]?[0-9]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)"
    r"|\.(?:nan|NaN|NAN))$"
)
LINE_BREAK_RE = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks
ANCHOR_RE = re.compile(r"(?:![^\s]*\s+)?&")  # where a node starts: [!tag] &anchor
SEXAGESIMAL_RE = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")


class StrictError(ConstructorError):
    """A YAML mistake found while building the data; ``fix`` says what to write instead.

    ``problem`` may name other lines as ``{line:N}`` (N: 0-based line in the YAML text);
    :meth:`describe` writes them as file lines.
    """

    def __init__(self, problem: str, fix: str, mark: Any) -> None:
        super().__init__(problem=self._lines(problem, 1), problem_mark=mark)
        self.template = problem
        self.fix = fix

    @staticmethod
    def _lines(template: str, offset: int) -> str:
        return re.sub(r"\{line:(\d+)\}", lambda m: str(int(m[1]) + offset), template)

    def describe(self, line_offset: int = 1) -> str:
        """The problem, with lines counted from ``line_offset`` for the text's first line."""
        return self._lines(self.template, line_offset)


class StrictLoader(_BASE):  # type: ignore[misc, valid-type]
    """CSafeLoader with strict resolvers and constructors (see the module docstring)."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}
    yaml_constructors: dict[Any, Any] = {}
    yaml_multi_constructors: dict[Any, Any] = {}

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        # The text's lines, to see an anchor where a node starts (nodes do not keep anchors).
        self._lines = LINE_BREAK_RE.split(stream) if isinstance(stream, str) else None

    def _anchored(self, node: yaml.Node) -> bool:
        mark = node.start_mark
        if self._lines is None or mark.line >= len(self._lines):
            return False
        return ANCHOR_RE.match(self._lines[mark.line], mark.column) is not None

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects or node in self.recursive_objects:
            raise StrictError(
                "an alias (*name) repeats the part anchored (&name) here",
                "write the value out in full: anchors and aliases are not allowed",
                node.start_mark,
            )
        if self._anchored(node):
            raise StrictError(
                "an anchor (&name) is not allowed: YAML drops it from the value",
                'remove "&name", or quote a text that starts with &: "&…"',
                node.start_mark,
            )
        return super().construct_object(node, deep=deep)

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise StrictError("expected a mapping", "write key: value lines", node.start_mark)
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}  # 0-based
        for key_node, value_node in node.value:
            if key_node.tag == AMBIGUOUS and key_node.value == "<<":
                raise StrictError(
                    "merge keys (<<) are not allowed",
                    "write every key of the entry out in full",
                    key_node.start_mark,
                )
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, list | dict):
                raise StrictError(
                    "a key must be a plain value, not a list or mapping",
                    "write key: value",
                    key_node.start_mark,
                )
            line = key_node.start_mark.line
            if key in first_line:
                lines = f"{{line:{first_line[key]}}} and {{line:{line}}}"
                raise StrictError(
                    f"duplicate key '{key}' (lines {lines}); YAML would silently keep only the "
                    "last value",
                    f"keep one '{key}:' and delete the other",
                    key_node.start_mark,
                )
            first_line[key] = line
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


def _map(loader: StrictLoader, node: yaml.Node) -> Iterator[dict[Any, Any]]:
    data: dict[Any, Any] = {}
    yield data
    data.update(loader.construct_mapping(node))


def _seq(loader: StrictLoader, node: yaml.Node) -> Iterator[list[Any]]:
    data: list[Any] = []
    yield data
    data.extend(loader.construct_sequence(node))


def _str(loader: StrictLoader, node: yaml.Node) -> str:
    return loader.construct_scalar(node)


def _checked(pattern: re.Pattern[str], convert: Any, what: str) -> Any:
    """A constructor for an explicitly or implicitly tagged scalar that must match ``pattern``."""

    def construct(loader: StrictLoader, node: yaml.Node) -> Any:
        value = loader.construct_scalar(node)
        if not isinstance(value, str) or not pattern.match(value):
            raise StrictError(f"'{value}' is not {what}", f"write {what}", node.start_mark)
        return convert(value)

    return construct


def _ambiguous(loader: StrictLoader, node: yaml.Node) -> Any:
    value = loader.construct_scalar(node)
    if value.lower() in ("yes", "no", "on", "off"):
        problem = f"'{value}' is true or false to some YAML readers and text to others"
        fix = f'write true or false for a yes/no setting, or quote the text: "{value}"'
    elif SEXAGESIMAL_RE.match(value):
        problem = f"'{value}' is a number in base 60 to YAML 1.1 (24:00 reads as 1440)"
        fix = f'quote it: "{value}"'
    else:
        problem = f"'{value}' is a number to some YAML readers and text to others"
        fix = f'quote it ("{value}") or write a plain whole number such as 40'
    raise StrictError(problem, fix, node.start_mark)


def _unknown_tag(loader: StrictLoader, node: yaml.Node) -> Any:
    raise StrictError(
        f"the tag {node.tag} is not allowed in data files",
        "remove the tag (the text after !) and write a plain value",
        node.start_mark,
    )


def _resolvers() -> None:
    add = StrictLoader.add_implicit_resolver
    add(CORE + "bool", BOOL_RE, list("tTfF"))
    add(CORE + "int", INT_RE, list("-+0123456789"))
    add(CORE + "float", FLOAT_RE, list("-+0123456789"))
    add(CORE + "null", NULL_RE, ["~", "n", "N", ""])
    for first, resolvers in _LEGACY.items():
        for tag, regexp in resolvers:
            if tag in (CORE + "bool", CORE + "int", CORE + "float", CORE + "merge"):
                add(AMBIGUOUS, regexp, [first])  # only reached when the strict ones failed
    add(AMBIGUOUS, _OTHER_NUMBERS_RE, list("-+.0123456789"))


_resolvers()
StrictLoader.add_constructor(CORE + "map", _map)
StrictLoader.add_constructor(CORE + "seq", _seq)
StrictLoader.add_constructor(CORE + "str", _str)
StrictLoader.add_constructor(CORE + "bool", _checked(BOOL_RE, BOOLS.__getitem__, "true or false"))
StrictLoader.add_constructor(CORE + "null", _checked(NULL_RE, lambda _: None, "empty"))
StrictLoader.add_constructor(CORE + "int", _checked(INT_RE, int, "a whole number"))
StrictLoader.add_constructor(CORE + "float", _checked(FLOAT_RE, float, "a decimal number"))
StrictLoader.add_constructor(AMBIGUOUS, _ambiguous)
StrictLoader.add_constructor(None, _unknown_tag)

LOADER: type = StrictLoader  # for callers that use yaml.load(text, Loader=yamlio.LOADER)

_files: dict[Path, tuple[tuple[int, int], Any, yaml.Node | None]] = {}


def parse(text: str) -> tuple[Any, yaml.Node | None]:
    """The data of a YAML text and its node tree (for line numbers), from one parse.

    Raises ``yaml.YAMLError``: a :class:`StrictError` (with ``fix``) for a strictness rule.
    """
    loader = StrictLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def error(
    path: str | Path,
    exc: yaml.YAMLError,
    line_offset: int = 1,
    what: str = "invalid YAML",
    fix: str = "correct the syntax",
) -> SiteDataError:
    """``exc`` as a :class:`SiteDataError` naming ``path``, the line and the fix.

    ``line_offset`` is the file line of the text's first line (2 for front matter after
    ``---``); ``what`` and ``fix`` are for a syntax error (a strictness rule has its own).
    """
    if isinstance(exc, StrictError):
        line = exc.problem_mark.line + line_offset if exc.problem_mark else None
        return SiteDataError(path, exc.describe(line_offset), exc.fix, line)
    # Where the broken construct starts (an unclosed bracket), else where it broke.
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    line = mark.line + line_offset if mark else None
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return SiteDataError(path, f"{what}: {problem}", fix, line)


def read_file(path: Path) -> tuple[Any, yaml.Node | None]:
    """Parse a YAML file; a missing, non-UTF-8, invalid or non-strict file is a
    :class:`SiteDataError`."""
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
        raise error(path, exc) from None
    _files[path.resolve()] = (key, data, node)
    return copy.deepcopy(data), node
