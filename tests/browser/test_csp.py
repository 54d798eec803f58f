"""Chromium loads the site from nginx (deploy/nginx/, strict CSP) with nothing blocked.

One page of each type in each language: a type is what the policy sees of a page (its depth,
whether it is a fallback, its set of inline scripts and styles, which differ by depth and
template) and the content Material's scripts act on (tables, tooltips, downloads...), plus each
language's 404 page, and the editors' translation status page, which nginx does not serve (it
answers with the 404 page). On each page: no
Content-Security-Policy violation (``securitypolicyviolation`` events and console reports), no
console error or policy warning, no uncaught exception, and Material's scripts (inline ones,
allowed by hash, and bundled ones) have run. Search, which uses a web worker and fetches its
index, is used in every language.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import DEFAULT_LANG, EDITOR_PAGES, LANGS, html_pages, page_lang
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitekit import csp

pytestmark = pytest.mark.browser

# Runs before any script of the page: records every violation the page reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:` +
    `${e.lineNumber} ${e.sample || ''}`);
}, true);
"""
# Both must be true once the page has loaded: the first inline script of Material's base.html
# (allowed by hash) defines __md_scope; its bundle swaps the no-js class for js.
SCRIPTS_RAN = """() => ({
  inline: typeof __md_scope === 'object',
  bundle: document.documentElement.classList.contains('js'),
})"""
BUNDLE_RAN = "document.documentElement.classList.contains('js')"
# Console warnings about these are configuration errors (e.g. an unknown Permissions-Policy
# feature, a misspelt CSP directive).
POLICY_WORDS = ("Content Security Policy", "Content-Security-Policy", "Policy", "header")
# Lower case: a capital would press Shift, and Shift three times is the quick exit.
SEARCH_TERM = "instagram"
SEARCH_READY = "() => document.querySelector('.md-search-result__meta')?.textContent.trim() !== ''"
TABS = 5
# Content that Material's scripts act on (tooltips, collapsible blocks, scrolling tables) or
# that the policy sees (inline SVG with style attributes): part of a page's type.
CONTENT_FEATURES = (
    ("abbr", "<abbr"),
    ("details", "<details"),
    ("table", "<table"),
    ("svg", "<svg role="),
    ("downloads", '.pdf"'),
)


@dataclass
class PageType:
    lang: str
    path: str  # URL path, e.g. "/ru/platforms/"
    kind: str
    status: int = 200
    themed: bool = True  # a Material page (the editors' status page is not)
    problems: list[str] = field(default_factory=list)


def url_path(site: Path, page: Path) -> str:
    rel = page.relative_to(site).as_posix()
    return "/" + rel.removesuffix("index.html")


def page_types(site: Path) -> list[PageType]:
    """The first page of each type in each language, each language's 404 page, and the
    editors' pages (not served: the 404 page in their place)."""
    chosen: dict[tuple, PageType] = {}
    for page in html_pages(site):
        if page.name == "404.html":
            continue
        lang = page_lang(site, page)
        html = page.read_text(encoding="utf-8")
        inline = csp.scan_html(html)
        path = url_path(site, page)
        depth = path.strip("/").count("/") + (path != "/") - (lang != DEFAULT_LANG)
        fallback = "notice--fallback" in html
        themed = "assets/javascripts/bundle." in html
        signature = frozenset(inline.scripts | inline.styles | inline.style_attrs)
        content = html.split('class="md-content"', 1)[-1]
        features = tuple(name for name, mark in CONTENT_FEATURES if mark in content)
        kind = ", ".join(
            [f"depth {depth}"]
            + (["fallback"] if fallback else [])
            + ([] if themed else ["no theme"])
            + list(features)
        )
        key = (lang, depth, fallback, signature, features)
        chosen.setdefault(key, PageType(lang, path, kind, themed=themed))
    found = sorted(chosen.values(), key=lambda t: (t.lang, t.path))
    for lang in LANGS:
        prefix = "/" if lang == DEFAULT_LANG else f"/{lang}/"
        found.append(PageType(lang, f"{prefix}no-such-page/", "404", status=404))
    for name in sorted(EDITOR_PAGES):
        assert (site / name / "index.html").is_file(), f"the build has no {name}/"
        found.append(PageType(DEFAULT_LANG, f"/{name}/", "editors' page: 404", status=404))
    return found


