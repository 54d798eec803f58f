"""The built site: languages, 404 pages, hreflang, quick exit, help strip, no third parties."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import DEFAULT_LANG, LANGS, ROOT, html_pages, page_lang

from sitekit import data

SITE_URL = "https://pamaniunaptur.lv/"
TEL_RE = re.compile(r"^tel:(\+[1-9][0-9]{6,14}|[0-9]{3,10})$")  # ASCII digits only


class Page(HTMLParser):
    """Collects what the tests look at in one HTML file."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.html_lang: str | None = None
        self.links: list[dict[str, str]] = []
        self.anchors: list[dict[str, str]] = []
        self.resources: list[str] = []
        self.meta: list[dict[str, str]] = []
        self.body_first: dict[str, str] | None = None
        self.body_first_tag: str | None = None
        self._in_body = False
        self.help_strip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        elif tag == "body":
            self._in_body = True
            return
        if self._in_body and self.body_first is None and tag not in ("input", "label"):
            self.body_first, self.body_first_tag = a, tag
        if tag == "link":
            self.links.append(a)
            if a.get("rel") in ("stylesheet", "icon", "preload", "preconnect", "modulepreload"):
                self.resources.append(a.get("href", ""))
        elif tag == "a":
            self.anchors.append(a)
        elif tag == "meta":
            self.meta.append(a)
        elif tag in ("script", "img", "iframe", "source", "video", "audio", "embed") and a.get(
            "src"
        ):
            self.resources.append(a["src"])
        if tag == "nav" and "help-strip" in a.get("class", ""):
            self.help_strip = True


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def pages(site_dir: Path) -> dict[Path, Page]:
    return {path: parse(path) for path in html_pages(site_dir)}


def content_pages(pages: dict[Path, Page]) -> dict[Path, Page]:
    return {p: v for p, v in pages.items() if p.name != "404.html"}


def test_every_language_has_home_and_404(site_dir: Path) -> None:
    for lang in LANGS:
        prefix = site_dir if lang == DEFAULT_LANG else site_dir / lang
        for name in ("index.html", "404.html"):
            path = prefix / name
            assert path.is_file(), f"missing {path.relative_to(site_dir)}"
            assert parse(path).html_lang == lang, f"{path.relative_to(site_dir)} is not {lang}"


def test_404_pages_are_in_their_language(site_dir: Path) -> None:
    titles = data.load_ui(ROOT / "data/ui.yml", LANGS)
    for lang in LANGS:
        path = site_dir / "404.html" if lang == DEFAULT_LANG else site_dir / lang / "404.html"
        assert titles["not_found_title"][lang] in path.read_text(encoding="utf-8")


def test_html_lang_matches_language_folder(site_dir: Path, pages: dict[Path, Page]) -> None:
    wrong = [
        str(p.relative_to(site_dir))
        for p, v in pages.items()
        if v.html_lang != page_lang(site_dir, p)
    ]
    assert not wrong, f"<html lang> does not match the language folder: {wrong}"


def source_of(site: Path, path: Path) -> str:
    """The page's Markdown path inside a language folder (``platforms/tiktok.md``)."""
    rel = path.relative_to(site)
    if rel.parts[0] in LANGS:
        rel = Path(*rel.parts[1:])
    folder = rel.parent.as_posix()
    if folder == ".":
        return "index.md"
    docs = ROOT / "docs" / DEFAULT_LANG
    return f"{folder}/index.md" if (docs / folder / "index.md").is_file() else f"{folder}.md"


def test_hreflang_complete_absolute_with_x_default(site_dir: Path, pages) -> None:
    """Every real translation is an alternate, fallbacks are not, x-default is Latvian."""
    problems = []
    for path, page in content_pages(pages).items():
        alts = {
            a["hreflang"]: a["href"]
            for a in page.links
            if a.get("rel") == "alternate" and a.get("hreflang")
        }
        rel = path.relative_to(site_dir)
        src = source_of(site_dir, path)
        real = {lang for lang in LANGS if (ROOT / "docs" / lang / src).is_file()}
        if set(alts) != {*real, "x-default"}:
            problems.append(f"{rel}: hreflang {sorted(alts)}, translations {sorted(real)}")
            continue
        if any(not href.startswith(SITE_URL) for href in alts.values()):
            problems.append(f"{rel}: relative or foreign hreflang URL")
        if alts["x-default"] != alts[DEFAULT_LANG]:
            problems.append(f"{rel}: x-default is not the Latvian page")
        folder = Path(src).parent.as_posix() if src.endswith("index.md") else src[:-3]
        path_part = "" if folder == "." else folder + "/"
        for lang, href in alts.items():
            code = DEFAULT_LANG if lang == "x-default" else lang
            expected = SITE_URL + ("" if code == DEFAULT_LANG else code + "/") + path_part
            if href != expected:
                problems.append(f"{rel}: hreflang {lang} is {href}, expected {expected}")
    assert not problems, "\n".join(problems)


def test_quick_exit_is_first_on_every_page(site_dir: Path, pages, mkdocs_extra) -> None:
    problems = []
    for path, page in pages.items():
        first = page.body_first or {}
        if "data-quick-exit" not in first:
            problems.append(f"{path.relative_to(site_dir)}: quick exit is not first in <body>")
            continue
        link = next((a for a in page.anchors if "data-quick-exit-link" in a), None)
        if link is None or link.get("href") != mkdocs_extra["quick_exit_url"]:
            problems.append(f"{path.relative_to(site_dir)}: quick-exit link missing or wrong")
        elif "noreferrer" not in link.get("rel", "").split():
            problems.append(f"{path.relative_to(site_dir)}: quick exit lacks rel=noreferrer")
    assert not problems, "\n".join(problems)


def test_help_strip_with_tel_links_on_every_page(site_dir: Path, pages) -> None:
    problems = []
    for path, page in pages.items():
        tels = {a["href"] for a in page.anchors if a.get("href", "").startswith("tel:")}
        if not page.help_strip or not {"tel:112", "tel:116111"} <= tels:
            problems.append(f"{path.relative_to(site_dir)}: help strip with 112 and 116111")
        bad = [t for t in tels if not TEL_RE.match(t)]
        if bad:
            problems.append(f"{path.relative_to(site_dir)}: invalid tel: links {bad}")
    assert not problems, "\n".join(problems)


EXTERNAL_CSS = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"]?)(?:https?:)?//""", re.I)


def test_no_html_css_or_js_file_loads_from_another_host(site_dir: Path, pages) -> None:
    problems = []
    for path, page in pages.items():
        for ref in page.resources:
            parts = urlsplit(ref)
            if parts.scheme in ("http", "https") or ref.startswith("//"):
                problems.append(f"{path.relative_to(site_dir)}: loads {ref}")
    for path in site_dir.rglob("*.css"):
        text = path.read_text(encoding="utf-8", errors="replace")
        if EXTERNAL_CSS.search(text):
            problems.append(f"{path.relative_to(site_dir)}: external url() or @import")
    for path in (ROOT / "overrides").rglob("*.js"):
        if re.search(r"https?://", path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(ROOT)}: JavaScript names an external host")
    assert not problems, "\n".join(problems)


def test_no_cookies_or_analytics(site_dir: Path) -> None:
    for path in [*site_dir.rglob("*.html"), *(ROOT / "overrides").rglob("*.js")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for needle in ("document.cookie", "googletagmanager", "google-analytics", "gtag("):
            assert needle not in text, f"{path}: {needle}"
