"""Translation coverage: which translations are current, outdated, missing or orphaned.

Latvian (``docs/lv/``) is the source; ``docs/<lang>/<path>`` is the translation of
``docs/lv/<path>``. Nothing here imports MkDocs: the ``sitekit coverage`` command and
``hooks/translation_coverage.py`` both call :func:`check`.

States, for every source page and every other language:

- **current**: the translation's ``source_hash`` stamp equals the hash of the source page now;
- **outdated**: the stamp differs (the source changed after translation), is absent, or the
  translation cannot be read;
- **missing**: there is no translation file.

A file in a translation folder with no file at the same path in the source folder is an
**orphan**.

The stamp. A translation's front matter records ``source_hash: "<12 hex digits>"``: the first 12
hex digits of the SHA-256 of the *normalised* source page, where normalising is exactly:

1. decode the file as UTF-8 and drop a leading byte-order mark;
2. apply Unicode NFC normalisation (so the same letters typed differently hash alike);
3. split the text on every run of whitespace (spaces, tabs, line breaks, no-break spaces and the
   other Unicode spaces; Python's ``str.split()``) and join the words with one space.

So indentation, trailing spaces, blank lines, line endings and re-wrapped paragraphs never make a
translation outdated; any other change, in the front matter too, does. Only :func:`write_stamps`
(``sitekit stamp``) writes the stamp, and it rewrites only that one front-matter line.

Safety parity. Phone numbers (``tel:`` links, international ``+`` numbers, 112/110/113, EU
``116xxx`` lines, Latvian 8-digit numbers, ``0 800`` numbers, and every number of
``data/helplines.yml``), e-mail addresses, ``http(s)://`` URLs (lower-case scheme) and the ids of
``<!-- helplines: … -->`` markers in the source must all appear in each translation (numbers
compared by their digits, ``+371`` dropped; URLs with case-insensitive host and no trailing slash).
Dropping or altering one is a warning whatever its stamp says. The reverse direction, a
translation adding a number, e-mail or external link that no reviewed file has, is
:mod:`sitekit.parity_extra` (allow-list: ``data/translation_allowlist.yml``).

Git. Where the site is in a git work tree (not a shallow clone), an outdated stamp is looked up
in the source page's history (``git log --raw`` and ``git cat-file --batch``, two processes per
check): the report names the newest commit whose source matches the stamp and the command that
shows what changed since. A stamp that matches no version at all is an error.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sitekit import data, markers, yamlio
from sitekit.errors import SiteDataError
from sitekit.siteconfig import SiteConfig, i18n_options

if TYPE_CHECKING:
    from sitekit import parity_extra

STAMP_KEY = "source_hash"
HASH_LENGTH = 12
CURRENT, OUTDATED, MISSING, ORPHAN = "current", "outdated", "missing", "orphan"
ERROR, WARNING = "error", "warning"
POLICY_KEY = "translation_coverage"
POLICY_OPTIONS = ("critical", "minimum")
# A docs/ folder that the i18n plugin would take for a language: two letters, maybe a region.
LANGUAGE_DIR_RE = re.compile(r"^[a-z]{2}(?:[_-][A-Za-z]{2})?$")
STAMP_LINE_RE = re.compile(
    rf"^{STAMP_KEY}[ \t]*:[ \t]*(?P<value>[^\r\n]*?)[ \t]*(?:#[^\r\n]*)?\r?$", re.MULTILINE
)
STAMP_VALUE_RE = re.compile(rf"^([\"']?)(?P<hash>[0-9a-fA-F]{{{HASH_LENGTH}}})\1$")
OPEN_RE = re.compile(r"\ufeff?---[ \t]*\r?\n")  # front matter starts on the first line
CLOSE_RE = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Policy:
    """``extra.translation_coverage`` in mkdocs.yml."""

    critical: tuple[str, ...] = ()  # globs relative to a language folder, e.g. platforms/*.md
    minimum: dict[str, float] = field(default_factory=dict)  # language -> percent current

    def is_critical(self, path: str) -> bool:
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.critical)


def parse_policy(raw: Any, translations: Iterable[str], where: str = "mkdocs.yml") -> Policy:
    """Validate ``extra.translation_coverage``; mistakes raise :class:`SiteDataError`."""
    translations = tuple(translations)
    key = f"extra.{POLICY_KEY}"
    if raw is None:
        return Policy()
    if not isinstance(raw, dict):
        raise SiteDataError(where, f"{key} must be a mapping", "give it critical: and minimum:")
    unknown = sorted(set(raw) - set(POLICY_OPTIONS))
    if unknown:
        raise SiteDataError(
            where, f"{key} has unknown option {', '.join(unknown)}", "use critical and minimum"
        )
    critical = raw.get("critical") or []
    if not isinstance(critical, list) or not all(isinstance(c, str) and c for c in critical):
        raise SiteDataError(
            where,
            f"{key}.critical must be a list of page paths",
            "list paths inside a language folder, e.g. help.md or platforms/*.md",
        )
    minimum = raw.get("minimum") or {}
    if not isinstance(minimum, dict):
        raise SiteDataError(where, f"{key}.minimum must be a mapping", "write e.g. ru: 100")
    checked: dict[str, float] = {}
    for lang, value in minimum.items():
        if lang not in translations:
            raise SiteDataError(
                where,
                f"{key}.minimum names '{lang}', which is not a translation language",
                f"use one of {', '.join(translations)}",
            )
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
            raise SiteDataError(
                where,
                f"{key}.minimum.{lang} is {value!r}",
                "give a percentage from 0 to 100",
            )
        checked[str(lang)] = float(value)
    return Policy(critical=tuple(critical), minimum=checked)


@dataclass(frozen=True)
class Settings:
    """Everything :func:`check` needs, independent of MkDocs."""

    root: Path  # the folder of mkdocs.yml; reported paths are relative to it
    docs_dir: Path
    source: str
    languages: tuple[str, ...]  # built languages, source included
    policy: Policy = field(default_factory=Policy)
    known_folders: frozenset[str] = frozenset()  # every configured locale, built or not
    nav_titles: tuple[str, ...] = ()
    nav_translations: dict[str, dict[str, str]] = field(default_factory=dict)
    ui_path: Path | None = None
    helplines_path: Path | None = None
    config_name: str = "mkdocs.yml"
    allowlist_path: Path | None = None  # data/translation_allowlist.yml (sitekit.parity_extra)
    site_url: str = ""  # links to its host are internal

    @property
    def translations(self) -> tuple[str, ...]:
        return tuple(lang for lang in self.languages if lang != self.source)

    def rel(self, path: Path) -> str:
        """``path`` as reported: relative to the site root where possible."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def file(self, lang: str, page: str) -> Path:
        return self.docs_dir / lang / page

    @functools.cached_property
    def _docs_strings(self) -> tuple[str, str]:
        return os.fspath(self.docs_dir), self.rel(self.docs_dir)

    def page_paths(self, lang: str, page: str) -> tuple[str, str]:
        """(file-system path, reported path) of ``page`` in ``lang``; fast, no Path objects."""
        real, shown = self._docs_strings
        return f"{real}/{lang}/{page}", f"{shown}/{lang}/{page}"

    @classmethod
    def from_site(cls, site: SiteConfig, docs_dir: Path | None = None) -> Settings:
        """Settings from a parsed mkdocs.yml (``sitekit.siteconfig.load``)."""
        raw = site.raw
        extra = raw.get("extra") or {}
        translations = site.translations
        policy = parse_policy(extra.get(POLICY_KEY), translations)
        languages = i18n_options(raw).get("languages") or []
        nav_translations = {
            str(lang.get("locale")): {
                str(k): "" if v is None else str(v)
                for k, v in (lang.get("nav_translations") or {}).items()
            }
            for lang in languages
            if isinstance(lang, dict)
        }
        data_dir = site.root / str(extra.get("data_dir", "data"))
        helplines = data_dir / "helplines.yml"
        return cls(
            root=site.root,
            docs_dir=docs_dir or site.docs_dir,
            source=site.default_language,
            languages=site.languages,
            policy=policy,
            known_folders=frozenset(
                str(lang.get("locale")) for lang in languages if isinstance(lang, dict)
            )
            | set(site.languages),
            nav_titles=tuple(nav_titles(raw.get("nav"))),
            nav_translations=nav_translations,
            ui_path=data_dir / "ui.yml",
            helplines_path=helplines if helplines.is_file() else None,
            allowlist_path=data_dir / "translation_allowlist.yml",
            site_url=site.site_url,
        )