def _open(context, base: str, item: PageType):
    """Open the page in a tab of its own (its messages are its own) up to the response."""
    page = context.new_page()

    def console(message) -> None:
        text = message.text
        where = message.location.get("url")
        expected_404 = item.status == 404 and "status of 404" in text and where == base + item.path
        if message.type == "error" and not expected_404:
            item.problems.append(f"console error: {text} ({where})")
        elif message.type == "warning" and any(word in text for word in POLICY_WORDS):
            item.problems.append(f"console warning: {text}")

    page.on("console", console)
    page.on("pageerror", lambda exc: item.problems.append(f"uncaught: {exc}"))
    response = page.goto(base + item.path, wait_until="commit")
    if response is None or response.status != item.status:
        item.problems.append(f"status {response and response.status}, expected {item.status}")
    return page


def _settle(page, item: PageType) -> None:
    """Wait until the page and what it loads afterwards (search index, favicon) are done."""
    page.wait_for_load_state("networkidle")
    if item.themed:
        # Material's bundle loads at the reader's first interaction (assets/site.js): turn the
        # wheel, and let it start and do what it does at start under the policy.
        page.mouse.wheel(0, 1)
        with contextlib.suppress(PlaywrightTimeout):  # reported below
            page.wait_for_function(BUNDLE_RAN, timeout=15_000)
        page.wait_for_load_state("networkidle")
    ran = page.evaluate(SCRIPTS_RAN)
    if item.themed and not ran["inline"]:
        item.problems.append("Material's inline script did not run (hash not allowed?)")
    if item.themed and not ran["bundle"]:
        item.problems.append("Material's bundle did not run")
    item.problems += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]


@pytest.fixture(scope="module")
def context(browser, nginx):
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    yield context
    context.close()


@pytest.fixture(scope="module")
def loaded(context, nginx) -> list[PageType]:
    """Every page type, a few tabs at a time: their waits for the network to settle overlap."""
    items = page_types(nginx.site)
    for start in range(0, len(items), TABS):
        batch = items[start : start + TABS]
        pages = [_open(context, nginx.https_url, item) for item in batch]
        for page, item in zip(pages, batch, strict=True):
            _settle(page, item)
            page.close()
    return items


def _report(items: list[PageType]) -> str:
    lines = []
    for item in items:
        if item.problems:
            lines.append(f"{item.path} ({item.kind}):")
            lines += [f"    {problem}" for problem in item.problems]
    return "\n".join(lines)


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_type_loads_without_violations_or_errors(loaded, lang: str) -> None:
    items = [item for item in loaded if item.lang == lang]
    kinds = {item.kind for item in items}
    assert "404" in kinds and "depth 0" in kinds, f"{lang}: page types found: {kinds}"
    assert len(items) >= 3, f"{lang}: only {len(items)} page types"
    problems = _report(items)
    assert not problems, f"problems in Chromium under the nginx configuration:\n{problems}"


@pytest.mark.parametrize("lang", LANGS)
def test_search_works_under_the_policy(context, nginx, lang: str) -> None:
    """The search worker starts, fetches the index and answers, with nothing blocked."""
    item = PageType(lang, "/" if lang == DEFAULT_LANG else f"/{lang}/", "search")
    page = _open(context, nginx.https_url, item)
    try:
        _settle(page, item)
        results = page.locator(".md-search-result__item")
        # Material ignores what is typed before its worker has built the index (it shows its
        # "type to start searching" line once ready), and reads the box on key-up: type keys.
        page.wait_for_function(SEARCH_READY, timeout=30_000)
        page.locator(".md-search__input").press_sequentially(SEARCH_TERM)
        results.first.wait_for(timeout=15_000)
        assert results.count(), f"no search results for {SEARCH_TERM!r}"
        item.problems += [f"CSP violation: {v}" for v in page.evaluate("window.__cspViolations")]
    finally:
        page.close()
    assert not item.problems, _report([item])
