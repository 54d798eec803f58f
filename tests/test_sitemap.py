"""sitemap.xml and robots.txt: sitekit/sitemap.py, and the real build's against its pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, html_pages

from sitekit import siteconfig, sitemap
from sitekit.errors import SiteDataError
from sitekit.i18n import PageLanguages

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}
SITE = "https://example.org/"


def _languages(canonical: str, fallback: bool = False) -> PageLanguages:
    return PageLanguages(
        canonical=canonical,
        alternates=(("lv", SITE + "a/"), ("ru", SITE + "ru/a/"), ("x-default", SITE + "a/")),
        fallback=fallback,
    )


def test_entry_leaves_out_fallbacks_noindex_and_disallowed_pages() -> None:
    assert sitemap.entry_for(_languages(SITE + "ru/a/")) == sitemap.Entry(
        SITE + "ru/a/", _languages("").alternates
    )
    assert sitemap.entry_for(_languages(SITE + "a/", fallback=True)) is None
    assert sitemap.entry_for(_languages(SITE + "a/"), robots="NoIndex, nofollow") is None
    assert sitemap.entry_for(_languages(SITE + "a/"), robots="nofollow") is not None
    assert sitemap.entry_for(_languages(SITE + "a/"), disallow=("/a/",)) is None
    assert sitemap.entry_for(_languages(SITE + "ab/"), disallow=("/a/",)) is not None


def test_render_sitemap_sorts_deduplicates_and_escapes() -> None:
    entries = [
        sitemap.Entry(SITE + "b/?x=1&y=2", (("lv", SITE + "b/?x=1&y=2"),)),
        sitemap.Entry(SITE + "a/", (("lv", SITE + "a/"), ("x-default", SITE + "a/"))),
        sitemap.Entry(SITE + "a/", (("lv", SITE + "a/"), ("x-default", SITE + "a/"))),
    ]
    root = ET.fromstring(sitemap.render_sitemap(entries))
    locs = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert locs == [SITE + "a/", SITE + "b/?x=1&y=2"]
    links = root.findall("sm:url/xhtml:link", NS)
    assert [(link.get("hreflang"), link.get("rel")) for link in links][:2] == [
        ("lv", "alternate"),
        ("x-default", "alternate"),
    ]


def test_robots_allows_all_but_the_disallowed_and_names_the_sitemap() -> None:
    assert sitemap.render_robots(SITE, "lv", ()) == (
        f"User-agent: *\nDisallow:\n\nSitemap: {SITE}sitemap.xml\n"
    )
    text = sitemap.render_robots("https://example.org", "lv", ("/x/", "/y.json"))
    assert "Disallow: /x/\nDisallow: /y.json\n" in text
    assert text.endswith("Sitemap: https://example.org/sitemap.xml\n")


@pytest.mark.parametrize("bad", ["translation-status/", "/a*/", "/a$", "/a b"])
def test_disallow_must_be_plain_paths(bad: str) -> None:
    with pytest.raises(SiteDataError, match="extra.sitemap.disallow"):
        sitemap.check_disallow([bad])
    with pytest.raises(SiteDataError, match="not a list"):
        sitemap.check_disallow("/a/")


# --- the real build ------------------------------------------------------------------------


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.noindex = False
        self.alternates: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name") == "robots" and "noindex" in (a.get("content") or ""):
            self.noindex = True
        if tag == "link" and a.get("rel") == "alternate" and a.get("hreflang"):
            self.alternates.append((a["hreflang"], a["href"] or ""))


@pytest.fixture(scope="module")
def config() -> siteconfig.SiteConfig:
    return siteconfig.load(ROOT / "mkdocs.yml")


@pytest.fixture(scope="module")
def built(site_dir: Path) -> dict[str, list[tuple[str, str]]]:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    entries = {}
    for url in root.findall("sm:url", NS):
        loc = url.find("sm:loc", NS).text
        assert loc not in entries, f"{loc} listed twice"
        links = url.findall("xhtml:link", NS)
        entries[loc] = [(link.get("hreflang"), link.get("href")) for link in links]
    return entries


def _url(config: siteconfig.SiteConfig, site_dir: Path, page: Path) -> str:
    rel = page.relative_to(site_dir).as_posix()
    return config.site_url.rstrip("/") + "/" + rel.removesuffix("index.html")


def test_sitemap_lists_every_indexable_page_with_its_head_alternates(
    site_dir: Path, built, config, mkdocs_extra
) -> None:
    disallow = mkdocs_extra["sitemap"]["disallow"]
    expected = {}
    for page in html_pages(site_dir):
        if page.name == "404.html":
            continue
        head = _Head()
        head.feed(page.read_text(encoding="utf-8").split("</head>")[0])
        url = _url(config, site_dir, page)
        if head.noindex or sitemap.disallowed(url, disallow):
            continue
        expected[url] = head.alternates
    assert set(built) == set(expected), (
        f"missing: {sorted(set(expected) - set(built))}\n"
        f"not indexable: {sorted(set(built) - set(expected))}"
    )
    for loc, alternates in built.items():
        assert alternates == expected[loc], f"{loc}: alternates differ from the page's <head>"


def test_sitemap_urls_are_absolute_reciprocal_and_cover_every_language(built, config) -> None:
    base = config.site_url.rstrip("/") + "/"
    for loc, alternates in built.items():
        assert loc.startswith(base)
        codes = [code for code, _ in alternates]
        assert codes[-1] == "x-default" and len(set(codes)) == len(codes), loc
        default_href = dict(alternates)[config.default_language]
        assert dict(alternates)["x-default"] == default_href, f"{loc}: x-default is not Latvian"
        assert loc in [href for _, href in alternates], f"{loc} is not among its alternates"
        for code, href in alternates[:-1]:
            assert built.get(href) == alternates, f"{loc}: {code} {href} does not link back"
    for lang in config.languages:
        prefix = base if lang == config.default_language else f"{base}{lang}/"
        assert prefix in built, f"no home page for {lang} in the sitemap"


def test_sitemap_leaves_out_fallback_pages(site_dir: Path, built, config) -> None:
    fallbacks = []
    for lang in config.translations:
        for page in html_pages(site_dir / lang):
            if page.name != "404.html" and "notice--fallback" in page.read_text("utf-8"):
                fallbacks.append(_url(config, site_dir, page))
    if not fallbacks:
        pytest.skip("every page is translated: no fallback page to leave out")
    assert not set(fallbacks) & set(built)


def test_robots_txt(site_dir: Path, config, mkdocs_extra) -> None:
    lines = (site_dir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    disallow = [line.split(": ", 1)[1] for line in lines if line.startswith("Disallow: ")]
    assert disallow == mkdocs_extra["sitemap"]["disallow"]
    assert "/translation-status/" in disallow
    assert f"Sitemap: {config.site_url.rstrip('/')}/sitemap.xml" in lines