def nav_titles(nav: Any) -> list[str]:
    """Every title written in an mkdocs.yml ``nav`` (sections, pages and links), once each."""
    found: dict[str, None] = {}

    def walk(items: Any) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                for title, value in item.items():
                    found[str(title)] = None
                    walk(value)

    walk(nav)
    return list(found)


# --------------------------------------------------------------------------- pages and stamps


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


# --------------------------------------------------------------------------- safety parity

KIND_LABELS = {
    "phone": "phone number",
    "email": "e-mail address",
    "url": "web address",
    "helpline": "helpline",
}
# Case-sensitive on purpose: re.IGNORECASE would make every scan several times slower.
URL_RE = re.compile(r"https?://[^\s<>()\[\]{}\"'`*|\\]+")
EMAIL_DOMAIN_RE = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
DIGITS_RE = re.compile(r"[+\d][\d \u00a0+-]*")  # where a phone number can be
TEL_RE = re.compile(r"tel:(\+?[\d.\-]*\d)")
TAG_RE = re.compile(r"<[^>]*>")
_SEP = r"[ \u00a0-]?"
_BEFORE = r"(?<![\w.,+/#=-])"
_AFTER = r"(?![\w]|[.,]\d)"
GENERIC_PHONES = (
    rf"\+\d(?:{_SEP}\d){{6,14}}",  # international: + and 7 to 15 digits
    r"116[ \u00a0]?\d{3}",  # EU harmonised helplines 116xxx
    r"0[ \u00a0]?800(?:[ \u00a0]?\d){6}",  # Ukrainian free lines 0 800 xxx xxx
    r"[2689]\d(?:[ \u00a0]?\d){6}",  # Latvian 8-digit numbers
    r"11[0-3]",  # 110 police, 112 emergency, 113 ambulance
)


