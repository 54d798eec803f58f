"""Typography that can be checked mechanically, in every built page and data file: no-break
spaces inside numbers (1 203), before % and after №, one Ukrainian apostrophe (’), Cyrillic
letters for the lettered cards of Russian and Ukrainian lessons; and in the Markdown, phone
numbers that do not break across lines."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT
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
    (
        "Latin card letter",
        re.compile(r"(?<![\w.])[A-E](?=[.)] )"),
        ("ru", "uk"),
        "write the Cyrillic letter (А, Б, В, Г, Д)",
    ),
]
# A phone number in running text with an ordinary space (+371 28612120, 0 800 500 335).
PHONE_RE = re.compile(r"(?<![\d\w])(?:\+\d{3}(?: \d+)+|0 800(?: \d{3}){2})(?!\d)")
CODE_RE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


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


def test_phone_numbers_in_running_text_do_not_break() -> None:
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        text = CODE_RE.sub(lambda m: "\n" * m.group().count("\n"), path.read_text("utf-8"))
        for match in PHONE_RE.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            name = path.relative_to(ROOT).as_posix()
            found.append(f"{name}:{line}: {match.group()!r}: write no-break spaces (U+00A0)")
    assert not found, f"{len(found)} phone number(s) that can break:\n" + "\n".join(found)


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
        ("ru", "A. Новый друг", True),
        ("uk", "Картка B) Робота", True),
        ("ru", "А. Новый друг", False),
        ("ru", "Plan B и Windows 10", False),
        ("lv", "A. Jauns draugs", False),
    ],
)
def test_typography_rules(lang: str, text: str, bad: bool) -> None:
    assert bool(problems([Segment(lang, text, "x")])) is bad


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Zvani +371 28612120.", True),
        ("Zvani +371\u00a028612120.", False),
        ("+380 44 284 19 15", True),
        ("0 800 500 335", True),
        ("`+371 28612120`", False),
        ("[+371\u00a028612120](tel:+37128612120)", False),
    ],
)
def test_phone_rule(text: str, bad: bool) -> None:
    clean = CODE_RE.sub("", text)
    assert bool(PHONE_RE.search(clean)) is bad
