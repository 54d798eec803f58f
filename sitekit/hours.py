"""Structured opening hours of a helpline, for the "open now" indicator.

An entry in ``data/helplines.yml`` may say when each of its channels is open, in Latvian time
(Europe/Riga), only where the fact sheet confirms the hours::

    open:
      confidence: H            # the fact sheet's confidence for these hours: H or M
      phone: always            # round the clock
      chat:                    # or a list of periods
        - days: workdays       # workdays, every-day, or a list: [mon, tue, wed, thu, fri, sat, sun]
          from: "12:00"
          to: "20:00"

An entry without ``open`` has hours the fact sheet does not confirm: the site shows no indicator
for it and points to the lines open round the clock instead. Periods on workdays carry the note
that public holidays may differ. Browsers compute "open now" from this data by the device's
clock (assets/site.js, openNow); nothing is requested or stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sitekit.errors import SiteDataError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_SETS = {"workdays": DAYS[:5], "every-day": DAYS}
CONFIDENCE = ("H", "M")
TIME_RE = re.compile(r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")
ALWAYS = "always"


@dataclass(frozen=True)
class Period:
    """Open on ``days`` (1 = Monday … 7 = Sunday) from ``start`` to ``end`` minutes."""

    days: tuple[int, ...]
    start: int
    end: int
    workdays: bool

    def as_json(self) -> dict[str, Any]:
        return {"d": list(self.days), "f": self.start, "t": self.end, "w": self.workdays}


@dataclass(frozen=True)
class Hours:
    """Validated opening hours: per channel, ``always`` or a tuple of periods."""

    confidence: str
    channels: dict[str, str | tuple[Period, ...]]

    def always(self, channel: str = "phone") -> bool:
        return self.channels.get(channel) == ALWAYS

    def as_json(self) -> dict[str, Any]:
        """What the browser needs: channel -> "always" or a list of periods."""
        return {
            channel: spec if spec == ALWAYS else [p.as_json() for p in spec]
            for channel, spec in self.channels.items()
        }


def _minutes(value: Any, fail) -> int:
    if not isinstance(value, str) or not TIME_RE.match(value):
        raise fail(f"time {value!r} is not HH:MM", 'write it in quotes, 24-hour clock: "09:00"')
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _period(raw: Any, fail) -> Period:
    if not isinstance(raw, dict) or set(raw) != {"days", "from", "to"}:
        raise fail(
            f"a period must have exactly days, from and to, not {raw!r}",
            'write - {days: workdays, from: "09:00", to: "17:00"}',
        )
    days = raw["days"]
    if isinstance(days, str) and days in DAY_SETS:
        names, workdays = DAY_SETS[days], days == "workdays"
    elif isinstance(days, list) and days and all(d in DAYS for d in days):
        names, workdays = tuple(days), False
    else:
        raise fail(
            f"days {days!r} is not workdays, every-day or a list of days",
            f"use workdays, every-day or a list of {', '.join(DAYS)}",
        )
    start, end = _minutes(raw["from"], fail), _minutes(raw["to"], fail)
    if end <= start:
        raise fail(
            f"period ends ({raw['to']}) before it starts ({raw['from']})",
            "split a period that runs past midnight into two",
        )
    return Period(tuple(sorted({DAYS.index(d) + 1 for d in names})), start, end, workdays)


def parse(raw: Any, channels: tuple[str, ...], *, path: str, where: str, line: int | None) -> Hours:
    """Validate the ``open`` mapping of one helpline; every mistake names the entry and the fix."""

    def fail(problem: str, fix: str) -> SiteDataError:
        return SiteDataError(path, f"{where}: open: {problem}", fix, line)

    if not isinstance(raw, dict):
        raise fail("must be a mapping", "write confidence: H and one key per channel")
    confidence = raw.get("confidence")
    if confidence not in CONFIDENCE:
        raise fail(
            f"confidence {confidence!r} is not H or M",
            "copy the fact sheet's confidence; leave `open` out where the hours are unconfirmed",
        )
    result: dict[str, str | tuple[Period, ...]] = {}
    for channel, spec in raw.items():
        if channel == "confidence":
            continue
        if channel not in channels:
            raise fail(
                f"channel {channel!r} is not in the entry's channels",
                f"use one of {', '.join(channels)}",
            )
        if spec == ALWAYS:
            result[channel] = ALWAYS
        elif isinstance(spec, list) and spec:
            result[channel] = tuple(_period(p, fail) for p in spec)
        else:
            raise fail(f"{channel}: {spec!r} is not `always` or a list of periods", "see above")
    if not result:
        raise fail("no channel given", "add e.g. phone: always")
    return Hours(str(confidence), result)


def open_at(hours: Hours, channel: str, weekday: int, minute: int) -> bool:
    """Whether ``channel`` is open on ``weekday`` (1 = Monday) at ``minute`` after midnight.

    The same rule as assets/site.js (openNow); the tests check both against the same clock times.
    """
    spec = hours.channels.get(channel)
    if spec is None:
        return False
    if spec == ALWAYS:
        return True
    return any(weekday in p.days and p.start <= minute < p.end for p in spec)