@functools.lru_cache(maxsize=4096)
def canonical_phone(number: str) -> str:
    """Digits only (with + for international numbers); Latvian +371 numbers without +371."""
    digits = "".join(char for char in number if char.isdigit() or char == "+")
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if digits.startswith("+371") and len(digits) == 12:
        digits = digits[4:]
    return digits


@functools.lru_cache(maxsize=4096)
def canonical_url(url: str) -> str:
    url = url.rstrip(".,;:!?")
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}".rstrip("/")


def _all(text: str, char: str) -> Iterator[int]:
    at = text.find(char)
    while at >= 0:
        yield at
        at = text.find(char, at + 1)


def _helpline_markers(text: str) -> Iterator[tuple[int, list[str]]]:
    """``markers.find``, quicker on long pages: only lines with an HTML comment are tried."""
    at = text.find("<!--")
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        match = markers.MARKER_RE.match(text, start)
        if match:
            yield text.count("\n", 0, start) + 1, match.group("ids").split()
        at = text.find("<!--", match.end() if match else at + 1)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each span replaced by as many spaces (positions stay)."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@dataclass(frozen=True)
class Item:
    """One safety-critical item of a page: its kind, the text as written and its line."""

    kind: str
    value: str
    line: int

    def describe(self) -> str:
        return f"{KIND_LABELS[self.kind]} {self.value}"


class Extractor:
    """Finds the safety-critical items of a page; build once per check."""

    def __init__(self, known_numbers: Iterable[str] = ()) -> None:
        digits = {canonical_phone(n).lstrip("+") for n in known_numbers if n}
        known = [
            r"\+?" + (_SEP if len(d) >= 6 else "").join(re.escape(c) for c in d)
            for d in sorted(digits, key=len, reverse=True)
        ]
        patterns = [GENERIC_PHONES[0], *known, *GENERIC_PHONES[1:]]
        self.phone_re = re.compile(rf"{_BEFORE}(?:{'|'.join(patterns)}){_AFTER}")

    def _scan(self, text: str, found: dict[tuple[str, str], Item]) -> str:
        """Add helplines, tel: links, URLs and e-mails to ``found``; return the text with URLs,
        e-mails and HTML tags blanked (same length), where phone numbers are looked for."""

        def add(kind: str, canonical: str, value: str, at: int) -> None:
            if (kind, canonical) not in found:
                found[(kind, canonical)] = Item(kind, value.strip(), text.count("\n", 0, at) + 1)

        def blank(match: re.Match[str]) -> str:
            return " " * len(match.group(0))

        for line, ids in _helpline_markers(text):
            for helpline in ids:
                found.setdefault(("helpline", helpline), Item("helpline", helpline, line))
        for match in TEL_RE.finditer(text):
            add("phone", canonical_phone(match.group(1)), match.group(1), match.start())
        blanked = text
        if "://" in text:
            for match in URL_RE.finditer(text):
                url = match.group(0).rstrip(".,;:!?")
                add("url", canonical_url(url), url, match.start())
            blanked = URL_RE.sub(blank, blanked)
        if "@" in text:
            spans = []
            for at in _all(blanked, "@"):
                start = at
                while start > 0 and (blanked[start - 1].isalnum() or blanked[start - 1] in "_.+-"):
                    start -= 1
                domain = EMAIL_DOMAIN_RE.match(blanked, at + 1)
                if start < at and domain:
                    address = blanked[start : domain.end()]
                    add("email", address.lower(), address, start)
                    spans.append((start, domain.end()))
            blanked = _blank(blanked, spans)
        if "<" in text:
            blanked = TAG_RE.sub(blank, blanked)
        return blanked

    def items(self, text: str) -> dict[tuple[str, str], Item]:
        """``{(kind, canonical value): Item}``, first occurrence of each."""
        found: dict[tuple[str, str], Item] = {}
        blanked = self._scan(text, found)
        for run in DIGITS_RE.finditer(blanked):
            for match in self.phone_re.finditer(blanked, run.start(), run.end() + 2):
                number = match.group(0)
                key = ("phone", canonical_phone(number))
                if key not in found:
                    line = text.count("\n", 0, match.start()) + 1
                    found[key] = Item("phone", number.strip(), line)
        return found

    def missing(self, items: dict[tuple[str, str], Item], text: str) -> list[Item]:
        """The source ``items`` that ``text`` lacks. Numbers are looked up one by one (a
        translation is checked against its source, never scanned for every number)."""
        found: dict[tuple[str, str], Item] = {}
        blanked = self._scan(text, found)
        return [
            item
            for key, item in items.items()
            if key not in found and not (key[0] == "phone" and _has_number(blanked, key[1]))
        ]


