"""What people read: the summary table (build log, command line), one line per translation to
fix, page URLs, and the model of the editors' status page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sitekit.coverage.report import (
    CURRENT,
    MISSING,
    ORPHAN,
    OUTDATED,
    PageReport,
    Report,
    Translation,
)
from sitekit.coverage.stamps import stamp_command as _stamp_cmd


def summary_table(report: Report) -> str:
    """The per-language table for the build log and the command line."""
    rows = [("lang", CURRENT, OUTDATED, MISSING, ORPHAN, "percent", "minimum")]
    for lang, row in report.summary().items():
        minimum = row["minimum"]
        rows.append(
            (
                lang,
                str(row[CURRENT]),
                str(row[OUTDATED]),
                str(row[MISSING]),
                str(row[ORPHAN]),
                f"{row['percent']:.1f}%",
                "-" if minimum is None else f"{minimum:g}%",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(r, widths, strict=True))
        )  # fmt: skip
        for r in rows
    ]
    title = f"Translation coverage of {len(report.pages)} {report.source} pages:"
    return "\n".join([title, *("  " + line for line in lines)])


def describe(translation: Translation, page: PageReport) -> str:
    """One line for the command line: what is wrong and what to do."""
    file = translation.file
    cmd = _stamp_cmd(file)
    if translation.state == MISSING:
        return f"{file}: missing; translate {page.source_file}, then `{cmd}`"
    if translation.reason == "unstamped":
        return f"{file}: not stamped; check it against {page.source_file}, then `{cmd}`"
    if translation.reason == "unreadable":
        return f"{file}: cannot be checked (see the errors below)"
    since = f"; see `{translation.since['command']}`" if translation.since else ""
    return f"{file}: outdated, {page.source_file} changed{since}; then `{cmd}`"


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL (relative to a language root) MkDocs gives the page at ``path``."""
    stem = path[: -len(".md")] if path.endswith(".md") else path
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


REASONS = {
    "unstamped": "not stamped",
    "changed": "source changed",
    "unreadable": "cannot be read",
}


def status_model(report: Report, link: Callable[[str, str], str | None]) -> dict[str, Any]:
    """What the editors' status page shows; ``link(lang, path)`` gives a page's URL or None."""
    summary = report.summary()
    pages = []
    for page in report.pages:
        cells = []
        for lang, translation in page.translations.items():
            state = translation.state
            reason = REASONS.get(translation.reason, "")
            cells.append(
                {
                    "lang": lang,
                    "state": state,
                    "label": f"{state} ({reason})" if reason else state,
                    "file": translation.file,
                    "link": None if state == MISSING else link(lang, page.path),
                    "todo": "" if state == CURRENT else describe(translation, page),
                    "parity": [item.describe() for item in translation.parity],
                }
            )
        pages.append(
            {
                "path": page.path,
                "source_file": page.source_file,
                "critical": page.critical,
                "link": link(report.source, page.path),
                "cells": cells,
            }
        )
    return {
        "source": report.source,
        "languages": list(report.languages),
        "total": len(report.pages),
        "summary": [{"lang": lang, **row} for lang, row in summary.items()],
        "pages": pages,
        "orphans": [f for files in report.orphans.values() for f in files],
        "errors": [str(p) for p in report.errors],
        "warnings": [str(p) for p in report.warnings],
        "git": report.git,
        "exit_code": report.exit_code,
    }
