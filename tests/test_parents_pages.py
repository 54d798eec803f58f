"""The two parents' pages (issue 14), in every language, as their Markdown sources say:
each opens with a number to call and a 3–5 point summary before its first section, statistics
sit in a later section, and the pages link to each other and to where the reader goes next.
"""

from __future__ import annotations

import re

import pytest
from conftest import LANGS, ROOT

PAGES = ("parents.md", "parents-prevention.md")
# Where each page must send its reader (besides the other parents' page).
LINKS = {
    "parents.md": ("threatened-parents.md", "parents-prevention.md"),
    "parents-prevention.md": (
        "parents.md",
        "platforms/instagram.md",
        "platforms/tiktok.md",
        "platforms/snapchat.md",
    ),
}
# Figures that belong in the "why this matters" section, not on the first screen.
STATISTICS = ("293", "41")


def _split(text: str) -> tuple[str, str, str]:
    """Front matter, the part before the first ``## `` heading, and the rest."""
    match = re.match(r"---\n(.*?)\n---\n", text, re.DOTALL)
    assert match, "the page has no front matter"
    body = text[match.end() :]
    first = re.search(r"^## ", body, re.MULTILINE)
    assert first, "the page has no section"
    return match.group(1), body[: first.start()], body[first.start() :]


def summary_problems(text: str) -> list[str]:
    """What is wrong with a parents' page's opening, front matter and figures."""
    problems = []
    front, top, rest = _split(text)
    if not re.search(r"^audience:\s*adults\s*$", front, re.MULTILINE):
        problems.append("front matter lacks 'audience: adults'")
    if "](tel:" not in top:
        problems.append("no number to call before the first section")
    points = re.findall(r"^- ", top, re.MULTILINE)
    if not 3 <= len(points) <= 5:
        problems.append(f"the opening summary has {len(points)} points, not 3–5")
    for figure in STATISTICS:
        if re.search(rf"\b{figure}\b", top):
            problems.append(f"the statistic {figure} is on the first screen")
    if "<!-- helplines:" not in rest:
        problems.append("no helpline marker")
    return problems


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_parents_page_opens_with_a_number_and_a_summary(lang: str, page: str) -> None:
    path = ROOT / "docs" / lang / page
    assert not summary_problems(path.read_text(encoding="utf-8")), path


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", LANGS)
def test_parents_page_links_onwards(lang: str, page: str) -> None:
    text = (ROOT / "docs" / lang / page).read_text(encoding="utf-8")
    missing = [t for t in LINKS[page] if not re.search(rf"\]\({re.escape(t)}(?:#[^)]*)?\)", text)]
    assert not missing, f"docs/{lang}/{page} does not link to {missing}"


def test_summary_check_catches_a_statistics_opening() -> None:
    old = (
        "---\ntitle: A\n---\n\n# A\n\nIn 2023, 293 children were victims; 41 % online.\n\n"
        "## Signs\n\ntext\n"
    )
    problems = summary_problems(old)
    assert "front matter lacks 'audience: adults'" in problems
    assert "no number to call before the first section" in problems
    assert "the opening summary has 0 points, not 3–5" in problems
    assert "the statistic 293 is on the first screen" in problems
    assert "no helpline marker" in problems
