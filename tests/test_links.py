"""Every internal link, resource and #anchor in the built HTML resolves to a built file and id.

Covers what MkDocs' own validation does not see: links written by templates (help strip,
language switcher, footer, 404 pages), assets, and absolute links to the production address
(canonical, hreflang), which must name a page that exists.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import LANGS, html_pages, page_lang

SITE_URL = "https://pamaniunaptur.lv/"
SKIP_SCHEMES = ("mailto", "tel", "sms", "javascript", "data", "blob")
URL_ATTRS = {
    "a": ("href",),
    "area": ("href",),
    "link": ("href",),
    "script": ("src",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "form": ("action",),
}


class _Refs(HTMLParser):
    """The ids of one page and the URLs it refers to."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []  # (tag[attr], url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v for k, v in attrs if v is not None}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "name" in a:
            self.ids.add(a["name"])
        for attr in URL_ATTRS.get(tag, ()):
            value = a.get(attr, "").strip()
            if not value:
                continue
            if attr == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.refs.append((f"{tag}[{attr}]", candidate.split()[0]))
            else:
                self.refs.append((f"{tag}[{attr}]", value))


@functools.cache
def _parse(path: Path) -> _Refs:
    refs = _Refs()
    refs.feed(path.read_text(encoding="utf-8"))
    return refs


def served_path(site: Path, html: Path) -> str:
    """The URL path of a built page: ``/ru/help/`` for ru/help/index.html."""
    rel = html.relative_to(site).as_posix()
    return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


def target_file(site: Path, url_path: str) -> Path | None:
    """The built file a URL path is served from, or None."""
    rel = unquote(url_path).lstrip("/")
    candidate = site / rel
    if rel == "" or rel.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def broken_links(site: Path, html: Path, site_url: str = SITE_URL) -> list[str]:
    """Every internal reference of one page that does not resolve, one line each."""
    base = "http://site.invalid" + served_path(site, html)
    production = urlsplit(site_url)
    problems = []
    for where, raw in _parse(html).refs:
        parts = urlsplit(raw)
        if parts.scheme in SKIP_SCHEMES:
            continue
        if parts.scheme in ("http", "https") or raw.startswith("//"):
            if parts.netloc != production.netloc:
                continue  # another site: not ours to resolve
            if not parts.path.startswith(production.path):
                problems.append(f"{where}={raw}: outside the site's address {site_url}")
                continue
            url = urljoin("http://site.invalid/", parts.path[len(production.path) :])
            if parts.fragment:
                url += "#" + parts.fragment
        else:
            url = urljoin(base, raw)
        resolved = urlsplit(url)
        target = target_file(site, resolved.path)
        if target is None:
            problems.append(f"{where}={raw}: no file for {resolved.path}")
            continue
        fragment = unquote(resolved.fragment)
        if fragment and target.suffix == ".html" and fragment not in _parse(target).ids:
            rel = target.relative_to(site).as_posix()
            problems.append(f"{where}={raw}: no id '{fragment}' in {rel}")
    return problems


@pytest.mark.parametrize("lang", LANGS)
def test_internal_links_and_anchors_resolve(site_dir: Path, lang: str) -> None:
    pages = [p for p in html_pages(site_dir) if page_lang(site_dir, p) == lang]
    assert pages, f"no built pages in language {lang}"
    report = []
    checked = 0
    for page in pages:
        checked += len(_parse(page).refs)
        problems = broken_links(site_dir, page)
        if problems:
            report.append(f"{served_path(site_dir, page)}:")
            report += [f"    {line}" for line in problems]
    assert checked, "no links found: is the parser reading the pages?"
    assert not report, "broken internal links or anchors:\n" + "\n".join(report)


def test_the_check_finds_broken_links(tmp_path: Path) -> None:
    site = tmp_path
    (site / "help").mkdir()
    (site / "help/index.html").write_text('<h2 id="call">Call</h2>', encoding="utf-8")
    (site / "assets").mkdir()
    (site / "assets/site.css").write_text("", encoding="utf-8")
    page = site / "index.html"
    page.write_text(
        '<link rel="stylesheet" href="assets/site.css">'
        '<link rel="canonical" href="https://pamaniunaptur.lv/help/">'
        '<a href="help/#call">ok</a><a href="tel:112">ok</a><a href="https://example.org/x">ok</a>'
        '<a href="#top" id="top">ok</a>'
        '<a href="help/#nope">bad anchor</a><a href="missing/">bad page</a>'
        '<img src="assets/none.png" srcset="assets/site.css 1x, assets/gone.png 2x">'
        '<link rel="alternate" hreflang="ru" href="https://pamaniunaptur.lv/ru/help/">'
        '<a href="#gone">bad local anchor</a>',
        encoding="utf-8",
    )
    problems = "\n".join(broken_links(site, page))
    for bad in ("help/#nope", "missing/", "assets/none.png", "assets/gone.png", "/ru/help/"):
        assert bad in problems, f"{bad} not reported:\n{problems}"
    assert "#gone" in problems and "#top" not in problems
    assert "help/#call" not in problems and "tel:" not in problems and "example.org" not in problems