@functools.lru_cache(maxsize=1024)
def _number_re(canonical: str) -> re.Pattern[str]:
    """The digits of a canonical number, spaced or not, as a translation may write them."""
    digits = canonical.lstrip("+")
    body = (_SEP if len(digits) >= 6 else "").join(re.escape(d) for d in digits)
    return re.compile((r"(?:\+|00)" if canonical.startswith("+") else "") + body + _AFTER)


LATVIAN_PREFIX_RE = re.compile(r"(?:\+|00)371[ \u00a0-]?$")


def _has_number(text: str, canonical: str) -> bool:
    """Whether ``text`` has the number (a Latvian one also after +371 or 00371)."""
    for match in _number_re(canonical).finditer(text):
        start = match.start()
        if len(canonical) == 8 and not canonical.startswith("+"):
            prefix = LATVIAN_PREFIX_RE.search(text, max(0, start - 6), start)
            start = prefix.start() if prefix else start
        before = text[start - 1] if start else " "
        if not (before.isalnum() or before in "_.,+/#=-"):
            return True
    return False


# --------------------------------------------------------------------------- git history


class GitHistory:
    """Past versions of source pages, read from git; absent outside a work tree."""

    def __init__(self, git: str, toplevel: Path, shallow: bool) -> None:
        self.git = git
        self.toplevel = toplevel
        self.shallow = shallow
        self._versions: dict[str, list[tuple[str, str]]] | None = None
        self._hashes: dict[str, str] = {}

    @classmethod
    def open(cls, root: Path) -> GitHistory | None:
        """The repository around ``root``, or None (no git, not a work tree, no commits)."""
        git = shutil.which("git")
        if git is None:
            return None
        try:
            result = subprocess.run(
                [git, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) < 3:
            return None
        return cls(git, Path(lines[0]).resolve(), lines[1] == "true")

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        result = subprocess.run(
            [self.git, "-c", "core.quotePath=false", *args],
            cwd=self.toplevel,
            input=stdin,
            capture_output=True,
            timeout=120,
            check=False,
        )
        return result.stdout if result.returncode == 0 else b""

    def _load(self, folder: Path) -> dict[str, list[tuple[str, str]]]:
        """``{path from the top: [(commit, blob), …] newest first}`` for files under folder."""
        if self._versions is None:
            self._versions = {}
            args = ["log", "--format=%x00%H", "--raw", "--no-abbrev", "--no-renames", "--"]
            out = self._run(*args, str(folder.resolve()))
            commit = ""
            for row in out.decode("utf-8", "replace").splitlines():
                if row.startswith("\x00"):
                    commit = row[1:]
                elif row.startswith(":") and "\t" in row:
                    meta, path = row.split("\t", 1)
                    parts = meta.split()
                    if len(parts) >= 5 and not parts[4].startswith("D"):
                        self._versions.setdefault(path, []).append((commit, parts[3]))
        return self._versions

    def _blob_hashes(self, blobs: list[str]) -> None:
        todo = [b for b in dict.fromkeys(blobs) if b not in self._hashes]
        if not todo:
            return
        out = self._run("cat-file", "--batch", stdin=("\n".join(todo) + "\n").encode())
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].decode().split()
            at = end + 1
            if len(header) < 3:
                continue
            size = int(header[2])
            body = out[at : at + size]
            at += size + 1
            self._hashes[header[0]] = source_hash(body.decode("utf-8", "replace"))

    def find(self, folder: Path, path: Path, stamp: str) -> tuple[str | None, int]:
        """(newest commit whose version of ``path`` has hash ``stamp``, versions searched)."""
        try:
            key = path.resolve().relative_to(self.toplevel).as_posix()
        except ValueError:
            return None, 0
        versions = self._load(folder).get(key, [])
        self._blob_hashes([blob for _, blob in versions])
        for commit, blob in versions:
            if self._hashes.get(blob) == stamp:
                return commit, len(versions)
        return None, len(versions)


# --------------------------------------------------------------------------- the report


@dataclass(frozen=True)
class Problem:
    """Something to fix. ``error``: bad input (exit 2); ``warning``: policy (fails --strict)."""

    level: str
    path: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "file": self.path,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
            "text": str(self),
        }


@dataclass
class Translation:
    """One language's translation of one source page."""

    lang: str
    file: str  # e.g. docs/ru/help.md
    state: str
    reason: str = ""  # for outdated: unstamped, changed, unreadable
    stamp: str | None = None
    since: dict[str, str] | None = None  # commit and command, where git knows
    parity: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "state": self.state,
            "reason": self.reason or None,
            "stamp": self.stamp,
            "since": self.since,
            "parity": [
                {"kind": i.kind, "value": i.value, "source_line": i.line} for i in self.parity
            ],
        }


@dataclass
class PageReport:
    path: str  # inside the language folder, e.g. platforms/tiktok.md
    source_file: str
    hash: str | None
    critical: bool
    translations: dict[str, Translation]

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source_file,
            "hash": self.hash,
            "critical": self.critical,
            "translations": {lang: t.as_dict() for lang, t in self.translations.items()},
        }


