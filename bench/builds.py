"""Timed ``mkdocs build`` runs in a copy of the project, synthetic bigger sites, and the
``mkdocs serve`` edit-to-reload time."""

from __future__ import annotations

import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from common import DEFAULT_LANG, LANGS, ROOT, free_port

SKIP = {".git", ".venv", "site", ".cache", "node_modules", ".pytest_cache", ".ruff_cache"}
EDITED_PAGE = "help.md"  # the page saved in the serve benchmark
# What a build keeps for the next one, besides the lesson kits (sitekit/precompress.py, csp.py,
# and the results of sitekit/resultcache.py).
BUILD_CACHES = (
    ".cache/gzip",
    ".cache/csp-scan.json",
    ".cache/csp-templates.json",
    ".cache/content-policy.json",
    ".cache/cssprune.json",
    ".cache/search.json",
)


def copy_project(dest: Path) -> Path:
    shutil.copytree(ROOT, dest, ignore=lambda _d, names: [n for n in names if n in SKIP])
    return dest


def build(project: Path, out: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """One ``mkdocs build`` in a subprocess: (wall seconds, CPU seconds of the build)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
        + ["-d", str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{result.stdout}\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def timed_builds(
    project: Path, out: Path, runs: int, env: dict[str, str] | None = None
) -> dict[str, float]:
    samples = [build(project, out, env) for _ in range(runs)]
    return {
        "wall": statistics.median(w for w, _ in samples),
        "cpu": statistics.median(c for _, c in samples),
        "runs": runs,
    }


def multiply_pages(project: Path, factor: int) -> int:
    """Make ``factor``× the pages: ``factor - 1`` renamed copies of every page in every language
    (docs/<lang>/copy-N/…), each copy a nav section. Returns the Markdown pages per language."""
    docs = project / "docs"
    sources = {
        lang: sorted(p.relative_to(docs / lang) for p in (docs / lang).rglob("*.md"))
        for lang in LANGS
    }
    for n in range(2, factor + 1):
        for lang, pages in sources.items():
            for rel in pages:
                target = docs / lang / f"copy-{n}" / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(docs / lang / rel, target)
    config = project / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines()
    start = lines.index("nav:")
    end = next(
        (i for i in range(start + 1, len(lines)) if lines[i] and not lines[i][0].isspace()),
        len(lines),
    )
    extra = []
    for n in range(2, factor + 1):
        extra.append(f"  - Kopija {n}:")
        extra += [f"      - copy-{n}/{rel.as_posix()}" for rel in sources[DEFAULT_LANG]]
    lines[end:end] = extra
    config.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(sources[DEFAULT_LANG]) * factor


def _get(url: str, timeout: float = 120) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (loopback)
        return response.read().decode("utf-8", "replace")


def serve_reload(project: Path, env: dict[str, str], edits: int) -> list[float]:
    """Seconds from saving docs/lv/help.md to the end of the rebuild that the preview reloads
    on (MkDocs' livereload long-poll answers then), for ``edits`` saves."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    page = project / "docs" / DEFAULT_LANG / EDITED_PAGE
    original = page.read_text(encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml")]
        + ["-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
    )
    times = []
    try:
        html = ""
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("mkdocs serve exited")
            try:
                html = _get(f"{base}/help/")
                break
            except OSError:
                time.sleep(0.2)
        for n in range(edits):
            epoch = re.search(r"livereload\((\d+),", html)
            if not epoch:
                raise RuntimeError("no livereload script in the served page")
            marker = f"benchmark-edit-{n}-{time.time_ns()}"
            saved = time.perf_counter()
            page.write_text(f"{original}\n\n{marker}\n", encoding="utf-8")
            answer = _get(f"{base}/livereload/{epoch[1]}/1")
            elapsed = time.perf_counter() - saved
            html = _get(f"{base}/help/")
            if int(answer) <= int(epoch[1]) or marker not in html:
                raise RuntimeError("the preview did not pick up the edit")
            times.append(elapsed)
            time.sleep(1)
    finally:
        page.write_text(original, encoding="utf-8")
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
    return times
