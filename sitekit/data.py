"""Load and validate the site's YAML data: helplines and interface strings.

Every problem raises :class:`SiteDataError` naming the file, the line of the field (or of the
entry) and the fix. The files are read by the strict loader of ``sitekit.yamlio``.

A helpline entry is checked field by field from :data:`FIELDS` (one checker per field), then
across fields (:func:`_cross_check`). To add a field, add its checker to :data:`FIELDS`.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from sitekit import hours, yamlio
from sitekit.errors import SiteDataError

TEXT_FIELDS = ("name", "when", "hours", "cost", "operator")
# Texts a card may leave out: where the fact sheet does not state them, readers see nothing
# (never an editor's note such as "not stated in the source").
OPTIONAL_TEXTS = ("hours", "cost")
PUBLISHED_RE = re.compile(r"^(19|20)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
CHANNELS = {"phone", "chat", "app", "webform", "email"}
# A channel shown on a card needs the field that lets people use it.
CHANNEL_NEEDS = {"phone": "tel", "email": "email", "chat": "url", "webform": "url"}
TOP_KEYS = ("helplines", "http_sources")
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A Latvian or foreign short code / national number, or E.164 with its leading +. ASCII only:
# Python's \d also matches Arabic-Indic and other digits, which no phone dials from a tel: link.
TEL_RE = re.compile(r"^(?:\+[1-9][0-9]{6,14}|[0-9]{3,10})$")
DISPLAY_RE = re.compile(r"^\+?[0-9]+(?: [0-9]+)*$")
HOST_RE = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$"
)
EMAIL_RE = re.compile(r"^(?P<local>[A-Za-z0-9._%+-]+)@(?P<host>[^@]+)$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
LANG_RE = re.compile(r"^[a-z]{2}$")
UI_KEY_RE = re.compile(r"^[a-z][a-z0-9_]*$")
# Never in a URL or address we put in an href: they could end the attribute or the tag.
UNSAFE_CHARS = set("\"'<>\\`")
BIDI_CONTROLS = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# A `verified` date may be one day ahead of the build machine's date (time zones).
FUTURE_SLACK = dt.timedelta(days=1)


@dataclass(frozen=True)
class Helpline:
    """One validated helpline or service."""

    id: str
    tel: str | None
    display: str | None
    url: str | None
    email: str | None
    channels: tuple[str, ...]
    languages: tuple[str, ...]
    strip: bool
    texts: dict[str, dict[str, str]]  # field -> language -> text
    source: str
    verified: dt.date
    line: int
    open: hours.Hours | None = None  # confirmed opening hours; None = not confirmed
    published: str | None = None  # when the source was published: YYYY, YYYY-MM or YYYY-MM-DD

    def text(self, field: str, lang: str) -> str:
        return self.texts[field][lang]

    def as_context(self, lang: str) -> dict[str, Any]:
        """A plain dict for templates, with texts already in ``lang``."""
        return {
            "id": self.id,
            "tel": self.tel,
            "display": self.display,
            "url": self.url,
            "email": self.email,
            "channels": list(self.channels),
            "languages": list(self.languages),
            "source": self.source,
            "verified": self.verified.isoformat(),
            "open": self.open.as_json() if self.open else None,
            "published": self.published,
            **{
                field: self.texts[field][lang] if field in self.texts else None
                for field in TEXT_FIELDS
            },
        }


# --------------------------------------------------------------------------- node helpers


def _key_lines(node: yaml.Node | None) -> dict[Any, int]:
    """1-based line of each key of a mapping node (keys as written)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value}


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value node of ``key`` in a mapping node."""
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                return v
    return None


def _hidden(ch: str) -> bool:
    """A control character (other than line break and tab) or a text-direction override: they
    never belong in these texts, and direction overrides can show digits in another order."""
    return ch in BIDI_CONTROLS or (unicodedata.category(ch) == "Cc" and ch not in "\n\t")


def _kind(value: Any) -> str:
    """How an editor would call a YAML value that is not text."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    return type(value).__name__


# --------------------------------------------------------------------------- texts


