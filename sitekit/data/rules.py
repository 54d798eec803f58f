"""What a valid helpline value looks like: field names, channels, the shapes of ids, numbers,
host names, e-mail addresses and dates, and the rules for URLs we put in an ``href``."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

TEXT_FIELDS = ("name", "when", "when_adults", "hours", "cost", "operator")
# Texts a card may leave out: where the fact sheet does not state them, readers see nothing
# (never an editor's note such as "not stated in the source"). ``when_adults`` is the wording
# for pages with ``audience: adults`` (sitekit.audience); such a page naming an entry without it
# fails the build.
OPTIONAL_TEXTS = ("hours", "cost", "when_adults")
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
