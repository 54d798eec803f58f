"""Who a page speaks to: the front-matter field ``audience``, and the helpline wording for it.

``audience: young`` (the default) is a page for children and young people: helpline cards show
``when`` ("tu"/"ты"/"ти"/"you"). ``audience: adults`` is a page for parents, teachers and
professionals: cards show ``when_adults`` ("jūs"/"вы"/"ви"/"you", an adult acting for a child or
for themselves). An entry without ``when_adults`` on an adults' page is an error, never a silent
fallback to the young reader's wording.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sitekit.errors import SiteDataError

YOUNG = "young"
ADULTS = "adults"
AUDIENCES = (YOUNG, ADULTS)
KEY = "audience"
# The card text each audience reads (a field of data/helplines.yml).
WHEN_FIELD = {YOUNG: "when", ADULTS: "when_adults"}


def _line(text: str | None) -> int | None:
    """The 1-based line of ``audience:`` in a page's front matter (None when unknown)."""
    match = re.search(rf"^{KEY}[ \t]*:", text or "", re.MULTILINE)
    return (text or "").count("\n", 0, match.start()) + 1 if match else None


def _source_text(path: str | Path | None) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8") if path else None
    except (OSError, UnicodeDecodeError):
        return None


def of_page(
    meta: Mapping[str, Any], source: str, *, text: str | None = None, path: Path | None = None
) -> str:
    """The page's audience from its front matter ``meta``: ``young`` when not given.

    ``source`` names the page in errors; ``text`` (the file's text) or ``path`` (the file) give
    the line. Raises SiteDataError for anything but one of :data:`AUDIENCES`.
    """
    if KEY not in meta:
        return YOUNG
    value = meta[KEY]
    if isinstance(value, str) and value in AUDIENCES:
        return value
    shown = repr(value) if isinstance(value, str) else f"{value!r} ({type(value).__name__})"
    problem = (
        f"unknown audience {shown}" if isinstance(value, str) else f"audience {shown} is not text"
    )
    raise SiteDataError(
        source,
        problem,
        f"write audience: {ADULTS} (pages for parents, teachers, professionals) or "
        f"audience: {YOUNG} (the default: children and young people); allowed: "
        + ", ".join(AUDIENCES),
        _line(text if text is not None else _source_text(path)),
    )


def for_audience(
    entry: Mapping[str, Any], audience: str, *, page: str, line: int | None = None
) -> dict[str, Any]:
    """A helpline template dict whose ``when`` is the text for ``audience``.

    Raises SiteDataError naming the page, the entry and the fix when an adults' page uses an
    entry without ``when_adults``.
    """
    field = WHEN_FIELD[audience]
    text = entry.get(field)
    if not text:
        raise SiteDataError(
            page,
            f"this page has audience: {audience}, but helpline '{entry.get('id')}' has no "
            f"{field} text in data/helplines.yml",
            f"add {field}: with lv, ru, uk and en texts addressed to an adult (jūs/вы/ви/you) "
            f"to helpline '{entry.get('id')}', or remove it from this page's marker",
            line,
        )
    return {**entry, "when": text}