def _texts(
    path: Path,
    where: str,
    value: Any,
    languages: tuple[str, ...],
    line: int | None,
    node: yaml.Node | None = None,
) -> dict[str, str]:
    """One non-empty string per language; ``node`` (the mapping) gives each language's line."""
    if not isinstance(value, dict):
        raise SiteDataError(
            path,
            f"{where} must map each language to a text, not {_kind(value)}",
            "write " + ", ".join(f"{lang}: …" for lang in languages),
            line,
        )
    lines = _key_lines(node)
    missing = [lang for lang in languages if value.get(lang) is None or value.get(lang) == ""]
    if missing:
        raise SiteDataError(
            path,
            f"{where} has no text for {', '.join(missing)}",
            f"add the {', '.join(missing)} text",
            lines.get(missing[0], line),
        )
    unknown = sorted(map(str, set(value) - set(languages)))
    if unknown:
        raise SiteDataError(
            path,
            f"{where} has unknown language {', '.join(unknown)}",
            f"use only {', '.join(languages)}",
            lines.get(unknown[0], line),
        )
    for lang in languages:
        text = value[lang]
        if not isinstance(text, str):
            raise SiteDataError(
                path,
                f"{where}: the {lang} text is {_kind(text)}, not text",
                "write the text on the same line; put it in double quotes if it starts with "
                '[ { " or contains ": " or " #", e.g. lv: "Visu diennakti"',
                lines.get(lang, line),
            )
        hidden = next((ch for ch in text if _hidden(ch)), None)
        if hidden is not None:
            raise SiteDataError(
                path,
                f"{where}: the {lang} text contains the invisible character "
                f"U+{ord(hidden):04X} ({unicodedata.name(hidden, 'a control character')})",
                "delete it (retype the text around it if you cannot see it)",
                lines.get(lang, line),
            )
        if not "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip():
            raise SiteDataError(
                path, f"{where} has no text for {lang}", f"add the {lang} text", lines.get(lang)
            )
    return {lang: value[lang].strip() for lang in languages}


# --------------------------------------------------------------------------- one entry


@dataclass
class _Entry:
    """What the field checkers of one helpline entry need."""

    path: Path
    where: str  # "helpline 'childline'"
    line: int | None  # of the entry
    node: yaml.Node | None  # the entry's mapping node
    languages: tuple[str, ...]
    today: dt.date
    http_hosts: frozenset[str]
    lines: dict[Any, int] = field(default_factory=dict)

    def fail(self, problem: str, fix: str, key: str | None = None) -> SiteDataError:
        line = self.lines.get(key, self.line) if key else self.line
        return SiteDataError(self.path, f"{self.where}: {problem}", fix, line)


Checker = Callable[[Any, _Entry, str], Any]


@dataclass(frozen=True)
class FieldSpec:
    """How one helpline field is checked: ``check(value, entry, key)`` returns the clean value."""

    check: Checker
    required: bool = True


def _id(value: Any, entry: _Entry, key: str) -> str:
    if not isinstance(value, str) or not ID_RE.match(value):
        raise entry.fail(
            f"invalid id {value!r}",
            "use lower-case letters, digits and hyphens, e.g. crisis-line",
            key,
        )
    return value


def _not_ascii_digits(value: str) -> bool:
    return any(ch.isdigit() and not "0" <= ch <= "9" for ch in value)


def _tel(value: Any, entry: _Entry, key: str) -> str:
    fix = 'write tel as digits 0-9 in quotes, E.164 with + for full numbers: tel: "+37128612120"'
    if not isinstance(value, str):
        raise entry.fail(f"invalid number {value!r}: tel must be text in quotes", fix, key)
    if _not_ascii_digits(value):
        raise entry.fail(
            f"invalid number {value!r}: it has digits other than 0-9 (e.g. Arabic-Indic)", fix, key
        )
    if not TEL_RE.match(value):
        raise entry.fail(f"invalid number {value!r}", fix, key)
    return value


