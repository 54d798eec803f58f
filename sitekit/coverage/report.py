"""The report of one check: problems, each translation's state, per-page and per-language results,
exit code and JSON form."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sitekit.coverage.parity import Item

CURRENT, OUTDATED, MISSING, ORPHAN = "current", "outdated", "missing", "orphan"
ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    """Something to fix. ``error``: bad input (exit 2); ``warning``: policy (fails --strict)."""

    level: str
    path: str
    message: str
    fix: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "file": self.path,
            "line": self.line,
            "message": self.message,
            "fix": self.fix,
            "text": str(self),
        }


@dataclass
class Translation:
    """One language's translation of one source page."""

    lang: str
    file: str  # e.g. docs/ru/help.md
    state: str
    reason: str = ""  # for outdated: unstamped, changed, unreadable
    stamp: str | None = None
    since: dict[str, str] | None = None  # commit and command, where git knows
    parity: list[Item] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "state": self.state,
            "reason": self.reason or None,
            "stamp": self.stamp,
            "since": self.since,
            "parity": [
                {"kind": i.kind, "value": i.value, "source_line": i.line} for i in self.parity
            ],
        }


@dataclass
class PageReport:
    path: str  # inside the language folder, e.g. platforms/tiktok.md
    source_file: str
    hash: str | None
    critical: bool
    translations: dict[str, Translation]

    def as_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "source": self.source_file,
            "hash": self.hash,
            "critical": self.critical,
            "translations": {lang: t.as_dict() for lang, t in self.translations.items()},
        }


@dataclass
class Report:
    source: str
    languages: tuple[str, ...]  # the translation languages
    pages: list[PageReport]
    orphans: dict[str, list[str]]
    problems: list[Problem]
    minimum: dict[str, float]
    git: str  # "available", "shallow", "absent" or "not needed"
    _index: dict[str, PageReport] | None = field(default=None, repr=False)

    def summary(self) -> dict[str, dict[str, Any]]:
        """Per language: counts of each state, percent current, minimum."""
        total = len(self.pages)
        out: dict[str, dict[str, Any]] = {}
        for lang in self.languages:
            counts = {CURRENT: 0, OUTDATED: 0, MISSING: 0}
            for page in self.pages:
                counts[page.translations[lang].state] += 1
            out[lang] = {
                **counts,
                ORPHAN: len(self.orphans.get(lang, [])),
                "total": total,
                "percent": percent(counts[CURRENT], total),
                "minimum": self.minimum.get(lang),
            }
        return out

    def translation(self, lang: str, path: str) -> Translation | None:
        """The ``lang`` translation of source page ``path`` (e.g. ``help.md``)."""
        if self._index is None:
            self._index = {page.path: page for page in self.pages}
        page = self._index.get(path)
        return page.translations.get(lang) if page else None

    def not_current(self) -> Iterator[tuple[PageReport, Translation]]:
        for lang in self.languages:
            for page in self.pages:
                if page.translations[lang].state != CURRENT:
                    yield page, page.translations[lang]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == WARNING]

    @property
    def in_sync(self) -> bool:
        return (
            not self.problems
            and not any(self.orphans.values())
            and not any(True for _ in self.not_current())
        )

    @property
    def exit_code(self) -> int:
        """0 every translation current, 1 out of sync, 2 bad input (as Kubernetes' l10n)."""
        if self.errors:
            return 2
        return 0 if self.in_sync else 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "version": 1,
            "source": self.source,
            "languages": list(self.languages),
            "git": self.git,
            "summary": self.summary(),
            "pages": [page.as_dict() for page in self.pages],
            "orphans": self.orphans,
            "problems": [problem.as_dict() for problem in self.problems],
            "exit_code": self.exit_code,
        }


def percent(current: int, total: int) -> float:
    return 100.0 if total == 0 else round(100.0 * current / total, 1)
