"""Helpline markers in Markdown: ``<!-- helplines: emergency childline -->``.

A marker on its own line is replaced by cards rendered from the helplines data. An unknown id
is an error that names the page and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from sitekit.errors import SiteDataError

MARKER_RE = re.compile(r"^[ \t]*<!--\s*helplines:(?P<ids>[^>]*?)-->[ \t]*$", re.MULTILINE)


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