def _display(value: Any, entry: _Entry, key: str) -> str:
    fix = 'write the digits 0-9 of tel, spaced for reading, in quotes: display: "+371 28612120"'
    if not isinstance(value, str):
        raise entry.fail(f"invalid display {value!r}: it must be text in quotes", fix, key)
    if _not_ascii_digits(value):
        raise entry.fail(
            f"invalid display {value!r}: it has digits other than 0-9 (e.g. Arabic-Indic)",
            fix,
            key,
        )
    if not DISPLAY_RE.match(value):
        raise entry.fail(
            f"invalid display {value!r}: only digits, single spaces and a leading +", fix, key
        )
    return value


def url_problem(url: str, allowed_http: frozenset[str] = frozenset()) -> str | None:
    """Why ``url`` may not be linked, or None: https (http only for ``allowed_http`` hosts),
    a plain host name, printable ASCII without quotes, angle brackets, spaces or backslashes."""
    bad = sorted({ch for ch in url if ch in UNSAFE_CHARS or ch.isspace() or not ch.isprintable()})
    if bad:
        return f"it contains {' '.join(repr(ch) for ch in bad)}"
    if not url.isascii():
        return "it contains non-ASCII characters"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not url.startswith(parts.scheme + "://"):
        return "it does not start with https://"
    host = parts.netloc
    if "@" in host:
        return "it has a user name or password (@) before the host"
    if ":" in host:
        return "it has a port number"
    if not HOST_RE.match(host.lower()):
        return f"the host {host!r} is not a domain name such as example.lv"
    if parts.scheme == "http" and host.lower() not in allowed_http:
        return "it is http://, not https://"
    return None


def _url(value: Any, entry: _Entry, key: str) -> str:
    problem = url_problem(value) if isinstance(value, str) else "it is not text"
    if problem:
        raise entry.fail(
            f"invalid url {value!r}: {problem}",
            "write the full https:// address of the service, e.g. https://www.example.lv/help",
            key,
        )
    return value


def _source(value: Any, entry: _Entry, key: str) -> str:
    problem = url_problem(value, entry.http_hosts) if isinstance(value, str) else "not text"
    if problem:
        raise entry.fail(
            f"invalid source {value!r}: {problem}",
            "give the https:// URL that confirms the entry (an http:// one only if its host is "
            "listed under http_sources: at the top of the file, after review)",
            key,
        )
    return value


def _email(value: Any, entry: _Entry, key: str) -> str:
    match = EMAIL_RE.match(value) if isinstance(value, str) else None
    if not match or not HOST_RE.match(match["host"]):
        raise entry.fail(f"invalid e-mail {value!r}", "write a full address, name@example.lv", key)
    return value


def _channels(value: Any, entry: _Entry, key: str) -> tuple[str, ...]:
    fix = f"list one or more of {', '.join(sorted(CHANNELS))}, e.g. channels: [phone, chat]"
    if not isinstance(value, list) or not value:
        raise entry.fail(f"invalid channels {value!r}: not a list of channels", fix, key)
    for number, item in enumerate(value, start=1):
        if not isinstance(item, str):
            raise entry.fail(
                f"invalid channels: item {number} is {_kind(item)}, not a channel name", fix, key
            )
        if item not in CHANNELS:
            raise entry.fail(f"invalid channels: unknown channel {item!r}", fix, key)
    if len(set(value)) != len(value):
        raise entry.fail("invalid channels: a channel is listed twice", "list each once", key)
    return tuple(value)


def _languages(value: Any, entry: _Entry, key: str) -> tuple[str, ...]:
    if (
        not isinstance(value, list)
        or not all(isinstance(x, str) and LANG_RE.match(x) for x in value)
        or len(set(value)) != len(value)
    ):
        raise entry.fail(
            f"invalid languages {value!r}",
            "list two-letter codes once each ([lv, ru, en]), or [] where not confirmed",
            key,
        )
    return tuple(value)


def _flag(value: Any, entry: _Entry, key: str) -> bool:
    if not isinstance(value, bool):
        raise entry.fail(
            f"{key} must be true or false, not {value!r}",
            f"write {key}: true or {key}: false, without quotes",
            key,
        )
    return value


