"""Typography that can be checked mechanically, in every built page and data file: no-break
spaces inside numbers (1 203), before % and after №, and one Ukrainian apostrophe (’)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from site_text import data_text, site_segments

from sitekit.pagetext import Segment

NBSP = "\u00a0"
# (what, pattern, languages or None for all, fix)
RULES = [
    (
        "space before %",
        re.compile(r"\d [%‰]"),
        None,
        "write a no-break space (U+00A0) between number and %",
    ),
    ("space after №", re.compile(r"№ (?=\d)"), None, "write a no-break space (U+00A0) after №"),
    (
        "space inside a number",
        re.compile(r"(?<![\d+] )(?<![\d+.,])[1-9]\d{0,2}(?: \d{3})+(?![\d.,]| \d)"),
        None,
        "group digits with a no-break space (U+00A0): 50 000",
    ),
    (
        "apostrophe",
        re.compile(r"(?<=[а-яіїєґ])['ʼ`](?=[а-яіїєґ])", re.IGNORECASE),
        ("uk",),
        "write the apostrophe ’ (U+2019): пам’ять",
    ),
]


def problems(segments: tuple[Segment, ...] | list[Segment]) -> list[str]:
    found: set[str] = set()
    for segment in segments:
        for what, pattern, langs, fix in RULES:
            if langs and segment.lang not in langs:
                continue
            for match in pattern.finditer(segment.text):
                context = segment.text[max(0, match.start() - 20) : match.end() + 10]
                found.add(f"{segment.where}: {what} in {' '.join(context.split())!r}: {fix}")
    return sorted(found)


def test_pages_use_no_break_spaces_and_one_apostrophe(site_dir: Path) -> None:
    found = problems(site_segments(site_dir))
    assert not found, f"{len(found)} typography problem(s):\n" + "\n".join(found)


def test_data_files_use_no_break_spaces_and_one_apostrophe() -> None:
    found = problems(data_text())
    assert not found, f"{len(found)} typography problem(s):\n" + "\n".join(found)


@pytest.mark.parametrize(
    ("lang", "text", "bad"),
    [
        ("lv", "90 % bija puiši", True),
        ("lv", f"90{NBSP}% bija puiši", False),
        ("ru", "Кабинета министров № 241", True),
        ("ru", f"№{NBSP}241", False),
        ("ru", "более 50 000 граждан", True),
        ("ru", f"более 50{NBSP}000 граждан", False),
        ("uk", "1 203 фахівці", True),
        ("en", "call +380 44 284 19 15 or 0 800 500 335 in 2026 12", False),
        ("uk", "пам'ять", True),
        ("uk", "памʼять", True),
        ("uk", "пам’ять", False),
        ("ru", "д'Артаньян", False),
    ],
)
def test_typography_rules(lang: str, text: str, bad: bool) -> None:
    assert bool(problems([Segment(lang, text, "x")])) is bad
