"""BENCHMARKS.md from the results: one section per measurement, then the budgets."""

from __future__ import annotations

import re
import statistics
from typing import Any

import lighthouse
from builds import EDITED_PAGE
from servers import CHROME_FLAGS

BUDGETS = {
    "performance": 95,  # Lighthouse mobile median of the runs, every page, both servers
    "tbt_ms": 150,  # total blocking time, median of the runs
    "accessibility": 100,
    "best-practices": 100,
    "seo": 100,
    "home_kb": 100,  # home page, transferred, everything it loads at start
    "hooks_pct": 25,  # build time added by the project's hooks
}
SEARCH_FILES = re.compile(r"search_index\.json|/workers/search\.")
SERVER_NAMES = {
    "nginx": "the shipped nginx configuration (HTTPS, HTTP/2, the build's gzip -9 copies, "
    "cache and security headers)",
    "static": "a plain static server (Python's http.server over HTTPS, HTTP/1.1, gzip level 6 "
    "on the fly, no other headers)",
}


def kb(n: float) -> str:
    return f"{n / 1024:.1f}"


def ok(passed: bool) -> str:
    return "pass" if passed else "**FAIL**"


def render(results: dict[str, Any]) -> str:
    out = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); do not edit by hand. Timed builds run in a",
        "temporary copy of the project. Times are wall-clock medians; the CPU time beside them",
        "is the steadier figure when the machine is shared (see the load average).",
        "",
        f"Measured {results['date']} at commit `{results['commit']}`.",
        "",
        *_subset_note(results.get("subset")),
        "## Machine",
        "",
        "| | |",
        "|---|---|",
    ]
    out += [f"| {k} | {v} |" for k, v in results["machine"].items()]
    out += [f"| Load average at end | {results.get('load_end', '')} |", ""]

    budgets: list[tuple[str, str, str, bool]] = []
    if "build" in results:
        b = results["build"]
        h = b["hooks"]
        without = h["total"] - h["hooks"]
        added = 100 * h["hooks"] / without if without > 0 else float("inf")
        out += [
            "## Build",
            "",
            "Lesson kits come from a warm download cache, as in `mkdocs serve` or a second build",
            "(a cold cache is in the downloads section).",
            "",
            "| Build | Wall | CPU | Runs |",
            "|---|---:|---:|---:|",
            f"| Full site, all four languages | {b['full']['wall']:.1f} s | "
            f"{b['full']['cpu']:.1f} s | {b['full']['runs']} |",
            f"| One language (`SITE_LANG=lv`) | {b['one']['wall']:.1f} s | "
            f"{b['one']['cpu']:.1f} s | {b['one']['runs']} |",
            "",
            "### Cost of the project's hooks",
            "",
            "A build without the hooks cannot render the templates (they provide the help strip,",
            "interface strings and hreflang data), so the full build runs in-process with a timer",
            "around every hook function (every event, in every language's build) and around the",
            "import of each hook module. Without hooks = total − time in hooks.",
            "",
            "| | Seconds |",
            "|---|---:|",
            f"| In-process build, total (config + all languages) | {h['total']:.2f} |",
            f"| Time in the project's hooks | {h['hooks']:.2f} |",
            f"| Estimated build without them | {without:.2f} |",
            f"| **Ratio with / without** | **{h['total'] / without:.2f}** (+{added:.0f} %) |",
            "",
        ]
        cold = b.get("cold")
        if cold:
            cold_without = cold["total"] - cold["hooks"]
            cold_added = 100 * cold["hooks"] / cold_without
            out += [
                "The build keeps the gzip copies and what the CSP scan found per page in",
                "`.cache/` and redoes only what changed. The first build after a fresh clone",
                "(those caches empty, lesson kits cached) spent "
                f"{cold['hooks']:.2f} s of {cold['total']:.2f} s in the hooks: "
                f"+{cold_added:.0f} %.",
                "",
            ]
        out += [
            "| Hook | Seconds | Share of the build |",
            "|---|---:|---:|",
        ]
        out += [
            f"| `hooks/{name}` | {sec:.2f} | {100 * sec / h['total']:.1f} % |"
            for name, sec in h["per_hook"].items()
        ]
        out += ["", "Largest single events:", ""]
        out += [f"- `{name}`: {sec:.2f} s" for name, sec in h["per_event"].items()]
        out.append("")
        budgets.append(
            (
                "Project hooks add ≤ 25 % to build time",
                f"+{added:.0f} %",
                f"≤ {BUDGETS['hooks_pct']} %",
                added <= BUDGETS["hooks_pct"],
            )
        )
    if "scaling" in results:
        s = results["scaling"]
        base = s["1"]["wall"]
        out += [
            "## Build time and content size",
            "",
            "The real site and synthetic copies with every page copied (renamed, in every",
            "language, each copy a section of the navigation, so the navigation grows too).",
            "Built without lesson kits (`LESSON_DOWNLOADS=false`), non-strict.",
            "",
            "| Content | Pages per language | Pages built | Wall | CPU | × real site |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for factor, item in s.items():
            out.append(
                f"| {'real site' if factor == '1' else factor + '×'} | {item['pages']} | "
                f"{item['built']} | {item['wall']:.1f} s | {item['cpu']:.1f} s | "
                f"{item['wall'] / base:.1f} |"
            )
        out.append("")
    if "serve" in results:
        s = results["serve"]
        out += [
            "## Editing with `mkdocs serve`",
            "",
            f"Time from saving `docs/lv/{EDITED_PAGE}` to the end of the rebuild, when the",
            "preview in the browser reloads (MkDocs' livereload request returns). Includes",
            "MkDocs' wait for further changes. Median of the saves.",
            "",
            "| Preview | Median | Saves | All |",
            "|---|---:|---:|---|",
        ]
        for name, label in (("all", "Whole site"), ("lv", "One language (`SITE_LANG=lv`)")):
            times = s[name]
            out.append(
                f"| {label} | {statistics.median(times):.1f} s | {len(times)} | "
                + ", ".join(f"{t:.1f}" for t in times)
                + " |"
            )
        out.append("")
    if "weight" in results:
        w = results["weight"]
        out += [
            "## Page weight",
            "",
            "What Chromium loads for each page at start (at phone width, until the network is",
            "idle; a reader who never opens the search box loads no search index or worker),",
            "from the build served by nginx. KB = 1024 bytes; *transferred* is what nginx",
            "sends: the build's gzip -9 copy where there is one, else the file.",
            "",
            "| Page | HTML | CSS | JS | Search index | Images | Total raw | Transferred | Budget |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        for key, item in w.items():
            kind, lang = key.split("/")
            raw, sent = item["raw"], item["sent"]
            total_sent = sum(sent.values())
            cells = [
                f"{kb(raw.get(k, 0))} / {kb(sent.get(k, 0))}"
                for k in ("HTML", "CSS", "JS", "search index", "images")
            ]
            budget = ""
            searchy = [f for f in item.get("files", []) if SEARCH_FILES.search(f)]
            if searchy:
                budgets.append(
                    (f"No search request at load: {key}", ", ".join(searchy), "none", False)
                )
            if kind == "home":
                passed = total_sent <= BUDGETS["home_kb"] * 1024
                budget = ok(passed)
                budgets.append(
                    (
                        f"Home page ({lang}) ≤ {BUDGETS['home_kb']} KB transferred, all it "
                        "loads at start",
                        f"{kb(total_sent)} KB",
                        f"≤ {BUDGETS['home_kb']} KB",
                        passed,
                    )
                )
            out.append(
                f"| {kind} `{item['path']}` | "
                + " | ".join(cells)
                + f" | {kb(sum(raw.values()))} | **{kb(total_sent)}** | {budget} |"
            )
        out += ["", "Cells: raw KB / transferred KB.", ""]
        clean = [
            k for k, item in w.items() if not any(SEARCH_FILES.search(f) for f in item["files"])
        ]
        budgets.append(
            (
                "No search index or worker request at load (pages of the weight table)",
                f"{len(clean)} of {len(w)} pages",
                "all",
                len(clean) == len(w),
            )
        )
        sizes = results.get("search_index")
        if sizes:
            out += [
                "Search index per language (`sitekit.search.index_sizes`):",
                "",
                "| Language | Raw | gzip -9 |",
                "|---|---:|---:|",
            ]
            out += [
                f"| {lang} | {kb(sizes['raw'][lang])} KB | {kb(sizes['gzip'][lang])} KB |"
                for lang in sizes["raw"]
            ]
            out.append("")
    if "lighthouse" in results:
        out += lighthouse_section(results["lighthouse"], budgets)
    if "downloads" in results:
        import downloads_bench

        out += [
            "## Lesson kits",
            "",
            "What making the lesson kits (PDF, DOCX, ZIP) adds to a full build "
            "(`bench/downloads_bench.py`).",
            "",
            downloads_bench.report(results["downloads"]),
            "",
        ]
    if "campaign" in results:
        import campaign_bench

        out += [
            "## Campaign kit",
            "",
            "What making the campaign kit (posters, leaflets, cards, social images in every "
            "language) adds to a full build (`bench/campaign_bench.py`).",
            "",
            campaign_bench.report(results["campaign"]),
            "",
        ]
    out += [
        "## Budgets",
        "",
        "| Budget | Measured | Limit | Result |",
        "|---|---|---|---|",
    ]
    out += [f"| {name} | {measured} | {limit} | {ok(p)} |" for name, measured, limit, p in budgets]
    out.append("")
    return "\n".join(out)


def _subset_note(subset: dict[str, Any] | None) -> list[str]:
    """A warning line when page weight and Lighthouse measured fewer pages than `make bench`."""
    if not subset or subset.get("full"):
        return []
    return [
        f"**A reduced run**: page types {', '.join(subset['pages'])}; languages "
        f"{', '.join(subset['langs'])}; servers {', '.join(subset['servers'])} (`make bench` "
        "measures every page type in every language under both servers).",
        "",
    ]


def _range(values: list[float], fmt: str = "{:.0f}") -> str:
    """``median (min–max)`` of the runs."""
    return (
        fmt.format(statistics.median(values))
        + f" ({fmt.format(min(values))}–{fmt.format(max(values))})"
    )


def lighthouse_section(lh: dict[str, Any], budgets: list[tuple[str, str, str, bool]]) -> list[str]:
    """Scores per server and page, main-thread time per script and per kind of work."""
    out = [
        "## Lighthouse (mobile)",
        "",
        f"Lighthouse {lh['version']} (pinned in `bench/package-lock.json`, installed by",
        "`make bench`), default mobile preset: simulated slow 4G (150 ms RTT, 1.6 Mbit/s down),",
        "4× CPU slowdown, a Moto G Power sized screen. Debian's Chromium",
        "(`CHROME_PATH=/usr/bin/chromium`). Each run is",
        "",
        "```",
        " ".join(lighthouse.command("URL", "OUT.json")[1:]).replace(
            f"--chrome-flags={' '.join(CHROME_FLAGS)}", f"--chrome-flags='{' '.join(CHROME_FLAGS)}'"
        ),
        "```",
        "",
        "The site is built once (`SITE_URL` set to the nginx address) and served by",
        *[f"- **{name}**: {text};" for name, text in SERVER_NAMES.items() if name in lh["servers"]],
        "",
        "Both are reached by the site's name, resolved to loopback.",
        f"{lh['runs']} runs per page and server, one after another; cells give the median with",
        "the lowest and highest run in brackets. Bytes, FCP, LCP and CLS are those of the run",
        "with the median score.",
        "",
    ]
    for server, pages in lh["servers"].items():
        out += [
            f"### {server}",
            "",
            "| Page | Perf. median (min–max) | TBT ms median (min–max) | A11y | BP | SEO "
            "| FCP | LCP | CLS | Bytes | Budget |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        ]
        notes = []
        for key, item in pages.items():
            sc, m = item["scores"], item["metrics"]
            perf, tbt = item["performance_runs"], item["tbt_runs"]
            passed = (
                statistics.median(perf) >= BUDGETS["performance"]
                and statistics.median(tbt) <= BUDGETS["tbt_ms"]
                and all(
                    sc.get(k, 0) >= BUDGETS[k] for k in ("accessibility", "best-practices", "seo")
                )
            )
            budgets.append(
                (
                    f"{server} {key}: perf median ≥ {BUDGETS['performance']} (min), "
                    f"TBT median ≤ {BUDGETS['tbt_ms']} ms, a11y/BP/SEO = 100",
                    f"{statistics.median(perf):.0f} ({min(perf)}), "
                    f"{statistics.median(tbt):.0f} ms, "
                    f"{sc.get('accessibility')}/{sc.get('best-practices')}/{sc.get('seo')}",
                    f"{BUDGETS['performance']}, {BUDGETS['tbt_ms']} ms, 100/100/100",
                    passed,
                )
            )
            out.append(
                f"| {key} `{item['path']}` | {_range(perf)} | {_range(tbt)} "
                f"| {sc.get('accessibility')} | {sc.get('best-practices')} | {sc.get('seo')} | "
                f"{m.get('first-contentful-paint', 0) / 1000:.1f} s | "
                f"{m.get('largest-contentful-paint', 0) / 1000:.1f} s | "
                f"{m.get('cumulative-layout-shift', 0):.3f} | "
                f"{kb(m.get('total-byte-weight', 0))} KB | {ok(passed)} |"
            )
            for category, audits in item["failing"].items():
                if category != "performance":
                    notes.append(f"- {key}, {category}: " + ", ".join(audits))
        if notes:
            out += ["", "Audits below full score outside performance:", "", *notes]
        out.append("")
    out += script_tables(lh)
    return out


def script_tables(lh: dict[str, Any]) -> list[str]:
    """Main-thread time per script and per kind of work, from the trace of the median run of
    each page (Lighthouse's bootup-time and mainthread-work-breakdown audits, in ms at its 4×
    CPU slowdown), averaged over the languages of each page type."""
    server = "nginx" if "nginx" in lh["servers"] else next(iter(lh["servers"]))
    pages = lh["servers"][server]
    kinds = list(dict.fromkeys(key.split("/")[0] for key in pages))
    per_kind: dict[str, dict[str, list[float]]] = {k: {} for k in kinds}
    work_kind: dict[str, dict[str, list[float]]] = {k: {} for k in kinds}
    for key, item in pages.items():
        kind = key.split("/")[0]
        for script, t in item.get("scripts", {}).items():
            per_kind[kind].setdefault(script, []).append(t["total"])
        for group, t in item.get("work", {}).items():
            work_kind[kind].setdefault(group, []).append(t)
    scripts = sorted(
        {s for k in kinds for s in per_kind[k]},
        key=lambda s: -sum(statistics.mean(per_kind[k].get(s, [0])) for k in kinds),
    )
    groups = sorted({g for k in kinds for g in work_kind[k]})
    head = "| | " + " | ".join(kinds) + " |"
    rule = "|---|" + "---:|" * len(kinds)

    def row(label: str, table: dict[str, dict[str, list[float]]], name: str) -> str:
        cells = [
            f"{statistics.mean(table[k][name]):.0f}" if name in table[k] else "–" for k in kinds
        ]
        return f"| {label} | " + " | ".join(cells) + " |"

    out = [
        f"### Main-thread time ({server})",
        "",
        "From the trace of the median run of each page: Lighthouse's `bootup-time` audit (time",
        "attributed to each script: evaluation, parse and compile, and the work it causes) and",
        "`mainthread-work-breakdown` (all main-thread work by kind), in ms at the 4× CPU",
        "slowdown, averaged over the languages of each page type. *The page itself* is its HTML",
        "and inline scripts; *Unattributable* is work with no script to blame (mostly style and",
        "layout).",
        "",
        head,
        rule,
        *[row(f"`{s}`", per_kind, s) for s in scripts],
        "",
        head,
        rule,
        *[row(g, work_kind, g) for g in groups],
        "",
    ]
    return out
