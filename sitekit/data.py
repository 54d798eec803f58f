"""Load and validate the site's YAML data: helplines and interface strings.

Every problem raises :class:`SiteDataError` naming the file, the entry and line, and the fix.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sitekit import yamlio
from sitekit.errors import SiteDataError

TEXT_FIELDS = ("name", "when", "hours", "cost", "operator")
REQUIRED = ("id", "channels", "languages", "source", "verified", *TEXT_FIELDS)
OPTIONAL = ("tel", "display", "url", "email", "strip")
CHANNELS = {"phone", "chat", "app", "webform", "email"}
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A Latvian or foreign short code / national number, or E.164 with its leading +.
TEL_RE = re.compile(r"^(?:\+[1-9]\d{6,14}|\d{3,10})$")
URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")


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
            **{field: self.texts[field][lang] for field in TEXT_FIELDS},
        }


def _item_lines(node: yaml.Node | None, key: str) -> list[int]:
    """1-based start line of each item in the top-level sequence ``key``."""
    if not isinstance(node, yaml.MappingNode):
        return []
    for k, v in node.value:
        if k.value == key and isinstance(v, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in v.value]
    return []


def _texts(
    path: Path, where: str, value: Any, languages: tuple[str, ...], line: int | None
) -> dict[str, str]:
    if not isinstance(value, dict):
        raise SiteDataError(
            path,
            f"{where} must map each language to a text",
            "write " + ", ".join(f"{lang}: …" for lang in languages),
            line,
        )
    missing = [lang for lang in languages if not str(value.get(lang) or "").strip()]
    if missing:
        raise SiteDataError(
            path,
            f"{where} has no text for {', '.join(missing)}",
            f"add the {', '.join(missing)} text",
            line,
        )
    unknown = sorted(set(value) - set(languages))
    if unknown:
        raise SiteDataError(
            path,
            f"{where} has unknown language {', '.join(unknown)}",
            f"use only {', '.join(languages)}",
            line,
        )
    return {lang: str(value[lang]).strip() for lang in languages}


def _digits(number: str) -> str:
    return re.sub(r"[^\d+]", "", number)


def _helpline(path: Path, raw: Any, line: int | None, languages: tuple[str, ...]) -> Helpline:
    if not isinstance(raw, dict):
        raise SiteDataError(path, "a helpline entry must be a mapping", "indent its fields", line)
    name = raw.get("id", "?")
    where = f"helpline '{name}'"

    def fail(problem: str, fix: str) -> SiteDataError:
        return SiteDataError(path, f"{where}: {problem}", fix, line)

    unknown = sorted(set(raw) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise fail(
            f"unknown key {', '.join(unknown)}",
            f"remove it or use one of {', '.join(REQUIRED + OPTIONAL)}",
        )
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise fail(f"missing {', '.join(missing)}", f"add {', '.join(missing)}")
    if not isinstance(name, str) or not ID_RE.match(name):
        raise fail("invalid id", "use lower-case letters, digits and hyphens, e.g. crisis-line")
    tel = raw.get("tel")
    display = raw.get("display")
    if tel is not None:
        tel = str(tel)
        if not TEL_RE.match(tel):
            raise fail(
                f"invalid number {tel!r}",
                "write tel as digits, E.164 with + for full numbers (+37128612120)",
            )
        if display is None or _digits(str(display)).lstrip("+") != tel.lstrip("+"):
            raise fail(
                f"display {display!r} does not show the number {tel}",
                "make display the same digits as tel, spaced for reading",
            )
    elif display is not None:
        raise fail("display without tel", "add tel or remove display")
    url = raw.get("url")
    if url is not None and not URL_RE.match(str(url)):
        raise fail(f"invalid url {url!r}", "write a full https:// address")
    if tel is None and url is None:
        raise fail("neither tel nor url", "give the number (tel) or the web address (url)")
    email = raw.get("email")
    if email is not None and not EMAIL_RE.match(str(email)):
        raise fail(f"invalid e-mail {email!r}", "write a full address, name@example.lv")
    channels = raw["channels"]
    if not isinstance(channels, list) or not channels or set(channels) - CHANNELS:
        raise fail(
            f"invalid channels {channels!r}", f"list one or more of {', '.join(sorted(CHANNELS))}"
        )
    langs = raw["languages"]
    if not isinstance(langs, list) or any(not re.fullmatch(r"[a-z]{2}", str(x)) for x in langs):
        raise fail(
            f"invalid languages {langs!r}",
            "list two-letter codes ([lv, ru, en]), or [] where not confirmed",
        )
    if not URL_RE.match(str(raw["source"])):
        raise fail(f"invalid source {raw['source']!r}", "give the URL that confirms the entry")
    verified = raw["verified"]
    if isinstance(verified, str):
        try:
            verified = dt.date.fromisoformat(verified)
        except ValueError:
            verified = None
    if not isinstance(verified, dt.date) or isinstance(verified, dt.datetime):
        raise fail(f"malformed date verified: {raw['verified']!r}", "write it as YYYY-MM-DD")
    texts = {
        field: _texts(path, f"{where}: {field}", raw[field], languages, line)
        for field in TEXT_FIELDS
    }
    return Helpline(
        id=name,
        tel=tel,
        display=str(display) if display is not None else None,
        url=url,
        email=email,
        channels=tuple(channels),
        languages=tuple(langs),
        strip=bool(raw.get("strip", False)),
        texts=texts,
        source=str(raw["source"]),
        verified=verified,
        line=line or 0,
    )


def load_helplines(path: str | Path, languages: tuple[str, ...]) -> dict[str, Helpline]:
    """Validate the helplines file and return its entries by id, in file order."""
    path = Path(path)
    data, node = yamlio.read_file(path)
    if not isinstance(data, dict) or not isinstance(data.get("helplines"), list):
        raise SiteDataError(path, "no 'helplines:' list at the top", "start with helplines:")
    lines = _item_lines(node, "helplines")
    found: dict[str, Helpline] = {}
    for index, raw in enumerate(data["helplines"]):
        line = lines[index] if index < len(lines) else None
        entry = _helpline(path, raw, line, languages)
        if entry.id in found:
            raise SiteDataError(
                path, f"helpline id '{entry.id}' is used twice", "give each entry its own id", line
            )
        found[entry.id] = entry
    return found


def stale(helplines: dict[str, Helpline], today: dt.date, max_age_days: int) -> list[Helpline]:
    """Entries whose ``verified`` date is older than ``max_age_days``."""
    return [h for h in helplines.values() if (today - h.verified).days > max_age_days]


def load_ui(path: str | Path, languages: tuple[str, ...]) -> dict[str, dict[str, str]]:
    """Validate the interface strings: every key has a text in every language."""
    path = Path(path)
    data, node = yamlio.read_file(path)
    if not isinstance(data, dict) or not data:
        raise SiteDataError(path, "expected a mapping of keys to texts", "write key: {lv: …}")
    lines = {}
    if isinstance(node, yaml.MappingNode):
        lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    return {
        key: _texts(path, f"string '{key}'", value, languages, lines.get(key))
        for key, value in data.items()
    }
