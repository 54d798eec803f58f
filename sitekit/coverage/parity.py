"""Safety parity: the phone numbers, e-mail addresses, URLs and helpline markers of a page, and
which of a source page's a translation lacks (see the package docstring)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sitekit import markers

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