def _text(value: Any, entry: _Entry, key: str) -> dict[str, str]:
    node = _child(entry.node, key)
    return _texts(
        entry.path, f"{entry.where}: {key}", value, entry.languages, entry.lines.get(key), node
    )


def _published(value: Any, entry: _Entry, key: str) -> str:
    if not isinstance(value, str) or not PUBLISHED_RE.match(value):
        raise entry.fail(
            f"{key} {value!r} is not a year, YYYY-MM or YYYY-MM-DD in quotes",
            'write when the source was published, e.g. published: "2023-02"',
            key,
        )
    if value > entry.today.isoformat()[: len(value)]:
        raise entry.fail(f"{key} {value} is in the future", "write the source's own date", key)
    return value


def _date(value: Any, entry: _Entry, key: str) -> dt.date:
    date = None
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            date = dt.date.fromisoformat(value)
        except ValueError:
            date = None
    if date is None:
        raise entry.fail(f"malformed date {key}: {value!r}", "write it as YYYY-MM-DD", key)
    if date > entry.today + FUTURE_SLACK:
        raise entry.fail(
            f"{key} date {value} is in the future",
            f"write the date the entry was checked, YYYY-MM-DD (today is {entry.today})",
            key,
        )
    return date


def _open(value: Any, entry: _Entry, key: str) -> hours.Hours:
    return hours.parse(
        value,
        tuple(sorted(CHANNELS)),
        path=str(entry.path),
        where=entry.where,
        line=entry.lines.get(key, entry.line),
    )


FIELDS: dict[str, FieldSpec] = {
    "id": FieldSpec(_id),
    "tel": FieldSpec(_tel, required=False),
    "display": FieldSpec(_display, required=False),
    "url": FieldSpec(_url, required=False),
    "email": FieldSpec(_email, required=False),
    "channels": FieldSpec(_channels),
    "languages": FieldSpec(_languages),
    "strip": FieldSpec(_flag, required=False),
    **{name: FieldSpec(_text, required=name not in OPTIONAL_TEXTS) for name in TEXT_FIELDS},
    "published": FieldSpec(_published, required=False),
    "source": FieldSpec(_source),
    "verified": FieldSpec(_date),
    "open": FieldSpec(_open, required=False),
}
REQUIRED = tuple(name for name, spec in FIELDS.items() if spec.required)
OPTIONAL = tuple(name for name, spec in FIELDS.items() if not spec.required)


def _cross_check(values: dict[str, Any], entry: _Entry) -> None:
    """Rules between fields: tel and display agree, each channel has what it needs."""
    tel, display = values.get("tel"), values.get("display")
    if tel is not None:
        if display is None or display.replace(" ", "") != tel:
            raise entry.fail(
                f"display {display!r} does not show the number {tel}",
                "make display the same digits as tel, spaced for reading",
                "display" if display is not None else "tel",
            )
    elif display is not None:
        raise entry.fail("display without tel", "add tel or remove display", "display")
    if tel is None and values.get("url") is None:
        raise entry.fail("neither tel nor url", "give the number (tel) or the web address (url)")
    opening = values.get("open")
    for channel in opening.channels if opening else ():
        if channel not in values["channels"]:
            raise entry.fail(
                f"open: hours for {channel}, which is not in the entry's channels",
                f"use one of {', '.join(values['channels'])}",
                "open",
            )
    for channel in values["channels"]:
        needed = CHANNEL_NEEDS.get(channel)
        if needed and values.get(needed) is None:
            raise entry.fail(
                f"channel {channel} has no {needed}: the card would show no way to use it",
                f"add {needed}, or remove {channel} from channels",
                "channels",
            )


