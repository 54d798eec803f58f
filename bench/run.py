"""Benchmark the site and write BENCHMARKS.md: `make bench` (`.venv/bin/python bench/run.py`).

What it measures, each in a temporary copy of the project (the working tree is never touched),
one module per job:

- ``builds``: the full four-language ``mkdocs build``, a one-language build (``SITE_LANG=lv``),
  build time of synthetic copies with 4× and 16× the pages (scaling), and for editors the time
  from saving a page to the refreshed ``mkdocs serve`` preview (serve);
- ``hooks_cost``: what the project's own hooks add to a build;
- ``page_weight``: bytes of HTML, CSS, JS, search index and images that Chromium loads at start
  for each page type (home, article, lesson, help, self-check) in each language;
- ``lighthouse``: Lighthouse mobile scores, total blocking time and main-thread time per script
  for those pages, N runs each, under two servers (``servers``): the shipped nginx
  configuration and a plain static server with gzip;
- ``downloads_bench``: what the lesson kits (PDF, DOCX, ZIP) add to a build;
- ``campaign_bench``: what the campaign kit adds to a cold and a warm build;

and ``report`` writes them against its budgets, with the machine and its load before and after
(``machine``). ``--only build,weight`` runs some sections; ``--runs`` repeats timed builds
(median); ``--lighthouse-runs`` (or BENCH_LIGHTHOUSE_RUNS, default 5) sets the Lighthouse runs per
page and server; ``--pages``, ``--langs`` and ``--servers`` narrow a smoke run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "bench")]

import builds  # noqa: E402
import hooks_cost  # noqa: E402
import lighthouse  # noqa: E402
import page_weight  # noqa: E402
import report  # noqa: E402
import servers  # noqa: E402
from common import LANGS, OUTPUT, command_version, lang_path, load_average, log  # noqa: E402
from machine import machine  # noqa: E402

SECTIONS = ("build", "scaling", "serve", "weight", "lighthouse", "downloads", "campaign")


def _csv(value: str, allowed: tuple[str, ...], what: str, parser: argparse.ArgumentParser) -> list:
    chosen = [x for x in value.split(",") if x]
    unknown = set(chosen) - set(allowed)
    if unknown:
        parser.error(f"unknown {what} {sorted(unknown)}; choose from {', '.join(allowed)}")
    return chosen


def measure_lighthouse(
    urls: dict[str, str], types: dict[str, str], langs: list[str], runs: int, work: Path
) -> dict[str, Any]:
    """Every page type in every language under every server: :func:`lighthouse.measure`."""
    result: dict[str, Any] = {"runs": runs, "servers": {}, "load": {"before": load_average()}}
    version_seen = None
    for server, url in urls.items():
        pages = {}
        for kind, path in types.items():
            for lang in langs:
                log(f"lighthouse {server} {kind}/{lang} ({runs} runs)")
                item = lighthouse.measure(
                    f"{url}/{lang_path(lang, path)}", runs, work, f"{server}-{kind}-{lang}"
                )
                item["path"] = "/" + lang_path(lang, path)
                version_seen = item["version"]
                pages[f"{kind}/{lang}"] = item
        result["servers"][server] = pages
    result["version"] = version_seen
    result["load"]["after"] = load_average()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmark the site; write BENCHMARKS.md.")
    parser.add_argument("--runs", type=int, default=3, help="timed builds per case (median)")
    parser.add_argument("--edits", type=int, default=3, help="saves per serve mode")
    parser.add_argument(
        "--lighthouse-runs",
        type=int,
        default=int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "5")),
        help="Lighthouse runs per page and server (default 5, or BENCH_LIGHTHOUSE_RUNS)",
    )
    parser.add_argument("--only", default=",".join(SECTIONS), help="sections, comma-separated")
    parser.add_argument(
        "--pages", default=",".join(page_weight.PAGE_TYPES), help="page types, comma-separated"
    )
    parser.add_argument("--langs", default=",".join(LANGS), help="languages, comma-separated")
    parser.add_argument(
        "--servers", default=",".join(servers.SERVERS), help="servers for Lighthouse"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    only = _csv(args.only, SECTIONS, "sections", parser)
    kinds = set(_csv(args.pages, tuple(page_weight.PAGE_TYPES), "page types", parser))
    langs = _csv(args.langs, LANGS, "languages", parser)
    server_names = _csv(args.servers, servers.SERVERS, "servers", parser)
    if "lighthouse" in only and not os.access(lighthouse.LIGHTHOUSE, os.X_OK):
        parser.error(
            f"{lighthouse.LIGHTHOUSE.relative_to(ROOT)} is missing: run `make bench`, which "
            "installs the Lighthouse pinned in bench/package-lock.json (or `npm ci --prefix bench`)"
        )

    commit = command_version("git", "-C", str(ROOT), "rev-parse", "--short", "HEAD")
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "--", ".", f":!{OUTPUT.name}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    results: dict[str, Any] = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "commit": commit + (" + uncommitted changes" if dirty else ""),
        "machine": machine(),
        "subset": {
            "pages": sorted(kinds),
            "langs": langs,
            "servers": server_names,
            "full": kinds == set(page_weight.PAGE_TYPES)
            and langs == list(LANGS)
            and server_names == list(servers.SERVERS),
        },
    }
    with tempfile.TemporaryDirectory(prefix="site-bench-") as tmp:
        work = Path(tmp)
        project = builds.copy_project(work / "project")
        cache = {"LESSON_DOWNLOADS_CACHE": str(work / "downloads-cache")}
        log("warm-up build (fills the lesson download cache)")
        builds.build(project, work / "site", cache)
        if "build" in only:
            log("full builds")
            full = builds.timed_builds(project, work / "site", args.runs, cache)
            log("one-language builds")
            one = builds.timed_builds(
                project, work / "site-lv", args.runs, {**cache, "SITE_LANG": "lv"}
            )
            log("hook profile")
            profiles = [
                hooks_cost.hook_profile(project, work / "site-prof", cache)
                for _ in range(args.runs)
            ]
            hooks = sorted(profiles, key=lambda p: p["total"])[len(profiles) // 2]
            log("hook profile, first build (no gzip or CSP cache)")
            for name in builds.BUILD_CACHES:
                path = project / name
                shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
            cold = hooks_cost.hook_profile(project, work / "site-prof", cache)
            results["build"] = {"full": full, "one": one, "hooks": hooks, "cold": cold}
        if "scaling" in only:
            results["scaling"] = {}
            for factor in (1, 4, 16):
                log(f"scaling: {factor}×")
                scaled = builds.copy_project(work / f"scaled-{factor}")
                pages = builds.multiply_pages(scaled, factor)
                out = work / f"site-{factor}"
                runs = args.runs if factor == 1 else 1
                item = builds.timed_builds(scaled, out, runs, {"LESSON_DOWNLOADS": "false"})
                item["pages"] = pages
                item["built"] = sum(1 for _ in out.rglob("*.html"))
                results["scaling"][str(factor)] = item
                shutil.rmtree(scaled)
                shutil.rmtree(out)
        if "serve" in only:
            results["serve"] = {}
            for name, env in (("all", {}), ("lv", {"SITE_LANG": "lv"})):
                log(f"mkdocs serve ({name})")
                results["serve"][name] = builds.serve_reload(project, {**cache, **env}, args.edits)
        if {"weight", "lighthouse"} & set(only):
            with servers.nginx_site(project, work, cache) as (url, site):
                types = page_weight.page_types(site, kinds)
                if "weight" in only:
                    log("page weight")
                    results["weight"] = page_weight.page_weights(url, site, types)
                    try:
                        from sitekit import search

                        results["search_index"] = {
                            "raw": search.index_sizes(site),
                            "gzip": search.index_sizes(site, compressed=True),
                        }
                    except (ImportError, AttributeError):
                        results["search_index"] = None
                if "lighthouse" in only:
                    with servers.static_site(site, work) as static_url:
                        urls = {"nginx": url, "static": static_url}
                        urls = {name: urls[name] for name in server_names}
                        results["lighthouse"] = measure_lighthouse(
                            urls, types, langs, args.lighthouse_runs, work
                        )
    if "downloads" in only:
        import downloads_bench

        log("lesson downloads (bench/downloads_bench.py)")
        results["downloads"] = downloads_bench.measure(runs=1)
    if "campaign" in only:
        import campaign_bench

        log("campaign kit (bench/campaign_bench.py)")
        results["campaign"] = campaign_bench.measure(runs=1)
    results["load_end"] = load_average()
    args.output.write_text(report.render(results), encoding="utf-8")
    raw = ROOT / ".cache" / "bench-results.json"  # the numbers behind the tables (not committed)
    raw.parent.mkdir(exist_ok=True)
    raw.write_text(json.dumps(results, indent=1), encoding="utf-8")
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
