"""Staleness: which helplines are due for re-checking, and the editors' re-check list."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitekit.data.fields import Helpline
from sitekit.data.files import load_helplines
from sitekit.errors import SiteDataError


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