@dataclass
class Report:
    source: str
    languages: tuple[str, ...]  # the translation languages
    pages: list[PageReport]
    orphans: dict[str, list[str]]
    problems: list[Problem]
    minimum: dict[str, float]
    git: str  # "available", "shallow", "absent" or "not needed"
    _index: dict[str, PageReport] | None = field(default=None, repr=False)

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per language: counts of each state, percent current, minimum."""
        total = len(self.pages)
        out: dict[str, dict[str, Any]] = {}
        for lang in self.languages:
            counts = {CURRENT: 0, OUTDATED: 0, MISSING: 0}
            for page in self.pages:
                counts[page.translations[lang].state] += 1
            out[lang] = {
                **counts,
                ORPHAN: len(self.orphans.get(lang, [])),
                "total": total,
                "percent": percent(counts[CURRENT], total),
                "minimum": self.minimum.get(lang),
            }
        return out

    def translation(self, lang: str, path: str) -> Translation | None:
        """The ``lang`` translation of source page ``path`` (e.g. ``help.md``)."""
        if self._index is None:
            self._index = {page.path: page for page in self.pages}
        page = self._index.get(path)
        return page.translations.get(lang) if page else None

    def not_current(self) -> Iterator[tuple[PageReport, Translation]]:
        for lang in self.languages:
            for page in self.pages:
                if page.translations[lang].state != CURRENT:
                    yield page, page.translations[lang]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def in_sync(self) -> bool:
        return (
            not self.problems
            and not any(self.orphans.values())
            and not any(True for _ in self.not_current())
        )

    @property
    def exit_code(self) -> int:
        """0 every translation current, 1 out of sync, 2 bad input (as Kubernetes' l10n)."""
        if self.errors:
            return 2
        return 0 if self.in_sync else 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "source": self.source,
            "languages": list(self.languages),
            "git": self.git,
            "summary": self.summary(),
            "pages": [page.as_dict() for page in self.pages],
            "orphans": self.orphans,
            "problems": [problem.as_dict() for problem in self.problems],
            "exit_code": self.exit_code,
        }


def percent(current: int, total: int) -> float:
    return 100.0 if total == 0 else round(100.0 * current / total, 1)


def _files(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative POSIX paths), hidden files and folders skipped."""
    if not folder.is_dir():
        return set()
    base = len(str(folder)) + 1
    found = set()
    for path in folder.rglob("*"):
        rel = str(path)[base:].replace("\\", "/")
        if not any(part.startswith(".") for part in rel.split("/")) and path.is_file():
            found.add(rel)
    return found


def _stamp_cmd(file: str) -> str:
    return f"sitekit stamp {file}"


class _Git:
    """Opens git only when an outdated stamp needs it, at most once per check."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.root = root
        self.enabled = enabled
        self.opened = False
        self.history: GitHistory | None = None

    def get(self) -> GitHistory | None:
        if self.enabled and not self.opened:
            self.opened = True
            self.history = GitHistory.open(self.root)
        return self.history

    def state(self) -> str:
        if not self.opened:
            return "not needed"
        if self.history is None:
            return "absent"
        return "shallow" if self.history.shallow else "available"


