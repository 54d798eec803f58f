"""Opening hours in data/helplines.yml (`open:`): valid data, the rule, and mistaken input."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LANGS, ROOT
from test_hostile_data import TODAY, edited, expect_error, line_of

from sitekit import data, hours
from sitekit.errors import SiteDataError

HELPLINES = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
CHAT = '        - {days: workdays, from: "12:00", to: "20:00"}'


def test_real_data_hours() -> None:
    entries = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    assert entries["emergency"].open and entries["emergency"].open.always()
    assert entries["childline"].open and entries["childline"].open.always("phone")
    # Unconfirmed in the fact sheet (8.A2): no hours, so no indicator.
    for key in ("police", "trafficking-trustline", "marta"):
        assert entries[key].open is None, key


@pytest.mark.parametrize(
    ("weekday", "minute", "expected"),
    [
        (1, 12 * 60, True),
        (5, 19 * 60 + 59, True),
        (5, 20 * 60, False),
        (6, 13 * 60, False),
        (3, 11 * 60 + 59, False),
    ],
)
def test_open_at_workday_chat(weekday: int, minute: int, expected: bool) -> None:
    entries = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    assert hours.open_at(entries["childline"].open, "chat", weekday, minute) is expected
    assert hours.open_at(entries["childline"].open, "phone", weekday, minute) is True


# (id, replacement of the chat period line, problem)
CASES = [
    ("unknown-day", '        - {days: [mon, funday], from: "12:00", to: "20:00"}', "days"),
    ("bad-time", '        - {days: workdays, from: "12:00", to: "25:00"}', "not HH:MM"),
    ("unquoted-time", '        - {days: workdays, from: 12:00, to: "20:00"}', "quote"),
    ("ends-before", '        - {days: workdays, from: "20:00", to: "12:00"}', "before it starts"),
    ("extra-key", '        - {days: workdays, from: "12:00", to: "20:00", tz: UTC}', "exactly"),
    ("not-a-list", "        - always", "exactly"),
]


@pytest.mark.parametrize(("case", "new", "problem"), CASES, ids=[c[0] for c in CASES])
def test_mistaken_hours_name_file_line_and_fix(
    tmp_path: Path, case: str, new: str, problem: str
) -> None:
    path = tmp_path / "helplines.yml"
    path.write_text(edited(HELPLINES, CHAT, new), encoding="utf-8")
    err = pytest.raises(SiteDataError, data.load_helplines, path, LANGS, today=TODAY).value
    assert str(path) in str(err) and problem.lower() in str(err).lower(), err
    assert "Fix:" in str(err)


def test_hours_for_a_channel_the_line_does_not_have(tmp_path: Path) -> None:
    text = edited(
        HELPLINES, "      phone: always\n      chat:", "      phone: always\n      email:"
    )
    path = tmp_path / "helplines.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(
        path,
        lambda: data.load_helplines(path, LANGS, today=TODAY),
        "not in the entry's channels",
        line_of(text, "      email:") - 3,
    )


def test_low_confidence_is_refused(tmp_path: Path) -> None:
    text = edited(
        HELPLINES,
        "      confidence: M\n      phone: always\n      chat:",
        "      confidence: L\n      phone: always\n      chat:",
    )
    path = tmp_path / "helplines.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SiteDataError, match="confidence 'L' is not H or M"):
        data.load_helplines(path, LANGS, today=TODAY)
