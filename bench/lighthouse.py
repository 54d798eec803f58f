"""Lighthouse runs (mobile preset): scores, metrics, and main-thread time per script."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

from common import CHROMIUM, ROOT, log
from servers import CHROME_FLAGS

# Installed by `make bench` (npm ci --prefix bench) as pinned in bench/package-lock.json.
LIGHTHOUSE = ROOT / "bench/node_modules/.bin/lighthouse"
ATTEMPTS = 3
CATEGORIES = "performance,accessibility,best-practices,seo"
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
    "total-byte-weight",
)


def command(url: str, out: Path) -> list[str]:
    """The exact Lighthouse command line (BENCHMARKS.md quotes it)."""
    return [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={CATEGORIES}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]


def _short(url: str) -> str:
    """A file's path on the site (``/assets/…``), or the URL for anything else."""
    parts = urllib.parse.urlsplit(url)
    return parts.path if parts.scheme in ("http", "https") else url


def _script(url: str) -> str:
    """A script's name in the tables: its path under /assets/; a page (its HTML parsing and
    inline scripts) is "the page itself" whatever its address."""
    path = _short(url)
    if path.startswith("/assets/") or not path.startswith("/"):
        return path
    return "the page itself"


def run(url: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile preset, the default) on ``url``."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for attempt in range(1, ATTEMPTS + 1):
        out.unlink(missing_ok=True)
        result = subprocess.run(
            command(url, out), capture_output=True, text=True, env=env, check=False
        )
        if result.returncode == 0 and out.is_file():
            break
        # Lighthouse sometimes loses the trace ("NO_NAVSTART"); such a run has no scores.
        log(f"lighthouse run {attempt} failed on {url}: {result.stderr.strip()[-300:]}")
    else:
        raise RuntimeError(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return summarise(report)


def summarise(report: dict[str, Any]) -> dict[str, Any]:
    """Scores, key metrics, audits below full score, and from the trace: main-thread time per
    script (``bootup-time``) and per kind of work (``mainthread-work-breakdown``), both as
    Lighthouse reports them, i.e. at its CPU slowdown."""
    audits = report["audits"]
    scores = {k: round((v["score"] or 0) * 100) for k, v in report["categories"].items()}
    failing: dict[str, list[str]] = {}
    for key, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.setdefault(key, []).append(f"{ref['id']} ({audit['score']:.2f})")
    metrics = {name: audits[name].get("numericValue") for name in METRICS if name in audits}
    scripts = {}
    for item in (audits.get("bootup-time", {}).get("details") or {}).get("items", []):
        scripts[_script(item["url"])] = {
            "total": item.get("total", 0),
            "scripting": item.get("scripting", 0),
            "parse": item.get("scriptParseCompile", 0),
        }
    work = {
        item["group"]: item["duration"]
        for item in (audits.get("mainthread-work-breakdown", {}).get("details") or {}).get(
            "items", []
        )
    }
    requests = [
        _short(item["url"])
        for item in (audits.get("network-requests", {}).get("details") or {}).get("items", [])
    ]
    return {
        "scores": scores,
        "metrics": metrics,
        "failing": failing,
        "scripts": scripts,
        "work": work,
        "requests": requests,
        "version": report.get("lighthouseVersion"),
        "warnings": report.get("runWarnings", []),
    }


def measure(url: str, runs: int, workdir: Path, name: str) -> dict[str, Any]:
    """``runs`` Lighthouse runs on ``url``: the run with the median performance score stands for
    the page; performance and total blocking time are kept for every run."""
    results = [run(url, workdir / f"lh-{name}-{n}.json") for n in range(runs)]
    results.sort(key=lambda r: r["scores"].get("performance", 0))
    item = results[len(results) // 2]
    item["performance_runs"] = [r["scores"].get("performance", 0) for r in results]
    item["tbt_runs"] = [r["metrics"].get("total-blocking-time", 0) for r in results]
    item["performance_median"] = statistics.median(item["performance_runs"])
    item["tbt_median"] = statistics.median(item["tbt_runs"])
    return item
