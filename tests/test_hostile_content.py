"""Hostile or mistaken page content: sitekit/content_policy.py, sitekit/markers.py (stray
markers), and builds of a copy of the site with a hostile Russian page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from sitekit import content_policy, markers


def problems(html: str) -> list[str]:
    """The problems found in a page body that has content besides its title."""
    found, has_content = content_policy.check_html(f"<h1>T</h1>\n<p>text</p>\n{html}")
    assert has_content
    return [finding.problem for finding in found]


def assert_one(html: str, *words: str) -> None:
    found = problems(html)
    assert len(found) >= 1, f"not refused: {html!r}"
    assert any(all(word in problem for word in words) for problem in found), found


# Elements
@pytest.mark.parametrize(
    ("html", "word"),
    [
        ("<script>alert(1)</script>", "<script>"),
        ("<SCRIPT SRC=/x.js></SCRIPT>", "<script>"),
        ("<style>.quick-exit, .help-strip { display: none }</style>", "<style>"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "http-equiv"),
        ('<META HTTP-EQUIV="Refresh" content="0">', "http-equiv"),
        ('<iframe src="https://example.org/"></iframe>', "<iframe>"),
        ('<object data="x.swf"></object>', "<object>"),
        ('<embed src="x.swf">', "<embed>"),
        ('<base href="https://example.org/">', "<base>"),
        ('<form action="/x"><input name="q"></form>', "<form>"),
        ('<link rel="stylesheet" href="/x.css">', "<link>"),
        ("<svg><foreignObject><p>x</p></foreignObject></svg>", "<foreignobject>"),
        ('<svg><a><animate attributeName="href" to="javascript:x"/></a></svg>', "<animate>"),
        ("<template><p>x</p></template>", "<template>"),
    ],
)
def test_refused_elements(html: str, word: str) -> None:
    assert_one(html, word)


def test_a_style_attribute_on_any_element_is_refused() -> None:
    assert_one('<p style="display:none">x</p>', "style=", "<p>")
    assert_one('<svg viewBox="0 0 1 1" STYLE="width:1px"></svg>', "style=", "<svg>")


@pytest.mark.parametrize(
    "html",
    [
        '<img src="a.png" onerror="alert(1)">',
        '<a href="x"onclick="y">x</a>',  # no space before the attribute
        "<img/onerror=x src=y>",
        "<IMG SRC=x ONERROR=a>",
        "<img src=x onerror\n=a>",
        "<img src=x\x0conerror=a>",  # form feed separates attributes
        '<svg onload="a()"></svg>',
        '<details ontoggle="a()"><summary>s</summary></details>',
    ],
)
def test_inline_event_handlers_are_refused(html: str) -> None:
    assert_one(html, "event handler")


# Schemes: entity-encoded, mixed case, tab and newline inside, control characters in front.
@pytest.mark.parametrize("scheme", ["javascript", "vbscript", "data"])
@pytest.mark.parametrize(
    "spelling",
    [
        "{s}:x",
        "{S}:x",
        "{mixed}:x",
        " \x01\x1f{s}:x",
        "{head}\t{tail}:x",
        "{head}\n{tail}:x",
        "{head}&#x09;{tail}:x",
        "{head}&Tab;{tail}&NewLine;:x",
        "{entities}:x",
        "{s}&colon;x",
    ],
)
def test_dangerous_schemes_are_refused_however_written(scheme: str, spelling: str) -> None:
    url = spelling.format(
        s=scheme,
        S=scheme.upper(),
        mixed="".join(c.upper() if i % 2 else c for i, c in enumerate(scheme)),
        head=scheme[:2],
        tail=scheme[2:],
        entities="".join(f"&#{ord(c):07d}" for c in scheme),
    )
    assert_one(f'<a href="{url}">x</a>', f"{scheme}: URL")


@pytest.mark.parametrize(
    ("html", "attribute"),
    [
        ('<img src="javascript:x">', "src="),
        ('<form><button formaction="javascript:x">b</button></form>', "formaction="),
        ('<form action="javascript:x"></form>', "action="),
        ('<svg><a xlink:href="javascript:x">t</a></svg>', "xlink:href="),
        ('<svg><use href="data:image/svg+xml,&lt;svg/&gt;"/></svg>', "href="),
        ('<img srcset="a.png 1x, data:image/png;base64,AA 2x">', "srcset="),
        ('<video poster="data:image/png;base64,AA"></video>', "poster="),
    ],
)
def test_schemes_in_every_url_attribute(html: str, attribute: str) -> None:
    assert_one(html, "URL in", attribute)


@pytest.mark.parametrize(
    "html",
    [
        '<img src="https://tracker.example/p.gif">',
        '<img src="HTTP://tracker.example/p.gif">',
        '<img src="//tracker.example/p.gif">',  # protocol-relative
        '<img src="/\\tracker.example/p.gif">',  # a backslash is a slash
        '<img src=" \t//tracker.example/p.gif">',
        '<img srcset="a.png 1x, https://tracker.example/b.png 2x">',
        '<picture><source srcset="//tracker.example/a.webp"><img src="a.png"></picture>',
        '<video src="https://cdn.example/v.mp4"></video>',
        '<video poster="https://cdn.example/p.png"></video>',
        '<audio src="//cdn.example/a.mp3"></audio>',
        '<video><track src="https://cdn.example/t.vtt"></video>',
        '<svg><image href="https://cdn.example/i.png"/></svg>',
        '<svg><image xlink:href="//cdn.example/i.png"/></svg>',
        '<svg><use href="https://cdn.example/s.svg#i"/></svg>',
        '<link rel="stylesheet" href="https://cdn.example/x.css">',
    ],
)
def test_resources_from_other_hosts_are_refused(html: str) -> None:
    assert_one(html, "another host")


def test_what_pages_legitimately_hold_passes() -> None:
    assert not problems(
        '<p><a href="https://www.example.org/">a link</a> <a href="tel:+37111111111">call</a>'
        ' <a href="mailto:a@example.org">mail</a> <a href="../help/#now">help</a></p>'
        '<figure class="diagram"><svg role="img" viewBox="0 0 1 1" xmlns="http://www.w3.org/'
        '2000/svg"><title>t</title><rect x="0" y="0" width="1" height="1" fill="#fff"/></svg>'
        '</figure><img src="../assets/a.png" alt="a"><!-- a note for translators -->'
        "<details><summary>s</summary><p>x</p></details><table><tr><td>1</td></tr></table>"
    )


# Comments and declarations as a browser reads them (the stdlib parser before 3.13 does not).
@pytest.mark.parametrize(
    ("html", "word"),
    [
        ("<!--><script>alert(1)</script>-->", "<script>"),
        ("<!---><img src=x onerror=alert(1)>-->", "event handler"),
        ("<!-- a --!><img src=x onerror=alert(1)>-->", "event handler"),
        ("<![CDATA[ > <img src=x onerror=alert(1)> ]]>", "event handler"),
        ("<![CDATA[ x ]]>", "markup declaration"),
        ("<!-- never closed <p>x</p>", "never closed"),
        ("<img src=x onerror=alert(1)", "event handler"),  # the theme's HTML would close it
    ],
)
def test_comment_and_declaration_bypasses(html: str, word: str) -> None:
    assert_one(html, word)


def test_a_comment_hides_what_is_really_inside_it() -> None:
    assert not problems("<!-- <script>alert(1)</script> <p style='x'> -->")


# Markdown that renders to something refused: checked on the rendered page.
@pytest.mark.parametrize(
    ("markdown", "word"),
    [
        ("[x](javascript:alert(1))", "javascript: URL"),
        ("[x](JaVaScRiPt:alert(1))", "javascript: URL"),
        ("[x](data:text/html,x)", "data: URL"),
        ("![x](https://tracker.example/p.gif)", "another host"),
        ("![x](//tracker.example/p.gif)", "another host"),
        ('[x](a.md){: onclick="a()" }', "event handler"),
        ('text\n{: style="display:none" }', "style="),
    ],
)
def test_markdown_links_images_and_attributes(markdown: str, word: str) -> None:
    import markdown as md

    html = md.markdown(markdown, extensions=["attr_list", "md_in_html"])
    assert_one(html, word)


# Markers that would vanish.
@pytest.mark.parametrize(
    "comment",
    [
        " helpline: emergency ",  # singular
        " helplines emergency ",  # no colon
        "helplines:emergency",
        "   HELPLINES: emergency ",
        " Helplines: emergency ",
        " hepllines: emergency ",  # typo
        " lessons index ",
        " lesson-index ",
        " lesson-downloads: x ",
    ],
)
def test_stray_markers_are_refused(comment: str) -> None:
    assert markers.stray(comment)
    assert_one(f"<p>x <!--{comment}--> y</p>", "marker", "not expanded")


def test_ordinary_comments_and_the_downloads_placeholder_pass() -> None:
    for comment in (" a note ", " TODO: check the numbers ", " lesson-downloads ", ""):
        assert markers.stray(comment) is None


def test_expanded_helplines_markers_leave_nothing_behind() -> None:
    markdown = "text\n\n<!-- helplines: a -->\n\nmore <!-- helplines: a --> inline\n"
    expanded = markers.expand(markdown, page="p.md", known={"a"}, render=lambda ids: "<p>x</p>")
    found, _ = content_policy.check_html(expanded)
    # The marker on its own line became cards; the inline one is refused.
    assert [f.problem.split(" was")[0] for f in found] == ["marker <!-- helplines: a -->"]


@pytest.mark.parametrize(
    "html",
    [
        "",
        "\n  \n",
        "<h1>Title</h1>",
        "<h1>Title <em>with</em> words</h1>\n\n",
        "<h1>Title</h1><!-- only a comment -->",
    ],
)
def test_a_page_with_nothing_but_its_title_is_refused(html: str) -> None:
    messages = content_policy.check_page(html, source="---\ntitle: x\n---\n", path="docs/lv/x.md")
    assert messages == [
        "docs/lv/x.md: the page has no content besides its title. Fix: restore the text "
        "(compare with the Latvian page), or remove the file"
    ]


def test_a_page_with_a_picture_or_text_is_not_empty() -> None:
    for body in ('<svg viewBox="0 0 1 1"></svg>', "<p>x</p>", "<h2>Part</h2>"):
        assert content_policy.check_page(f"<h1>T</h1>{body}", source="", path="x.md") == []


# Front matter printed raw by the theme.
@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("title", 'Help"><script>alert(1)</script>'),
        ("title", "a <b>bold</b> title"),
        ("description", 'the "boyfriend" method'),
        ("description", "x > y"),
        ("author", '"x'),
    ],
)
def test_front_matter_printed_raw_may_not_hold_markup(key: str, value: str) -> None:
    source = f"---\nhide:\n  - toc\n{key}: {value}\n---\n\n# T\n"
    messages = content_policy.check_page(
        "<h1>T</h1><p>x</p>", source=source, path="docs/ru/x.md", meta={key: value}
    )
    assert len(messages) == 1
    assert messages[0].startswith(f"docs/ru/x.md:4: front matter {key} contains")
    assert "Fix:" in messages[0]


@pytest.mark.parametrize(("key", "value"), [("template", "redirect.html"), ("icon", "x")])
def test_front_matter_that_changes_the_template_is_refused(key: str, value: str) -> None:
    messages = content_policy.check_page(
        "<h1>T</h1><p>x</p>", source=f"---\n{key}: {value}\n---\n", path="p.md", meta={key: value}
    )
    assert messages and messages[0].startswith(f"p.md:2: front matter {key}")


def test_front_matter_with_typographic_quotes_passes() -> None:
    meta = {"title": "Метод «парня»", "description": "the “boyfriend” method – and ‘more’"}
    assert content_policy.check_page("<h1>T</h1><p>x</p>", source="", path="p", meta=meta) == []


def test_messages_name_the_markdown_file_and_line() -> None:
    source = "---\ntitle: T\n---\n\n# T\n\nText.\n\n<style>p{}</style>\n\n[x](javascript:go())\n"
    html = '<h1>T</h1>\n<p>Text.</p>\n<style>p{}</style>\n<p><a href="javascript:go()">x</a></p>'
    messages = content_policy.check_page(html, source=source, path="docs/ru/help.md")
    assert [m.split(": ", 1)[0] for m in messages] == ["docs/ru/help.md:9", "docs/ru/help.md:11"]


def test_lines_skip_expanded_markers_and_find_entity_encoded_links() -> None:
    source = (
        "# T\n\n<!-- helplines: emergency -->\n\nText <!-- helplines: emergency --> here.\n\n"
        "[a](jav&#x09;ascript:go())\n"
    )
    html = (
        '<h1>T</h1>\n<div class="helplines">cards</div>\n'
        "<p>Text <!-- helplines: emergency --> here.</p>\n"
        '<p><a href="jav&#x09;ascript:go()">a</a></p>'
    )
    messages = content_policy.check_page(html, source=source, path="p.md")
    assert [m.split(": ", 1)[0] for m in messages] == ["p.md:5", "p.md:7"]
    assert "<!-- helplines: emergency -->" in messages[0]


# Builds of a copy of the site (no lesson kits: these builds look at pages).
NO_DOWNLOADS = {"LESSON_DOWNLOADS": "false"}


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    root = tmp_path / "copy"
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _append(page: Path, text: str) -> int:
    """Append ``text`` to a page; return the line it starts on."""
    body = page.read_text(encoding="utf-8")
    if not body.endswith("\n"):
        body += "\n"
    page.write_text(f"{body}\n{text}\n", encoding="utf-8")
    return body.count("\n") + 2


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<!--><script>alert(1)</script>-->", "inline <script>"),
        ('<meta http-equiv="refresh" content="0;url=https://example.org/">', "http-equiv"),
        ("<!-- helpline: emergency -->", "was not expanded"),
    ],
)
def test_hostile_russian_page_fails_the_build(
    site_copy: Path, tmp_path: Path, text: str, message: str
) -> None:
    line = _append(site_copy / "docs/ru/help.md", text)
    result = mkdocs_build(site_copy / "mkdocs.yml", tmp_path / "site", env=NO_DOWNLOADS)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"docs/ru/help.md:{line}: " in output and message in output, output


def test_emptied_latvian_page_fails_even_without_strict(site_copy: Path, tmp_path: Path) -> None:
    page = site_copy / "docs/lv/rights.md"
    text = page.read_text(encoding="utf-8")
    front, title = text.split("\n---\n", 1)[0], "# Tiesības\n"
    page.write_text(f"{front}\n---\n\n{title}\n\n", encoding="utf-8")
    result = mkdocs_build(
        site_copy / "mkdocs.yml", tmp_path / "site", env=NO_DOWNLOADS, strict=False
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "docs/lv/rights.md: the page has no content besides its title" in output, output
