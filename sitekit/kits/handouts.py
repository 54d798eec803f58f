"""The pupils' help card of a lesson's handouts: the lines data/lessons.yml ``help_cards`` lists
for the lesson's age band, from data/helplines.yml, without the notes meant for editors (cost,
operator, when it was last checked); numbers never break across lines. The card speaks to the
lesson page's audience (``sitekit.audience``): ``when_adults`` for the parents' meeting and the
professionals' module."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sitekit import audience
from sitekit.errors import SiteDataError
from sitekit.kits.slides import HelpLine

NBSP = "\u00a0"


def check_help_cards(
    cards: Mapping[str, Iterable[str]], known: Iterable[str], path: str | Path
) -> None:
    """Every id in ``help_cards`` is a helpline of data/helplines.yml."""
    known = set(known)
    for band, ids in cards.items():
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise SiteDataError(
                path,
                f"help_cards '{band}': unknown helpline id {', '.join(unknown)}",
                f"use ids from data/helplines.yml: {', '.join(sorted(known))}",
            )


def card_lines(
    ids: Iterable[str],
    helplines: Mapping[str, Mapping[str, Any]],
    reader: str = audience.YOUNG,
    page: str = "",
) -> list[HelpLine]:
    """The card's lines in one language (``helplines``: id -> fields in that language), worded
    for ``reader``; an adults' card naming an entry without ``when_adults`` is an error naming
    ``page``."""
    lines = []
    for helpline_id in ids:
        entry = audience.for_audience(helplines[helpline_id], reader, page=page)
        display = entry.get("display") or entry.get("url") or ""
        lines.append(
            HelpLine(
                display=" ".join(str(display).split()).replace(" ", NBSP),
                name=str(entry.get("name") or ""),
                when=str(entry.get("when") or ""),
            )
        )
    return lines


def card_context(
    title: str,
    ids: Iterable[str],
    helplines: Mapping[str, Mapping[str, Any]],
    reader: str = audience.YOUNG,
    page: str = "",
) -> dict[str, Any]:
    """The help card for the print template: title and lines (display, name, when, hours)."""
    ids = list(ids)
    lines = []
    for line, helpline_id in zip(card_lines(ids, helplines, reader, page), ids, strict=True):
        lines.append(
            {
                "display": line.display,
                "name": line.name,
                "when": line.when,
                "hours": str(helplines[helpline_id].get("hours") or ""),
            }
        )
    return {"title": title, "lines": lines}
