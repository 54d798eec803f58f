"""One helpline entry: the :class:`Helpline` it becomes, one checker per field (:data:`FIELDS`),
and the checks across fields. To add a field, add its checker to :data:`FIELDS`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitekit import hours
from sitekit.data.nodes import _child, _key_lines, _kind, _texts
from sitekit.data.rules import (
    CHANNEL_NEEDS,
    CHANNELS,
    DATE_RE,
    DISPLAY_RE,
    EMAIL_RE,
    FUTURE_SLACK,
    HOST_RE,
    ID_RE,
    LANG_RE,
    OPTIONAL_TEXTS,
    PUBLISHED_RE,
    TEL_RE,
    TEXT_FIELDS,
    url_problem,
)
from sitekit.errors import SiteDataError


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