class _Checker:
    """One pass over the docs tree: states, parity, interface text, policy."""

    def __init__(self, settings: Settings, use_git: bool) -> None:
        self.settings = settings
        self.problems: list[Problem] = []
        self.git = _Git(settings.root, use_git)
        self.source_dir = settings.docs_dir / settings.source
        self.extractor = Extractor(known_numbers(settings, self.problems))
        self.extra: parity_extra.ExtraCheck | None = None

    def add(self, level: str, path: str, message: str, fix: str, line: int | None = None) -> None:
        self.problems.append(Problem(level, path, message, fix, line))

    def add_error(self, exc: SiteDataError) -> None:
        self.add(ERROR, self.settings.rel(Path(exc.path)), exc.problem, exc.fix, exc.line)

    def run(self) -> Report:
        settings = self.settings
        if not self.source_dir.is_dir():
            raise SiteDataError(
                settings.rel(self.source_dir),
                "the source-language folder does not exist",
                f"put the {settings.source} pages there or correct docs_dir in "
                f"{settings.config_name}",
            )
        self.language_folders()
        source_files = _files(self.source_dir)
        pages = sorted(p for p in source_files if p.endswith(".md"))
        present = {lang: _files(settings.docs_dir / lang) for lang in settings.translations}
        self.critical_patterns(pages)
        self.extra = self.extra_check(pages)
        reports = [self.page(page, present) for page in pages]
        self.unused_allowed()
        orphans: dict[str, list[str]] = {}
        for lang in settings.translations:
            for rel in sorted(present[lang] - source_files):
                file = settings.rel(settings.file(lang, rel))
                orphans.setdefault(lang, []).append(file)
                self.add(
                    WARNING,
                    file,
                    f"orphan: there is no source {settings.rel(self.source_dir / rel)}",
                    "rename it to the path of the page it translates, or delete it",
                )
        self.interface()
        report = Report(
            source=settings.source,
            languages=settings.translations,
            pages=reports,
            orphans=orphans,
            problems=self.problems,
            minimum=dict(settings.policy.minimum),
            git=self.git.state(),
        )
        self.minimums(report)
        return report

    def language_folders(self) -> None:
        settings = self.settings
        for folder in sorted(p for p in settings.docs_dir.iterdir() if p.is_dir()):
            if LANGUAGE_DIR_RE.match(folder.name) and folder.name not in settings.known_folders:
                self.add(
                    ERROR,
                    settings.rel(folder) + "/",
                    f"unknown language folder '{folder.name}': it is not one of the site's "
                    f"languages ({', '.join(settings.languages)}), and the i18n plugin would "
                    "treat it as a language",
                    "rename it (shared files belong in docs/assets/) or add the language to "
                    f"plugins › i18n › languages in {settings.config_name}",
                )

    def critical_patterns(self, pages: list[str]) -> None:
        for pattern in self.settings.policy.critical:
            if not any(fnmatch.fnmatchcase(page, pattern) for page in pages):
                self.add(
                    ERROR,
                    self.settings.config_name,
                    f"extra.{POLICY_KEY}.critical: '{pattern}' matches no page in "
                    f"{self.settings.rel(self.source_dir)}/",
                    "correct the path (relative to the language folder) or remove it",
                )

    def page(self, page: str, present: dict[str, set[str]]) -> PageReport:
        settings = self.settings
        source_path, source_file = settings.page_paths(settings.source, page)
        critical = settings.policy.is_critical(page)
        digest: str | None = None
        items: dict[tuple[str, str], Item] = {}
        source_text: str | None = None
        try:
            doc = read_doc(source_path, source_file)
            digest = source_hash(doc.text)
            source_text = doc.body_for_parity()
            items = self.extractor.items(source_text)
        except SiteDataError as exc:
            self.add_error(exc)
        report = PageReport(page, source_file, digest, critical, {})
        for lang in settings.translations:
            file = settings.page_paths(lang, page)[1]
            if page in present[lang]:
                report.translations[lang] = self.translation(report, lang, file, items, source_text)
                continue
            report.translations[lang] = Translation(lang, file, MISSING)
            if critical:
                self.add(
                    WARNING,
                    file,
                    f"critical page {source_file} has no {lang} translation",
                    f"translate {source_file} into {file}, then run `{_stamp_cmd(file)}`",
                )
        return report

    def translation(
        self,
        page: PageReport,
        lang: str,
        file: str,
        items: dict[tuple[str, str], Item],
        source_text: str | None = None,
    ) -> Translation:
        """Classify one existing translation and check its parity with the source."""
        try:
            doc = read_doc(self.settings.page_paths(lang, page.path)[0], file)
        except SiteDataError as exc:
            self.add_error(exc)
            return Translation(lang, file, OUTDATED, reason="unreadable")
        result = Translation(lang, file, CURRENT, stamp=doc.stamp)
        what = f"translation of critical page {page.source_file}"
        if page.hash is None:
            result.state, result.reason = OUTDATED, "unreadable"
        elif doc.stamp is None:
            result.state, result.reason = OUTDATED, "unstamped"
            if page.critical:
                self.add(
                    WARNING,
                    file,
                    f"{what} has no {STAMP_KEY} stamp, so it is not known to be current",
                    f"check it against {page.source_file}, then run `{_stamp_cmd(file)}`",
                )
        elif doc.stamp != page.hash:
            result.state, result.reason = OUTDATED, "changed"
            result.since = self.since(page, file, doc)
            see = f" (what changed: `{result.since['command']}`)" if result.since else ""
            if page.critical:
                self.add(
                    WARNING,
                    file,
                    f"{what} is outdated: stamped {doc.stamp}, the source is now {page.hash}",
                    f"bring it up to date{see}, then run `{_stamp_cmd(file)}`",
                    doc.stamp_line,
                )
        if items:
            result.parity = self.parity(page, file, doc, items)
        if source_text is not None and self.extra is not None:
            for extra in self.extra.extras(
                lang, page.path, file, page.source_file, source_text, doc.body_for_parity()
            ):
                self.add(WARNING, extra.file, extra.message, extra.fix, extra.line)
        return result

    def extra_check(self, pages: list[str]) -> parity_extra.ExtraCheck | None:
        """The reverse parity check (sitekit.parity_extra); None if its allow-list is bad."""
        from sitekit import parity_extra  # it builds on this module's Extractor

        try:
            return parity_extra.build(self.settings, self.extractor, pages)
        except SiteDataError as exc:
            self.add_error(exc)
            return None

    def unused_allowed(self) -> None:
        if self.extra is None:
            return
        for allowed in self.extra.unused():
            self.add(
                WARNING,
                self.extra.allowlist.path,
                f"{allowed.lang} › {allowed.page}: {allowed.value} is allow-listed but "
                f"docs/{allowed.lang}/{allowed.page} no longer needs it (it is gone, or now in "
                "the source or helplines data)",
                "delete the entry",
                allowed.line,
            )

    def since(self, page: PageReport, file: str, doc: Doc) -> dict[str, str] | None:
        """The commit the stamp was made against and the diff command, where git knows."""
        history = self.git.get()
        if history is None or doc.stamp is None:
            return None
        source_path = self.source_dir / page.path
        commit, versions = history.find(self.source_dir, source_path, doc.stamp)
        if commit:
            command = f"git diff --word-diff {commit[:HASH_LENGTH]} -- {page.source_file}"
            return {"commit": commit, "command": command}
        if versions and not history.shallow:
            self.add(
                ERROR,
                file,
                f"{STAMP_KEY} {doc.stamp} matches no version of {page.source_file} (neither "
                f"the file now nor any of its {versions} versions in git history)",
                f"check the whole translation against {page.source_file}, then run "
                f"`{_stamp_cmd(file)}`",
                doc.stamp_line,
            )
        return None

    def parity(
        self, page: PageReport, file: str, doc: Doc, items: dict[tuple[str, str], Item]
    ) -> list[Item]:
        text = doc.body_for_parity()
        missing = self.extractor.missing(items, text)
        if missing:
            found = self.extractor.items(text)
            kinds = {i.kind for i in missing} - {"helpline"}
            extra = [i.describe() for k, i in found.items() if k not in items and i.kind in kinds]
            hint = f" (the translation has {', '.join(extra)}, not in the source)" if extra else ""
            listed = ", ".join(f"{i.describe()} (line {i.line})" for i in missing)
            self.add(
                WARNING,
                file,
                f"safety parity with {page.source_file}: missing or altered {listed}{hint}",
                f"write each exactly as in {page.source_file}; a translation never drops or "
                "changes one",
            )
        return missing

    def interface(self) -> None:
        """Every nav title and every ui.yml string has a text in every language."""
        settings = self.settings
        for lang in settings.translations:
            table = settings.nav_translations.get(lang, {})
            for title in settings.nav_titles:
                if not table.get(title, "").strip():
                    self.add(
                        WARNING,
                        settings.config_name,
                        f"navigation title '{title}' has no {lang} translation",
                        f"add '{title}: …' under nav_translations of the {lang} language "
                        "(plugins › i18n › languages)",
                    )
        if settings.ui_path is not None:
            try:
                data.load_ui(settings.ui_path, settings.languages)
            except SiteDataError as exc:
                self.add_error(exc)

    def minimums(self, report: Report) -> None:
        summary = report.summary()
        for lang, minimum in report.minimum.items():
            row = summary[lang]
            if row[CURRENT] * 100 >= minimum * row["total"]:
                continue
            behind = [t for _, t in report.not_current() if t.lang == lang]
            listed = ", ".join(f"{t.file} ({t.state})" for t in behind[:10])
            more = f" and {len(behind) - 10} more" if len(behind) > 10 else ""
            self.add(
                WARNING,
                self.settings.rel(self.settings.docs_dir / lang) + "/",
                f"{lang} translation coverage is {row['percent']:g}% ({row[CURRENT]} of "
                f"{row['total']} pages current), below the minimum of {minimum:g}%; not "
                f"current: {listed}{more}",
                "translate the missing pages and update the outdated ones, stamping each with "
                "`sitekit stamp <file>` (`sitekit coverage` lists them all)",
            )


