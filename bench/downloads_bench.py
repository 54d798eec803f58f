"""Benchmark: what the lesson kits (PDF, DOCX, PPTX, ZIP, shared sheets) add to the build.

Copies the project to a temporary folder and times ``mkdocs build`` of the whole site (all
languages) four ways:

- ``off``: downloads disabled (``LESSON_DOWNLOADS=false``), the baseline;
- ``cold``: an empty download cache, as in CI or a fresh clone;
- ``warm``: the cache filled by the previous build and nothing changed, as in ``mkdocs serve``;
- ``one_edit``: one Latvian lesson edited, so only its plan PDF, DOCX and ZIP (and its slides,
  when the edit shows on a slide) are remade.

CPU time (the build and its worker processes) is the steadier figure on a shared machine.
Run it with ``.venv/bin/python bench/downloads_bench.py [--runs 1]``; ``bench/run.py`` can call
:func:`measure` and print :func:`report`.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "site", ".cache", "node_modules", ".pytest_cache", ".ruff_cache"}
LESSON = Path("docs/lv/teachers/lesson-13-15.md")
MADE_RE = re.compile(r"lesson downloads \((\w+)\): (\d+) made in [\d.]+ s, (\d+) from the cache")


def _build(project: Path, out: Path, **env: str) -> tuple[float, float, dict[str, tuple[int, int]]]:
    """Time one build; return (seconds, CPU seconds of the build and its worker processes,
    {lang: (files made, files from the cache)})."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "-f",
            str(project / "mkdocs.yml"),
            "-d",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stdout}\n{result.stderr}")
    counts = {m[1]: (int(m[2]), int(m[3])) for m in MADE_RE.finditer(result.stderr)}
    return seconds, cpu, counts


def measure(runs: int = 1, root: Path = ROOT) -> dict[str, dict[str, object]]:
    """Median build time of each scenario (seconds) and the files made / taken from the cache."""
    results: dict[str, list[tuple[float, dict]]] = {}
    with tempfile.TemporaryDirectory(prefix="downloads-bench-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(root, project, ignore=lambda _d, names: [n for n in names if n in SKIP])
        # Warm-up (not timed): byte-compiles the copied hooks and fills the OS file cache.
        _build(project, Path(tmp) / "site", LESSON_DOWNLOADS="false")
        for run in range(runs):
            cache = Path(tmp) / f"cache-{run}"
            out = Path(tmp) / "site"
            env = {"LESSON_DOWNLOADS_CACHE": str(cache)}
            results.setdefault("off", []).append(
                _build(project, out, LESSON_DOWNLOADS="false", **env)
            )
            results.setdefault("cold", []).append(_build(project, out, **env))
            results.setdefault("warm", []).append(_build(project, out, **env))
            lesson = project / LESSON
            text = lesson.read_text(encoding="utf-8")
            lesson.write_text(text.replace("## Mācību mērķi\n", f"## Mācību mērķi\n\n{run}\n", 1))
            results.setdefault("one_edit", []).append(_build(project, out, **env))
            lesson.write_text(text, encoding="utf-8")
    summary: dict[str, dict[str, object]] = {}
    for name, samples in results.items():
        summary[name] = {
            "seconds": statistics.median(s for s, _, _ in samples),
            "cpu": statistics.median(c for _, c, _ in samples),
            "made": sum(made for made, _ in samples[-1][2].values()),
            "from_cache": sum(reused for _, reused in samples[-1][2].values()),
        }
    return summary


def report(summary: dict[str, dict[str, object]]) -> str:
    """A Markdown table of :func:`measure`'s result, with the time added to the baseline."""
    base = float(summary["off"]["seconds"])  # type: ignore[arg-type]
    base_cpu = float(summary["off"].get("cpu", 0.0))  # type: ignore[arg-type]
    rows = [
        "| Build (all languages) | Time | Added by downloads | CPU | CPU added | Files made "
        "| From cache |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name in ("off", "cold", "warm", "one_edit"):
        item = summary[name]
        seconds = float(item["seconds"])  # type: ignore[arg-type]
        cpu = float(item.get("cpu", 0.0))  # type: ignore[arg-type]
        rows.append(
            f"| {name} | {seconds:.1f} s | {seconds - base:+.1f} s | {cpu:.1f} s "
            f"| {cpu - base_cpu:+.1f} s | {item['made']} | {item['from_cache']} |"
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="repeat each scenario (median)")
    args = parser.parse_args()
    print(report(measure(args.runs)))


if __name__ == "__main__":
    main()
