"""Load built pages in Chromium and collect what the browser suite checks on each.

One visit per page records, for the tests in test_pages.py to assert on:

- axe-core violations of the WCAG 2.0/2.1/2.2 A and AA rules, at a desktop and a phone width;
- console errors and uncaught exceptions;
- responses with status 4xx/5xx and requests that failed;
- requests to any host but the local server (blocked before they leave the browser);
- keyboard, at both widths: what the first Tab focuses, and for every element that Tab reaches,
  whether it shows a focus indicator (outline or box-shadow) and is not hidden or covered.

Speed: axe-core and pagecheck.js go in as init scripts (no per-page transfer); CSS transitions
are switched off so that nothing has to be waited for; the focus of every Tab press is recorded
inside the page, so Tab is pressed in batches with one read per batch. The Playwright API is
synchronous, so pages overlap by starting axe in one page (each page has its own browser
context, so its own renderer process) while another page is walked with the keyboard.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conftest import ROOT, page_lang

AXE_JS = ROOT / "node_modules/axe-core/axe.min.js"
HELPER_JS = Path(__file__).with_suffix(".js")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# Every URL that is not on the local server. Matched inside Playwright's driver, so requests to
# the site itself are never stopped on their way (no round trip to Python for each).
NOT_LOCAL = re.compile(
    r"^(?!(https?|wss?)://(127\.0\.0\.1|localhost|\[::1\])[:/])(?!(data|blob|about):)"
)
# A font wider than any the site names: whatever fonts a machine has, text is at most this wide
# (layout tests run with it as well as with the machine's own fonts).
WIDE_FONT = (
    "* { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif !important;"
    " letter-spacing: 0.08em !important; word-spacing: 0.15em !important; }"
)
MAX_TABS = 500
TAB_BATCH = 4
AXE_TIMEOUT = 90.0


@dataclass
class PageReport:
    """What the browser saw on one page; each list holds one line per problem."""

    path: str
    lang: str
    axe: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    keyboard: list[str] = field(default_factory=list)
    first_tab: dict[str, dict] = field(default_factory=dict)  # width -> focused element
    tabs: dict[str, int] = field(default_factory=dict)  # width -> elements reached


def page_url(site: Path, html: Path) -> str:
    """The URL path a built HTML file is served at (``ru/help/`` for ru/help/index.html)."""
    rel = html.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def format_violations(raw: str) -> list[str]:
    """One line per axe violation: rule, impact, help text and up to three element selectors."""
    data = json.loads(raw)
    if isinstance(data, dict):
        return [f"axe failed to run: {data.get('error')}"]
    lines = []
    for v in data:
        targets = ", ".join(" ".join(map(str, n["target"])) for n in v["nodes"][:3])
        more = f" (+{len(v['nodes']) - 3} more)" if len(v["nodes"]) > 3 else ""
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} — {targets}{more}")
    return lines


class _Slot:
    """One browser context with one page, reused for page after page."""

    def __init__(self, browser, base_url: str) -> None:
        self.base_url = base_url
        self.context = browser.new_context(viewport=WIDTHS["desktop"])
        self.context.add_init_script(path=str(AXE_JS))
        self.context.add_init_script(path=str(HELPER_JS))
        self.context.route(NOT_LOCAL, self._block)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self._add("console", f"uncaught: {exc}"))
        self.page.on("response", self._response)
        self.page.on("requestfailed", self._requestfailed)
        self.report: PageReport | None = None
        self.width = ""
        self.started = 0.0

    def _add(self, kind: str, line: str) -> None:
        if self.report is not None and line not in getattr(self.report, kind):
            getattr(self.report, kind).append(line)

    def _block(self, route) -> None:
        self._add("external", f"{route.request.method} {route.request.url}")
        route.abort("blockedbyclient")

    def _console(self, message) -> None:
        if message.type == "error":
            self._add("console", message.text)

    def _response(self, response) -> None:
        if response.status >= 400:
            self._add("failed", f"{response.status} {response.url}")

    def _requestfailed(self, request) -> None:
        if is_local(request.url):  # blocked requests to other hosts are reported as such
            self._add("failed", f"{request.failure} {request.url}")

    @property
    def busy(self) -> bool:
        return self.report is not None

    def start(self, report: PageReport) -> None:
        """Open the page at desktop width and start axe in it."""
        self.report = report
        self.width = "desktop"
        self.page.set_viewport_size(WIDTHS["desktop"])
        self.page.goto(f"{self.base_url}/{report.path}", wait_until="load")
        self._start_axe()

    def _start_axe(self) -> None:
        self.page.evaluate("tags => window.__pagecheck.startAxe(tags)", AXE_TAGS)
        self.started = time.monotonic()

    def poll(self) -> bool:
        """Advance when axe has finished at the current width; True when the page is done."""
        assert self.report is not None
        raw = self.page.evaluate("() => window.__pagecheck.axe")
        if raw is None:
            if time.monotonic() - self.started < AXE_TIMEOUT:
                return False
            raw = json.dumps({"error": f"no result within {AXE_TIMEOUT:.0f} s"})
        for line in format_violations(raw):
            self._add("axe", f"[{self.width}] {line}")
        self.keyboard()
        if self.width == "desktop":
            self.width = "phone"
            self.page.set_viewport_size(WIDTHS["phone"])
            self._start_axe()
            return False
        self.page.wait_for_load_state("networkidle")
        self.report = None
        return True

    def keyboard(self) -> None:
        """Tab from the top of the page until focus comes back round to the first element."""
        assert self.report is not None
        page, width = self.page, self.width
        page.evaluate("() => window.__pagecheck.reset()")
        walk: list[dict] | None = None
        presses = 0
        # First as many presses as there seem to be stops, then a few at a time until focus
        # is back at the first element.
        batch = max(1, page.evaluate("() => window.__pagecheck.tabbable()") - 2)
        while walk is None and presses < MAX_TABS:
            for _ in range(batch):
                page.keyboard.press("Tab")
            presses += batch
            batch = TAB_BATCH
            log = page.evaluate("() => window.__pagecheck.log")
            if log:
                again = [i for i, e in enumerate(log) if i and e["key"] == log[0]["key"]]
                walk = log[: again[0]] if again else None
        page.evaluate("() => window.__pagecheck.reset()")
        if walk is None:
            reached = "Tab focuses nothing" if not log else f"after {MAX_TABS} presses"
            self._add("keyboard", f"[{width}] focus never came back round to the start: {reached}")
            walk = log
        self.report.tabs[width] = len(walk)
        if walk:
            self.report.first_tab[width] = walk[0]
        for info in walk:
            if not (info["indicator"] and info["seen"]):
                info = page.evaluate("k => window.__pagecheck.recheck(k)", info["key"]) or info
            if not info["indicator"]:
                self._add("keyboard", f"[{width}] no visible focus indicator on {info['id']}")
            if not info["seen"]:
                self._add(
                    "keyboard",
                    f"[{width}] focused element hidden or covered: {info['id']} {info['size']}",
                )

    def close(self) -> None:
        self.context.close()


def check_pages(
    browser, base_url: str, site: Path, pages: Iterable[Path], workers: int = 2
) -> dict[str, PageReport]:
    """Run every check on every page, ``workers`` pages at a time; reports by URL path."""
    for script in (AXE_JS, HELPER_JS):
        if not script.is_file():
            raise FileNotFoundError(f"{script} is missing: run `npm ci` (make test does)")
    queue = [PageReport(page_url(site, p), page_lang(site, p)) for p in pages]
    reports = {r.path: r for r in queue}
    slots = [_Slot(browser, base_url) for _ in range(max(1, min(workers, len(queue))))]
    try:
        while queue or any(s.busy for s in slots):
            progressed = False
            for slot in slots:
                if not slot.busy and queue:
                    slot.start(queue.pop(0))
                elif slot.busy and slot.poll():
                    progressed = True
            if not progressed:
                time.sleep(0.01)
    finally:
        for slot in slots:
            slot.close()
    return reports