def known_numbers(settings: Settings, problems: list[Problem]) -> list[str]:
    """Every helpline number in data/helplines.yml (validated by sitekit.data)."""
    if settings.helplines_path is None:
        return []
    try:
        helplines = data.load_helplines(settings.helplines_path, settings.languages)
    except SiteDataError as exc:
        problems.append(
            Problem(ERROR, settings.rel(Path(exc.path)), exc.problem, exc.fix, exc.line)
        )
        return []
    return [h.tel for h in helplines.values() if h.tel]


def check(settings: Settings, *, use_git: bool = True) -> Report:
    """Scan the docs tree once and classify every translation; nothing is written.

    Bad content is reported as ``error`` problems; a missing source folder raises
    :class:`SiteDataError`.
    """
    return _Checker(settings, use_git).run()


def summary_table(report: Report) -> str:
    """The per-language table for the build log and the command line."""
    rows = [("lang", CURRENT, OUTDATED, MISSING, ORPHAN, "percent", "minimum")]
    for lang, row in report.summary().items():
        minimum = row["minimum"]
        rows.append(
            (
                lang,
                str(row[CURRENT]),
                str(row[OUTDATED]),
                str(row[MISSING]),
                str(row[ORPHAN]),
                f"{row['percent']:.1f}%",
                "-" if minimum is None else f"{minimum:g}%",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )  # fmt: skip
        for r in rows
    ]
    title = f"Translation coverage of {len(report.pages)} {report.source} pages:"
    return "\n".join([title, *("  " + line for line in lines)])