def _helpline(
    path: Path,
    raw: Any,
    line: int | None,
    node: yaml.Node | None,
    languages: tuple[str, ...],
    today: dt.date,
    http_hosts: frozenset[str],
) -> Helpline:
    if not isinstance(raw, dict):
        raise SiteDataError(path, "a helpline entry must be a mapping", "indent its fields", line)
    name = raw.get("id", "?")
    entry = _Entry(path, f"helpline '{name}'", line, node, languages, today, http_hosts)
    entry.lines = _key_lines(node)
    unknown = sorted(map(str, set(raw) - set(FIELDS)))
    if unknown:
        raise entry.fail(
            f"unknown key {', '.join(unknown)}",
            f"remove it or use one of {', '.join(FIELDS)}",
            unknown[0],
        )
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise entry.fail(f"missing {', '.join(missing)}", f"add {', '.join(missing)}")
    values = {key: spec.check(raw[key], entry, key) for key, spec in FIELDS.items() if key in raw}
    _cross_check(values, entry)
    return Helpline(
        id=values["id"],
        tel=values.get("tel"),
        display=values.get("display"),
        url=values.get("url"),
        email=values.get("email"),
        channels=values["channels"],
        languages=values["languages"],
        strip=values.get("strip", False),
        texts={name: values[name] for name in TEXT_FIELDS if name in values},
        source=values["source"],
        verified=values["verified"],
        line=line or 0,
        open=values.get("open"),
        published=values.get("published"),
    )


# --------------------------------------------------------------------------- files


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


def load_helplines(
    path: str | Path, languages: tuple[str, ...], *, today: dt.date | None = None
) -> dict[str, Helpline]:
    """Validate the helplines file and return its entries by id, in file order.

    ``today`` (default: the date now) is what a ``verified`` date may not be later than.
    """
    path = Path(path)
    today = today or dt.date.today()
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
    """Validate the interface strings: every key has a text (a string) in every language."""
    path = Path(path)
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


# --------------------------------------------------------------------------- staleness


def stale(helplines: dict[str, Helpline], today: dt.date, max_age_days: int) -> list[Helpline]:
    """Entries whose ``verified`` date is older than ``max_age_days``."""
    return [h for h in helplines.values() if (today - h.verified).days > max_age_days]


@dataclass(frozen=True)
class Recheck:
    """A helpline due for re-checking against its source, for the editors' report."""

    id: str
    line: int
    verified: dt.date
    due: dt.date  # the first day it counted as due
    source: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "line": self.line,
            "verified": self.verified.isoformat(),
            "due": self.due.isoformat(),
            "source": self.source,
        }


def due_for_recheck(
    helplines: dict[str, Helpline], today: dt.date, max_age_days: int
) -> list[Recheck]:
    """The :func:`stale` entries, oldest first. Information for editors, never a build failure:
    the build must not start failing because the calendar moved on."""
    due = sorted(stale(helplines, today, max_age_days), key=lambda h: (h.verified, h.line))
    return [
        Recheck(
            h.id, h.line, h.verified, h.verified + dt.timedelta(days=max_age_days + 1), h.source
        )
        for h in due
    ]


def max_age_days(extra: dict[str, Any], where: str = "mkdocs.yml") -> int:
    """``extra.helplines_max_age_days`` (default 365), a whole number of days."""
    value = extra.get("helplines_max_age_days", 365)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SiteDataError(
            where,
            f"extra.helplines_max_age_days must be a whole number of days, not {value!r}",
            "write e.g. helplines_max_age_days: 365",
        )
    return value


def recheck_model(
    path: Path | None, languages: tuple[str, ...], max_age: int, today: dt.date, shown: str
) -> dict[str, Any]:
    """The "helplines due for re-checking" list of the editors' report, as plain data.

    ``shown`` is how the report names the file; ``error`` is set when the file does not load
    (the build and ``sitekit coverage`` report that error themselves).
    """
    model: dict[str, Any] = {
        "file": shown,
        "today": today.isoformat(),
        "max_age_days": max_age,
        "present": path is not None,
        "entries": [],
        "error": None,
    }
    if path is None:
        return model
    try:
        helplines = load_helplines(path, languages, today=today)
    except SiteDataError as exc:
        model["error"] = str(exc)
        return model
    model["entries"] = [r.as_dict() for r in due_for_recheck(helplines, today, max_age)]
    return model
