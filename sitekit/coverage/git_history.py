"""Past versions of source pages from git: the commit a stale stamp was made against."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from sitekit.coverage.stamps import source_hash


class GitHistory:
    """Past versions of source pages, read from git; absent outside a work tree."""

    def __init__(self, git: str, toplevel: Path, shallow: bool) -> None:
        self.git = git
        self.toplevel = toplevel
        self.shallow = shallow
        self._versions: dict[str, list[tuple[str, str]]] | None = None
        self._hashes: dict[str, str] = {}

    @classmethod
    def open(cls, root: Path) -> GitHistory | None:
        """The repository around ``root``, or None (no git, not a work tree, no commits)."""
        git = shutil.which("git")
        if git is None:
            return None
        try:
            result = subprocess.run(
                [git, "rev-parse", "--show-toplevel", "--is-shallow-repository", "HEAD"],
                cwd=root,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        lines = result.stdout.splitlines()
        if result.returncode != 0 or len(lines) < 3:
            return None
        return cls(git, Path(lines[0]).resolve(), lines[1] == "true")

    def _run(self, *args: str, stdin: bytes | None = None) -> bytes:
        result = subprocess.run(
            [self.git, "-c", "core.quotePath=false", *args],
            cwd=self.toplevel,
            input=stdin,
            capture_output=True,
            timeout=120,
            check=False,
        )
        return result.stdout if result.returncode == 0 else b""

    def _load(self, folder: Path) -> dict[str, list[tuple[str, str]]]:
        """``{path from the top: [(commit, blob), …] newest first}`` for files under folder."""
        if self._versions is None:
            self._versions = {}
            args = ["log", "--format=%x00%H", "--raw", "--no-abbrev", "--no-renames", "--"]
            out = self._run(*args, str(folder.resolve()))
            commit = ""
            for row in out.decode("utf-8", "replace").splitlines():
                if row.startswith("\x00"):
                    commit = row[1:]
                elif row.startswith(":") and "\t" in row:
                    meta, path = row.split("\t", 1)
                    parts = meta.split()
                    if len(parts) >= 5 and not parts[4].startswith("D"):
                        self._versions.setdefault(path, []).append((commit, parts[3]))
        return self._versions

    def _blob_hashes(self, blobs: list[str]) -> None:
        todo = [b for b in dict.fromkeys(blobs) if b not in self._hashes]
        if not todo:
            return
        out = self._run("cat-file", "--batch", stdin=("\n".join(todo) + "\n").encode())
        at = 0
        while at < len(out):
            end = out.index(b"\n", at)
            header = out[at:end].decode().split()
            at = end + 1
            if len(header) < 3:
                continue
            size = int(header[2])
            body = out[at : at + size]
            at += size + 1
            self._hashes[header[0]] = source_hash(body.decode("utf-8", "replace"))

    def find(self, folder: Path, path: Path, stamp: str) -> tuple[str | None, int]:
        """(newest commit whose version of ``path`` has hash ``stamp``, versions searched)."""
        try:
            key = path.resolve().relative_to(self.toplevel).as_posix()
        except ValueError:
            return None, 0
        versions = self._load(folder).get(key, [])
        self._blob_hashes([blob for _, blob in versions])
        for commit, blob in versions:
            if self._hashes.get(blob) == stamp:
                return commit, len(versions)
        return None, len(versions)


class _Git:
    """Opens git only when an outdated stamp needs it, at most once per check."""

    def __init__(self, root: Path, enabled: bool) -> None:
        self.root = root
        self.enabled = enabled
        self.opened = False
        self.history: GitHistory | None = None

    def get(self) -> GitHistory | None:
        if self.enabled and not self.opened:
            self.opened = True
            self.history = GitHistory.open(self.root)
        return self.history

    def state(self) -> str:
        if not self.opened:
            return "not needed"
        if self.history is None:
            return "absent"
        return "shallow" if self.history.shallow else "available"
