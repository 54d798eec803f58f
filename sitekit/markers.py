"""Helpline markers in Markdown: ``<!-- helplines: emergency childline -->``.

A marker on its own line is replaced by cards rendered from the helplines data. An unknown id
is an error that names the page and line. A comment that looks like a marker but was not
expanded (misspelt, no colon, inside a paragraph) is an error too (:func:`stray`, checked on
the rendered page by ``sitekit.content_policy``): it would vanish and the page ship without its
helplines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable

from sitekit.errors import SiteDataError

MARKER_RE = re.compile(r"^[ \t]*<!--\s*helplines:(?P<ids>[^>]*?)-->[ \t]*$", re.MULTILINE)
# Every marker the hooks expand, and how each is written.
MARKERS = {
    "helplines": "<!-- helplines: id id ... -->",
    "lessons-index": "<!-- lessons-index -->",
    "lesson-downloads": "<!-- lesson-downloads -->",
}
# A marker that may stay in the page (a placeholder, empty when lesson downloads are off).
PLACEHOLDERS = frozenset({"lesson-downloads"})
_FIRST_WORD_RE = re.compile(r"\s*([^\s:]+)")


def find(markdown: str) -> list[tuple[int, list[str]]]:
    """Every marker as (1-based line, ids)."""
    return [
        (markdown.count("\n", 0, m.start()) + 1, m.group("ids").split())
        for m in MARKER_RE.finditer(markdown)
    ]


def expand(
    markdown: str,
    *,
    page: str,
    known: Iterable[str],
    render: Callable[[list[str]], str],
    line_offset: int = 0,
) -> str:
    """Replace each marker with ``render(ids)``; fail on an empty marker or an unknown id.

    ``line_offset`` is the number of lines before ``markdown`` in the file (front matter).
    """
    known = set(known)

    def replace(match: re.Match[str]) -> str:
        line = markdown.count("\n", 0, match.start()) + 1 + line_offset
        ids = match.group("ids").split()
        if not ids:
            raise SiteDataError(page, "empty helplines marker", "name at least one id", line)
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise SiteDataError(
                page,
                f"unknown helpline id {', '.join(unknown)}",
                f"use one of {', '.join(sorted(known))}, or add it to data/helplines.yml",
                line,
            )
        html = "\n".join(row for row in render(ids).splitlines() if row.strip())
        return f"\n{html}\n"

    return MARKER_RE.sub(replace, markdown)


def is_marker_line(line: str) -> bool:
    """Whether a line of Markdown is a marker that the hooks expand (or a placeholder)."""
    text = line.strip()
    if MARKER_RE.fullmatch(text):
        return True
    inner = text.removeprefix("<!--").removesuffix("-->").strip()
    return (
        text.startswith("<!--")
        and text.endswith("-->")
        and inner in ("lessons-index", *PLACEHOLDERS)
    )


def stray(comment: str) -> tuple[str, str] | None:
    """(problem, fix) when an HTML comment left in a rendered page looks like a marker.

    Markers are expanded before the page is rendered, so one that remains was not recognised:
    its first word starts with ``helpline`` or ``lesson`` (any case) or is close to a marker
    name. The lesson-downloads placeholder may remain as written.
    """
    match = _FIRST_WORD_RE.match(comment)
    if not match:
        return None
    word = match.group(1).lower()
    if word in PLACEHOLDERS and comment.strip().lower() == word:
        return None
    close = difflib.get_close_matches(word, list(MARKERS), n=1, cutoff=0.75)
    if not (word.startswith(("helpline", "lesson")) or close):
        return None
    name = close[0] if close else ("helplines" if word.startswith("helpline") else "lessons-index")
    return (
        f"marker <!--{comment[:60]}--> was not expanded: the page would show nothing in its place",
        f"write it exactly as {MARKERS[name]}, alone on its own line with blank lines around it",
    )
