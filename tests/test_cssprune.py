"""sitekit.cssprune: which rules of Material's stylesheet survive, and the renamed file."""

from __future__ import annotations

import re
from pathlib import Path

from sitekit import cssprune

PAGE = (
    '<html class="no-js"><body dir="ltr"><div class="md-header" data-md-component="header">'
    '<nav class="md-nav md-nav--primary"><a class="md-nav__link" href="#">x</a></nav>'
    "<details open><summary>s</summary></details></div></body></html>"
)
SCRIPT = 'e.classList.add("md-search-result__item");x("mark",{})'


def names() -> cssprune.Names:
    found = cssprune.Names()
    found.add_html(PAGE)
    found.add_script(SCRIPT)
    return found


def test_selectors_that_could_match_are_kept() -> None:
    n = names()
    for selector in (
        ".md-nav__link",
        ".md-nav__link:hover",
        ".md-nav__link:focus-visible:not(.md-nav__link--missing)",
        "[dir=ltr] .md-nav--primary>.md-nav__link",
        '[data-md-component="header"] a',
        ".md-search-result__item",  # added by a script
        "mark",  # created by a script
        "html.js .md-header",  # Material's class on <html>
        "details[open]>summary:after",
        ":root",
        "*",
    ):
        assert cssprune.may_match(selector, n), selector


def test_selectors_that_cannot_match_are_dropped() -> None:
    n = names()
    for selector in (
        ".md-tooltip2",
        ".md-nav .md-nav__source",
        "[data-md-color-scheme=slate] .md-nav__link",
        "#__comments",
        "table .md-nav__link",
        ".highlight .k",  # a one-letter word in a script is no class name
    ):
        assert not cssprune.may_match(selector, n), selector


def test_prune_keeps_only_what_matches_and_at_rules() -> None:
    css = (
        "@font-face{font-family:x;src:url(x.woff2)}"
        ".md-nav__link,.md-tooltip2{color:red}"
        ".md-tooltip2{color:blue}"
        "@media screen and (min-width:60em){.md-tooltip2{top:0}.md-nav{top:1px}}"
        "@media print{.md-tooltip2{top:0}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
    )
    out = cssprune.prune(css, names())
    assert out == (
        "@font-face{font-family:x;src:url(x.woff2)}"
        ".md-nav__link{color:red}"
        "@media screen and (min-width:60em){.md-nav{top:1px}}"
        "@keyframes spin{to{transform:rotate(1turn)}}"
    )


def test_prune_site_renames_and_points_pages_at_the_new_file(tmp_path: Path) -> None:
    sheets = tmp_path / "assets" / "stylesheets"
    sheets.mkdir(parents=True)
    old = sheets / "main.0123abcd.min.css"
    old.write_text(".md-nav__link{color:red}.md-tooltip2{color:blue}", encoding="utf-8")
    (sheets / "main.0123abcd.min.css.map").write_text("{}", encoding="utf-8")
    (sheets / "main.0123abcd.min.css.gz").write_bytes(b"stale")
    link = '<link rel="stylesheet" href="../assets/stylesheets/main.0123abcd.min.css">'
    page = tmp_path / "ru" / "index.html"
    page.parent.mkdir()
    page.write_text(link + PAGE, encoding="utf-8")
    other = tmp_path / "plain.html"
    other.write_text("<p>no theme</p>", encoding="utf-8")

    result = cssprune.prune_site(tmp_path)

    assert result is not None and result.pages == 1
    assert re.fullmatch(r"assets/stylesheets/main\.[0-9a-f]{8}\.min\.css", result.new)
    assert result.new != result.old and result.after < result.before
    assert sorted(p.name for p in sheets.iterdir()) == [Path(result.new).name]
    assert (tmp_path / result.new).read_text(encoding="utf-8") == ".md-nav__link{color:red}"
    assert f"../{result.new}" in page.read_text(encoding="utf-8")
    assert other.read_text(encoding="utf-8") == "<p>no theme</p>"
    # A second run finds its own output already pruned: same name, nothing to rewrite.
    again = cssprune.prune_site(tmp_path)
    assert again is not None and again.new == result.new and again.pages == 0


def test_prune_site_without_the_theme_stylesheet_does_nothing(tmp_path: Path) -> None:
    assert cssprune.prune_site(tmp_path) is None
