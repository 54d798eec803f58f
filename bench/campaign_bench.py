"""Benchmark: what the campaign kit (posters, leaflets, cards, social images in every language)
adds to the build.

Copies the project to a temporary folder and times ``mkdocs build`` of the whole site (all
languages, lesson kits off so that they do not blur the numbers) four ways:

- ``off``: the kit disabled (``CAMPAIGN_KIT=false``), the baseline;
- ``cold``: an empty campaign cache, as in CI or a fresh clone;
- ``warm``: the cache filled by the previous build and nothing changed, as in ``mkdocs serve``;
- ``one_number``: one helpline number changed in data/helplines.yml, so every item showing it is
  made again.

Run it with ``.venv/bin/python bench/campaign_bench.py [--runs 1]``; ``bench/run.py`` can call
:func:`measure` and print :func:`report`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIP = {".git", ".venv", "site", ".cache", "node_modules", ".pytest_cache", ".ruff_cache"}
MADE_RE = re.compile(r"campaign kit \((\w+)\): (\d+) made, (\d+) from the cache, ([\d.]+) s")


def _build(project: Path, out: Path, **env: str) -> tuple[float, dict[str, tuple[int, int, float]]]:
    """Time one build; return (seconds, {lang: (files made, from the cache, hook seconds)})."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d",
         str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "LESSON_DOWNLOADS": "false", **env},
        check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"build failed:\n{result.stdout}\n{result.stderr}")
    found = {m[1]: (int(m[2]), int(m[3]), float(m[4])) for m in MADE_RE.finditer(result.stderr)}
    return seconds, found


def measure(runs: int = 1, root: Path = ROOT) -> dict[str, dict[str, object]]:
    """Median build time of each scenario, the kit's own time (sum over languages, from the
    hook's log) and the files made / taken from the cache."""
    results: dict[str, list[tuple[float, dict]]] = {}
    with tempfile.TemporaryDirectory(prefix="campaign-bench-") as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(root, project, ignore=lambda _d, names: [n for n in names if n in SKIP])
        _build(project, Path(tmp) / "site", CAMPAIGN_KIT="false")  # warm-up, not timed
        helplines = project / "data/helplines.yml"
        text = helplines.read_text(encoding="utf-8")
        for run in range(runs):
            env = {"CAMPAIGN_CACHE": str(Path(tmp) / f"cache-{run}")}
            out = Path(tmp) / "site"
            results.setdefault("off", []).append(_build(project, out, CAMPAIGN_KIT="false", **env))
            results.setdefault("cold", []).append(_build(project, out, **env))
            results.setdefault("warm", []).append(_build(project, out, **env))
            changed = f'tel: "11611{run % 10}"\n    display: "11611{run % 10}"'
            helplines.write_text(
                text.replace('tel: "116111"\n    display: "116111"', changed, 1), encoding="utf-8"
            )
            results.setdefault("one_number", []).append(_build(project, out, **env))
            helplines.write_text(text, encoding="utf-8")
    summary: dict[str, dict[str, object]] = {}
    for name, samples in results.items():
        last = samples[-1][1].values()
        summary[name] = {
            "seconds": statistics.median(s for s, _ in samples),
            "kit_seconds": statistics.median(
                sum(v[2] for v in found.values()) for _, found in samples
            ),
            "made": sum(v[0] for v in last),
            "from_cache": sum(v[1] for v in last),
        }
    return summary


def report(summary: dict[str, dict[str, object]]) -> str:
    """A Markdown table of :func:`measure`'s result, with the time added to the baseline."""
    base = float(summary["off"]["seconds"])  # type: ignore[arg-type]
    rows = [
        "| Build (all languages) | Time | Added to the build | Kit's own time | Files made "
        "| From cache |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in ("off", "cold", "warm", "one_number"):
        item = summary[name]
        seconds = float(item["seconds"])  # type: ignore[arg-type]
        rows.append(
            f"| {name} | {seconds:.1f} s | {seconds - base:+.1f} s "
            f"| {float(item['kit_seconds']):.2f} s | {item['made']} | {item['from_cache']} |"  # type: ignore[arg-type]
        )
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1, help="repeat each scenario (median)")
    args = parser.parse_args()
    print(report(measure(args.runs)))


if __name__ == "__main__":
    main()
