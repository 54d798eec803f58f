"""The one error type editors see: it names the file, the line where known, and the fix."""

from __future__ import annotations

from pathlib import Path


class SiteDataError(Exception):
    """A mistake in content or data that an editor must fix."""

    def __init__(self, path: str | Path, problem: str, fix: str, line: int | None = None) -> None:
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        self.line = line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}. Fix: {fix}")
