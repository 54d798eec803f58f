"""When a page's app steps were last checked: the ``steps_checked`` front-matter field.

Platform guides (``platforms/<app>.md``, not the section's index) describe menus that the apps
change often, so each must say when its steps were last checked against its sources. The date is
data, not prose: ``steps_checked: 2026-12-02`` in the front matter (YYYY-MM-DD, not in the
future). :func:`check` validates it; :func:`render` gives the sentence readers see, in the page's
language, from the interface strings in data/ui.yml (``steps_checked`` with ``{date}``,
``date_format`` with ``{day}``, ``{month}`` and ``{year}``, and ``date_months``: the twelve
month names as they stand in a date, separated by spaces).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from fnmatch import fnmatch
from typing import Any

from sitekit.errors import SiteDataError

FIELD = "steps_checked"
# Pages inside a language folder that must carry the field (globs), and those that need not.
REQUIRED = ("platforms/*.md",)
EXEMPT = ("platforms/index.md",)
# A date may be one day ahead of the build machine's date (time zones), as for helplines.
FUTURE_SLACK = dt.timedelta(days=1)
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_FIX = f"write the date the steps were checked against the page's sources, e.g. {FIELD}: 2026-12-02"


def required(inner_path: str) -> bool:
    """Whether the page at ``inner_path`` (inside its language folder) must have the field."""
    return any(fnmatch(inner_path, g) for g in REQUIRED) and not any(
        fnmatch(inner_path, g) for g in EXEMPT
    )


def _line(source: str) -> int | None:
    match = re.search(rf"^{FIELD}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else None


def check(
    meta: Mapping[str, Any],
    *,
    path: str,
    inner_path: str,
    source: str = "",
    today: dt.date | None = None,
) -> dt.date | None:
    """The page's ``steps_checked`` date, or None where it has none and needs none.

    ``path`` names the file in errors, ``inner_path`` is its path inside the language folder,
    ``source`` the file's text (for the line number). Raises SiteDataError when the field is
    missing on a page that requires it, is not a YYYY-MM-DD date, or is in the future.
    """
    today = today or dt.date.today()
    line = _line(source)
    if FIELD not in meta or meta[FIELD] in (None, ""):
        if required(inner_path):
            raise SiteDataError(
                path,
                f"front matter has no {FIELD}: a platform guide must say when its steps were "
                "last checked",
                f"add a line to the front matter, {FIELD}: YYYY-MM-DD, with the date the steps "
                "were checked against the page's sources, e.g. steps_checked: 2026-12-02",
                line,
            )
        return None
    value = meta[FIELD]
    date: dt.date | None = None
    if isinstance(value, dt.datetime):
        date = None  # a time of day is not wanted
    elif isinstance(value, dt.date):
        date = value
    elif isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            date = dt.date.fromisoformat(value.strip())
        except ValueError:
            date = None
    if date is None:
        raise SiteDataError(
            path, f"front matter {FIELD}: {value!r} is not a date as YYYY-MM-DD", _FIX, line
        )
    if date > today + FUTURE_SLACK:
        raise SiteDataError(
            path,
            f"front matter {FIELD}: {date.isoformat()} is in the future",
            "write the day the steps were actually checked (today or earlier)",
            line,
        )
    return date


def format_date(date: dt.date, lang: str, ui: Mapping[str, Mapping[str, str]]) -> str:
    """``date`` written as readers of ``lang`` write it (data/ui.yml ``date_format`` and
    ``date_months``)."""
    months = ui["date_months"][lang].split()
    if len(months) != 12:
        raise SiteDataError(
            "data/ui.yml",
            f"date_months for {lang} has {len(months)} names, not 12",
            "list the twelve month names, January first, separated by spaces",
        )
    return ui["date_format"][lang].format(
        day=date.day, month=months[date.month - 1], year=date.year
    )


def render(date: dt.date, lang: str, ui: Mapping[str, Mapping[str, str]]) -> dict[str, str]:
    """What the template shows: the text before and after the date, the date as readers write
    it, and the ISO date for ``<time datetime>``. Every part is plain text (escape it)."""
    sentence = ui[FIELD][lang]
    if sentence.count("{date}") != 1:
        raise SiteDataError(
            "data/ui.yml",
            f"{FIELD} for {lang} must contain {{date}} exactly once",
            "write the sentence with {date} where the date goes",
        )
    before, after = sentence.split("{date}")
    return {
        "before": before,
        "date": format_date(date, lang, ui),
        "after": after,
        "iso": date.isoformat(),
    }