def describe(translation: Translation, page: PageReport) -> str:
    """One line for the command line: what is wrong and what to do."""
    file = translation.file
    cmd = _stamp_cmd(file)
    if translation.state == MISSING:
        return f"{file}: missing; translate {page.source_file}, then `{cmd}`"
    if translation.reason == "unstamped":
        return f"{file}: not stamped; check it against {page.source_file}, then `{cmd}`"
    if translation.reason == "unreadable":
        return f"{file}: cannot be checked (see the errors below)"
    since = f"; see `{translation.since['command']}`" if translation.since else ""
    return f"{file}: outdated, {page.source_file} changed{since}; then `{cmd}`"


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to a language root) MkDocs gives the page at ``path``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


REASONS = {
    "unstamped": "not stamped",
    "changed": "source changed",
    "unreadable": "cannot be read",
}


def status_model(report: Report, link: Callable[[str, str], str | None]) -> dict[str, Any]:
    """What the editors' status page shows; ``link(lang, path)`` gives a page's URL or None."""
    summary = report.summary()
    pages = []
    for page in report.pages:
        cells = []
        for lang, translation in page.translations.items():
            state = translation.state
            reason = REASONS.get(translation.reason, "")
            cells.append(
                {
                    "lang": lang,
                    "state": state,
                    "label": f"{state} ({reason})" if reason else state,
                    "file": translation.file,
                    "link": None if state == MISSING else link(lang, page.path),
                    "todo": "" if state == CURRENT else describe(translation, page),
                    "parity": [item.describe() for item in translation.parity],
                }
            )
        pages.append(
            {
                "path": page.path,
                "source_file": page.source_file,
                "critical": page.critical,
                "link": link(report.source, page.path),
                "cells": cells,
            }
        )
    return {
        "source": report.source,
        "languages": list(report.languages),
        "total": len(report.pages),
        "summary": [{"lang": lang, **row} for lang, row in summary.items()],
        "pages": pages,
        "orphans": [f for files in report.orphans.values() for f in files],
        "errors": [str(p) for p in report.errors],
        "warnings": [str(p) for p in report.warnings],
        "git": report.git,
        "exit_code": report.exit_code,
    }


# --------------------------------------------------------------------------- stamping


@dataclass(frozen=True)
class StampPlan:
    """A translation to stamp: its new text, and its parity gaps (shown, not blocking)."""

    path: Path
    file: str
    source_file: str
    hash: str
    text: str
    changed: bool
    parity: tuple[Item, ...]


def translation_files(settings: Settings, langs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Existing translation pages of ``langs`` that have a source page, and the orphans skipped."""
    source = _files(settings.docs_dir / settings.source)
    paths: list[Path] = []
    skipped: list[str] = []
    for lang in langs:
        for rel in sorted(p for p in _files(settings.docs_dir / lang) if p.endswith(".md")):
            if rel in source:
                paths.append(settings.file(lang, rel))
            else:
                skipped.append(settings.rel(settings.file(lang, rel)))
    return paths, skipped


def plan_stamps(settings: Settings, paths: Iterable[Path]) -> tuple[list[StampPlan], list[Problem]]:
    """Check each named translation and prepare its stamp; nothing is written."""
    plans: list[StampPlan] = []
    problems: list[Problem] = []
    docs = settings.docs_dir.resolve()
    known = Extractor(known_numbers(settings, problems))
    for given in paths:
        path = Path(given).resolve()
        file = settings.rel(path)
        try:
            parts = path.relative_to(docs).parts
        except ValueError:
            problems.append(
                Problem(ERROR, str(given), "not inside the docs folder", "name a translation")
            )
            continue
        lang, rel = parts[0], "/".join(parts[1:])
        if lang == settings.source or lang not in settings.translations or not rel:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    f"not a translation (only {', '.join(settings.translations)} pages are "
                    "stamped; the source is never stamped)",
                    f"name a file in docs/{'|'.join(settings.translations)}/",
                )
            )
            continue
        if not rel.endswith(".md") or not path.is_file():
            problems.append(Problem(ERROR, file, "no such Markdown page", "check the path"))
            continue
        source_path = settings.file(settings.source, rel)
        source_file = settings.rel(source_path)
        if not source_path.is_file():
            problems.append(
                Problem(
                    ERROR,
                    file,
                    f"orphan: there is no source {source_file} to stamp it against",
                    "rename it to the path of the page it translates, or delete it",
                )
            )
            continue
        try:
            doc = read_doc(path, file)
            source = read_doc(source_path, source_file)
        except SiteDataError as exc:
            problems.append(Problem(ERROR, exc.path, exc.problem, exc.fix, exc.line))
            continue
        digest = source_hash(source.text)
        text = with_stamp(doc, digest)
        items = known.items(source.body_for_parity())
        plans.append(
            StampPlan(
                path=path,
                file=file,
                source_file=source_file,
                hash=digest,
                text=text,
                changed=doc.stamp != digest,
                parity=tuple(known.missing(items, doc.body_for_parity())),
            )
        )
    return plans, problems


def write_stamps(plans: Iterable[StampPlan]) -> int:
    """Write the planned stamps (only files whose stamp changes); return how many."""
    written = 0
    for plan in plans:
        if plan.changed:
            plan.path.write_bytes(plan.text.encode("utf-8"))
            written += 1
    return written
