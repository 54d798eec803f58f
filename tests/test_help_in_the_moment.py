"""Help in the moment on every reader page, in every language (built HTML, no browser):
the quick-exit band with the childline named, and one tap to the "someone is threatening me" page.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from conftest import DEFAULT_LANG, html_pages, page_lang


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.band: list[str] = []
        self.strip: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "div" and "site-band" in classes:
            self._in.append("band")
        elif tag == "nav" and "help-strip" in classes:
            self._in.append("strip")
        elif tag == "a" and self._in:
            getattr(self, self._in[-1]).append(a.get("href") or "")
        elif tag in ("div", "nav") and self._in:
            self._in.append(self._in[-1])  # nested inside the band or the strip

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "nav") and self._in:
            self._in.pop()


def _resolve(site: Path, page: Path, href: str) -> Path:
    """The folder a link on ``page`` points to (root-relative links on the 404 pages too)."""
    return (site / href.lstrip("/") if href.startswith("/") else page.parent / href).resolve()


def _links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_reader_page_has_the_band_and_one_tap_to_the_threatened_page(site_dir: Path) -> None:
    problems = []
    pages = html_pages(site_dir)
    assert len(pages) > 40
    for page in pages:
        lang = page_lang(site_dir, page)
        links = _links(page)
        rel = page.relative_to(site_dir).as_posix()
        if "tel:116111" not in links.band:
            problems.append(f"{rel}: no 116111 in the quick-exit band")
        target = site_dir / ("" if lang == DEFAULT_LANG else lang) / "threatened/index.html"
        reached = [h for h in links.strip if _resolve(site_dir, page, h) == target.parent.resolve()]
        if not reached:
            problems.append(f"{rel}: no link to {target.relative_to(site_dir)} in the help strip")
    assert target.is_file()
    assert not problems, "\n".join(problems[:20])


def test_the_check_finds_a_page_without_the_link(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text(
        '<div class="site-band"><a href="tel:116111">116111</a></div>'
        '<nav class="help-strip"><a href="help/">All</a></nav>',
        encoding="utf-8",
    )
    links = _links(page)
    assert links.band == ["tel:116111"] and links.strip == ["help/"]
