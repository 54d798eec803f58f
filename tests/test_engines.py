"""The fallback engine: ProperDocs, a maintained fork of MkDocs 1.x, builds the same site.

Material for MkDocs reaches end of life on 5 May 2027. ProperDocs reads the same mkdocs.yml, runs
the same hooks and plugins, and must give the same output, file by file, apart from the
generator tag. README: "Switching engines".
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def _normalised(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    return GENERATOR.sub(b'<meta name="generator">', data)


def differences(one: Path, other: Path) -> list[str]:
    """Every file that is in only one tree, or whose content differs beyond the generator tag."""
    a = {p.relative_to(one).as_posix() for p in one.rglob("*") if p.is_file()}
    b = {p.relative_to(other).as_posix() for p in other.rglob("*") if p.is_file()}
    found = [f"only in the first: {p}" for p in sorted(a - b)]
    found += [f"only in the second: {p}" for p in sorted(b - a)]
    found += [p for p in sorted(a & b) if _normalised(one / p) != _normalised(other / p)]
    return found


def test_comparison_finds_a_changed_file(tmp_path: Path) -> None:
    one, other = tmp_path / "one", tmp_path / "other"
    for tree, text in ((one, b"<p>112</p>"), (other, b"<p>113</p>")):
        (tree / "ru").mkdir(parents=True)
        (tree / "ru/index.html").write_bytes(b'<meta name="generator" content="x">' + text)
        (tree / "same.html").write_bytes(b'<meta name="generator" content="' + text + b'">')
    (other / "extra.txt").write_bytes(b"")
    assert differences(one, other) == ["only in the second: extra.txt", "ru/index.html"]


def test_properdocs_builds_the_same_site(site_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "properdocs-site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "properdocs",
            "build",
            "--strict",
            "-f",
            str(ROOT / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, f"ProperDocs build failed:\n{result.stdout}\n{result.stderr}"
    assert b"ProperDocs" in (out / "index.html").read_bytes()
    assert differences(site_dir, out) == []
