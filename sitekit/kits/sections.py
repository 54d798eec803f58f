"""Splitting a lesson page's rendered HTML at its ``<h2>`` headings and rewriting its links for
a document that has no site around it."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from sitekit.sandbox import Sandbox

H2_SPLIT_RE = re.compile(r"(?=<h2[\s>])")
H2_TEXT_RE = re.compile(r"<h2[^>]*>(?P<inner>.*?)</h2>", re.S)
H2_ID_RE = re.compile(r"<h2[^>]*\sid=\"(?P<id>[^\"]*)\"")
TAG_RE = re.compile(r"<[^>]+>")
ATTR_URL_RE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
# attr_list puts the class of a loose list item ("1. …\n   {: .answer-box }" with blank lines
# between items) on the item's paragraph; the answer space belongs to the item.
ANSWER_P_RE = re.compile(r'<li>(?P<space>\s*)<p class="(?P<cls>answer-(?:box|none|lines-[1-9]))">')


@dataclass(frozen=True)
class Chunk:
    """A ``<h2>`` section of the page: its heading text, the key of the required section it is
    (``None`` for other sections) and its HTML, heading included."""

    title: str
    key: str | None
    html: str


def split_sections(html: str) -> tuple[str, list[tuple[str, str]]]:
    """Split rendered page HTML at its ``<h2>`` headings: (preamble, [(heading text, html)])."""
    parts = H2_SPLIT_RE.split(html)
    preamble, sections = parts[0], []
    for part in parts[1:]:
        match = H2_TEXT_RE.match(part)
        inner = match.group("inner") if match else ""
        sections.append((" ".join(htmllib.unescape(TAG_RE.sub("", inner)).split()), part))
    return preamble, sections


def section_ids(html: str) -> dict[str, str]:
    """The ``<h2 id="…">`` sections of ``html`` by id (e.g. ``before`` and ``after`` letters)."""
    _, parts = split_sections(html)
    found = {}
    for _, part in parts:
        match = H2_ID_RE.match(part)
        if match:
            found[htmllib.unescape(match.group("id"))] = part
    return found


def answer_classes(html: str) -> str:
    """Move an answer-space class (``answer-box``, ``answer-lines-N``, ``answer-none``) from a
    list item's first paragraph to the item itself."""
    return ANSWER_P_RE.sub(r'<li class="\g<cls>">\g<space><p>', html)


def absolute_links(html: str, page_url: str) -> str:
    """Make relative ``href`` links absolute against ``page_url`` (a PDF or DOCX has no site
    around it); in-page anchors and ``src`` attributes stay as they are."""

    def replace(match: re.Match[str]) -> str:
        url = htmllib.unescape(match.group("url"))
        if match.group("attr") != "href" or not url or url.startswith("#") or urlsplit(url).scheme:
            return match.group(0)
        return f'{match.group("attr")}="{htmllib.escape(urljoin(page_url, url))}"'

    return ATTR_URL_RE.sub(replace, html)


def local_resources(html: str, base_url: str, sandbox: Sandbox) -> Iterator[tuple[str, bytes]]:
    """(url, bytes) of every local file an ``src`` attribute of ``html`` points at; a file the
    sandbox does not allow raises :class:`SiteDataError`."""
    for match in ATTR_URL_RE.finditer(html):
        if match.group("attr") != "src":
            continue
        url = urljoin(base_url, htmllib.unescape(match.group("url")))
        if urlsplit(url).scheme == "file":
            path = sandbox.path(url)
            if path.is_file():
                yield url, path.read_bytes()
