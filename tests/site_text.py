"""The text of the built site and of the data files, per language, for the editorial checks
(glossary, spelling, typography)."""

from __future__ import annotations

import functools
from pathlib import Path

from conftest import LANGS, ROOT, html_pages, page_lang

from sitekit.pagetext import Segment, data_segments, html_segments

# Data files whose texts readers see; the glossary itself lists the variants to avoid.
NOT_READER_TEXT = {"glossary.yml"}


def data_files() -> list[Path]:
    return sorted(p for p in (ROOT / "data").glob("*.yml") if p.name not in NOT_READER_TEXT)


@functools.cache
def site_segments(site: Path) -> tuple[Segment, ...]:
    """Every built page's visible text, named by its path in the site."""
    segments: list[Segment] = []
    for page in html_pages(site):
        name = page.relative_to(site).as_posix()
        html = page.read_text(encoding="utf-8")
        segments.extend(html_segments(html, page_lang(site, page), name))
    return tuple(segments)


@functools.cache
def data_text() -> tuple[Segment, ...]:
    """Every per-language text of the data files, named ``data/<file>:<line>``."""
    segments: list[Segment] = []
    for path in data_files():
        segments.extend(data_segments(path, LANGS, f"data/{path.name}"))
    return tuple(segments)
