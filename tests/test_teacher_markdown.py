"""The teachers' pages keep their Markdown lists intact in every language.

A wrapped line of a list item that happens to start with a number and a full stop ("   11. Он
предлагает…") or a dash is parsed as a nested list: the card then prints as two items. The
check below finds such lines in docs/<lang>/teachers/*.md.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted(ROOT.glob("docs/*/teachers/*.md"))
# An indented line that starts like a list item: "   11. …", "  - …", "   * …".
MARKER = re.compile(r"^ +(\d+[.)]|[-*+]) ")


def stray_markers(text: str) -> list[int]:
    """Line numbers (1-based) of indented lines that would open a nested list although they
    continue the line above (no blank line between them)."""
    lines = text.splitlines()
    return [
        number
        for number, (above, line) in enumerate(zip(lines, lines[1:], strict=False), start=2)
        if above.strip() and MARKER.match(line)
    ]


def test_the_check_finds_a_wrapped_number() -> None:
    text = (
        "1. **А. Новый друг в игре.** Тому 11 лет. Игрок говорит, что ему тоже\n"
        "   11. Он предлагает игровую валюту.\n"
        "\n"
        "2. **Б.** Text\n"
        "   - wrapped dash\n"
    )
    assert stray_markers(text) == [2, 5]


def test_the_check_lets_ordinary_wrapping_through() -> None:
    text = (
        "1. **A. Card.** Text that wraps\n"
        "   onto a second line.\n"
        "\n"
        "    *A question?*\n"
        "\n"
        "2. Next item 11. in the middle of a line.\n"
    )
    assert stray_markers(text) == []


def test_there_are_teachers_pages() -> None:
    assert len(PAGES) >= 40, PAGES


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_wrapped_line_opens_a_nested_list(page: Path) -> None:
    bad = stray_markers(page.read_text(encoding="utf-8"))
    where = ", ".join(f"{page.relative_to(ROOT)}:{n}" for n in bad)
    assert not bad, (
        f"a wrapped line starts with a list marker and becomes a nested list: {where}; "
        "re-wrap the paragraph so that the number or dash is not at the start of the line"
    )
