"""Pages and their stamps: reading a page (text, front matter, ``source_hash``), the hash of a
source page, and a page's text with a new stamp (see the package docstring for the rules)."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from sitekit import yamlio
from sitekit.errors import SiteDataError

STAMP_KEY = "source_hash"
HASH_LENGTH = 12
STAMP_LINE_RE = re.compile(
    rf"^{STAMP_KEY}[ \t]*:[ \t]*(?P<value>[^\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE
)
STAMP_VALUE_RE = re.compile(rf"^([\"']?)(?P<hash>[0-9a-fA-F]{{{HASH_LENGTH}}})\1$")
OPEN_RE = re.compile(r"\ufeff?---[ \t]*\r?\n")  # front matter starts on the first line
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


def normalise(text: str) -> str:
    """The text the stamp hashes (see the module docstring)."""
    text = unicodedata.normalize("NFC", text.removeprefix("\ufeff"))
    return " ".join(text.split())


def source_hash(text: str) -> str:
    """12 hex digits of the SHA-256 of the normalised text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()[:HASH_LENGTH]


@dataclass(frozen=True)
class Doc:
    """A Markdown page as read for coverage: its text, front matter and stamp."""

    path: str | Path
    text: str  # decoded, byte-order mark kept (so a stamped file round-trips byte for byte)
    front_matter: tuple[int, int, str] | None  # YAML block start, end (offsets), line break
    stamp: str | None = None
    stamp_line: int | None = None  # 1-based
    stamp_span: tuple[int, int] | None = None  # offsets of the stamp line, line break excluded

    def body_for_parity(self) -> str:
        """The text with the stamp line blanked (same length, so positions stay)."""
        if self.stamp_span is None:
            return self.text
        start, end = self.stamp_span
        return self.text[:start] + " " * (end - start) + self.text[end:]


def read_doc(path: str | Path, display: str) -> Doc:
    """Read a page; undecodable text, malformed front matter or stamp raise SiteDataError."""
    with open(path, "rb") as file:
        raw = file.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SiteDataError(
            display,
            f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start} cannot be decoded)",
            "save the file as UTF-8",
            line,
        ) from None
    opening = OPEN_RE.match(text)
    if opening is None:
        return Doc(path=path, text=text, front_matter=None)
    start = opening.end()
    closing = CLOSE_RE.search(text, start)
    if closing is None:
        raise SiteDataError(
            display,
            "malformed front matter: the opening --- has no closing --- line",
            "end the front matter with a line of three dashes",
            1,
        )
    block = text[start : closing.start()]
    try:
        meta, _ = yamlio.parse(block)  # the strict loader: a duplicate key is an error too
    except yaml.YAMLError as exc:
        error = yamlio.error(
            display, exc, 2, "malformed front matter", "correct the YAML between the --- lines"
        )
        raise SiteDataError(error.path, error.problem, error.fix, error.line or 1) from None
    if meta is not None and not isinstance(meta, dict):
        raise SiteDataError(
            display,
            "malformed front matter: it is not a list of key: value lines",
            "write key: value lines between the --- lines",
            2,
        )
    newline = "\r\n" if opening.group(0).endswith("\r\n") else "\n"
    front_matter = (start, closing.start(), newline)
    found = list(STAMP_LINE_RE.finditer(text, start, closing.start()))
    if not found:
        return Doc(path=path, text=text, front_matter=front_matter)
    if len(found) > 1:
        raise SiteDataError(
            display,
            f"{STAMP_KEY} appears twice in the front matter",
            f"delete one of the lines, then run `sitekit stamp {display}`",
            text.count("\n", 0, found[1].start()) + 1,
        )
    match = found[0]
    line = text.count("\n", 0, match.start()) + 1
    value = STAMP_VALUE_RE.match(match.group("value"))
    if value is None:
        raise SiteDataError(
            display,
            f"{STAMP_KEY} {match.group('value')!r} is not {HASH_LENGTH} hex digits",
            f"check the translation against the source, then run `sitekit stamp {display}` "
            "(never type the stamp by hand)",
            line,
        )
    end = match.end() - 1 if match.group(0).endswith("\r") else match.end()
    return Doc(
        path=path,
        text=text,
        front_matter=front_matter,
        stamp=value.group("hash").lower(),
        stamp_line=line,
        stamp_span=(match.start(), end),
    )


def with_stamp(doc: Doc, value: str) -> str:
    """The page text with ``source_hash`` set to ``value``; every other byte unchanged."""
    line = f'{STAMP_KEY}: "{value}"'
    text = doc.text
    if doc.stamp_span is not None:
        start, end = doc.stamp_span
        return text[:start] + line + text[end:]
    if doc.front_matter is not None:
        _, close, newline = doc.front_matter
        return text[:close] + line + newline + text[close:]
    newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    return f"{bom}---{newline}{line}{newline}---{newline}{text.removeprefix(bom)}"


def stamp_command(file: str) -> str:
    """The command that stamps ``file``."""
    return f"sitekit stamp {file}"
