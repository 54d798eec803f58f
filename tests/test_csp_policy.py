"""sitekit/csp.py: hashes of inline code, the allowed set derived from the templates, the policy,
the nginx include; and the real build's."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT

from sitekit import csp

# The example of the CSP specification and MDN.
ALERT = "alert('Hello, world.');"
ALERT_HASH = "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"


def test_source_hash_matches_the_specification_example() -> None:
    assert csp.source_hash(ALERT) == ALERT_HASH


def test_source_hash_normalises_newlines_like_the_html_parser() -> None:
    assert csp.source_hash("a();\r\nb();\rc();") == csp.source_hash("a();\nb();\nc();")


def test_scan_hashes_inline_scripts_only() -> None:
    found = csp.scan_html(
        f"<html><head><script>{ALERT}</script>"
        '<script src="x.js"></script>'
        '<script id="__config" type="application/json">{"a": 1}</script>'
        '<script type="application/ld+json">{}</script>'
        '<script type="module">import "./m.js";</script>'
        '<script type=" Text/JavaScript ">b();</script>'
        "</head></html>"
    )
    assert found.scripts == {
        ALERT_HASH,
        csp.source_hash('import "./m.js";'),
        csp.source_hash("b();"),
    }
    assert not found.problems


def test_scan_hashes_style_elements_and_attributes() -> None:
    found = csp.scan_html(
        "<style>p { color: red; }</style>"
        '<svg style="width:100%;max-width:34rem"></svg><p style="a&amp;b">x</p>'
    )
    assert found.styles == {csp.source_hash("p { color: red; }")}
    # The browser hashes the attribute value after entities are decoded.
    assert found.style_attrs == {
        csp.source_hash("width:100%;max-width:34rem"),
        csp.source_hash("a&b"),
    }


def test_scan_reports_event_handlers_and_javascript_urls_with_lines() -> None:
    found = csp.scan_html(
        '<p>x</p>\n<button onclick="go()">Go</button>\n<a href=" JavaScript:x()">y</a>'
    )
    assert len(found.problems) == 2
    assert found.problems[0].startswith("2: inline event handler onclick= on <button>")
    assert found.problems[1].startswith("3: javascript: URL in href= on <a>")
    assert all("fix:" in problem for problem in found.problems)


def test_scan_finds_attributes_the_quick_tag_filter_could_miss() -> None:
    """scan_html skips tags by a pattern; these must still be parsed, and comments skipped."""
    found = csp.scan_html(
        '<p title="a>b" style="color:red">x</p>\n'  # ">" inside a quoted value
        '<!-- <a onclick="x"> -->\n'  # a comment: not a tag
        '<div data-x="1"ONCLICK=x\nSTYLE="b">\n'  # upper case, no space after a quote
        '<a title="<b>" href="&#106;avascript:x">\n'  # entity-encoded javascript:
        "<img/onerror=x src=y>\n"
        "<script>a('</scripts>');</script>"  # only </script ends a script
    )
    assert found.style_attrs == {csp.source_hash("color:red"), csp.source_hash("b")}
    assert found.scripts == {csp.source_hash("a('</scripts>');")}
    assert [problem.split(" on ")[0] for problem in found.problems] == [
        "3: inline event handler onclick=",
        "5: javascript: URL in href=",
        "6: inline event handler onerror=",
    ]


def test_policy_allows_exactly_the_hashes_and_nothing_inline() -> None:
    inline = csp.Inline(scripts={ALERT_HASH}, styles={"'sha256-s'"})
    value = csp.policy(inline)
    directives = dict(d.split(" ", 1) for d in value.split("; "))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"] == f"'self' {ALERT_HASH}"
    assert directives["style-src"] == "'self' 'sha256-s'"
    assert directives["frame-ancestors"] == "'none'"
    assert "style-src-attr" not in directives
    assert "unsafe-inline" not in value and "unsafe-eval" not in value
    with_attrs = csp.policy(csp.Inline(style_attrs={"'sha256-b'", "'sha256-a'"}))
    assert "style-src-attr 'unsafe-hashes' 'sha256-a' 'sha256-b'" in with_attrs


def test_nginx_include_round_trips_and_refuses_what_nginx_would_misread(tmp_path: Path) -> None:
    value = csp.policy(csp.Inline(scripts={ALERT_HASH}))
    path = csp.write_nginx_include(tmp_path, value)
    assert path == tmp_path / ".nginx" / "csp.conf"
    assert csp.read_nginx_include(path) == value
    for bad in ('a"b', "a$b", "a\\b", "a\nb"):
        with pytest.raises(ValueError):
            csp.nginx_include(bad)


def test_scan_site_names_files_and_skips_dot_folders(tmp_path: Path) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "ru" / "index.html").write_text('<a onclick="x()">x</a>', "utf-8")
    (tmp_path / ".nginx").mkdir()
    (tmp_path / ".nginx" / "x.html").write_text("<script>never()</script>", "utf-8")
    found = csp.scan_site(tmp_path)
    assert found.problems and found.problems[0].startswith("ru/index.html:1: inline event")
    assert not found.scripts


def test_scan_site_cache_gives_the_same_result_and_rescans_changed_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache" / "csp-scan.json"
    site.mkdir()
    page = site / "index.html"
    page.write_text('<script>a()</script><p style="x" onclick="y">', "utf-8")
    first = csp.scan_site(site, cache_file=cache)
    assert first.scripts == {csp.source_hash("a()")} and len(first.problems) == 1

    def fail(html: str) -> csp.Inline:
        raise AssertionError("scanned again although the cache has it")

    monkeypatch.setattr(csp, "scan_html", fail)
    again = csp.scan_site(site, cache_file=cache)
    assert (again.scripts, again.style_attrs, again.problems) == (
        first.scripts,
        first.style_attrs,
        first.problems,
    )
    page.write_text("<script>b()</script>", "utf-8")
    with pytest.raises(AssertionError, match="scanned again"):
        csp.scan_site(site, cache_file=cache)
    monkeypatch.undo()
    assert csp.scan_site(site, cache_file=cache).scripts == {csp.source_hash("b()")}


_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def test_built_site_policy_covers_every_inline_script(site_dir: Path) -> None:
    """Independently of the scanner: every executable inline script of every built page."""
    value = csp.read_nginx_include(site_dir / csp.NGINX_INCLUDE)
    allowed = set(dict(d.split(" ", 1) for d in value.split("; "))["script-src"].split())
    seen = 0
    for page in site_dir.rglob("*.html"):
        for match in _SCRIPT.finditer(page.read_text(encoding="utf-8")):
            if "src=" in match["attrs"] or "application/json" in match["attrs"]:
                continue
            digest = hashlib.sha256(match["body"].encode("utf-8")).digest()
            source = f"'sha256-{base64.b64encode(digest).decode()}'"
            assert source in allowed, f"{page.relative_to(site_dir)}: inline script not allowed"
            seen += 1
    assert seen, "the built site has no inline script: is this the real site?"
    assert "'unsafe-inline'" not in value and "'unsafe-eval'" not in value


def test_a_comment_ends_where_browsers_end_it() -> None:
    """``<!-->`` and ``<!--->`` are empty comments; ``--!>`` closes one: what follows runs."""
    for html in ("<!--><script>a()</script>-->", "<!---><script>a()</script>-->"):
        assert csp.scan_html(html).scripts == {csp.source_hash("a()")}, html
    found = csp.scan_html("<!-- x --!><img onerror=b>-->")
    assert found.problems and "onerror" in found.problems[0]


# Every template snippet that renders to inline code, as (template, SHA-256 of its source,
# first 16 hex digits). The policy allows exactly what these produce.
TEMPLATE_INLINE = [
    # Material's web-font variables (base.html's fonts block); never rendered: theme.font is false.
    ("base.html", "e2cdfeeabf13f76c"),
    ("partials/integrations/analytics.html", "4f4d535a23db823a"),
    ("partials/integrations/analytics.html", "b00bed1871e8fdd7"),
    ("partials/integrations/analytics/google.html", "c46389e735105957"),
    ("partials/javascripts/announce.html", "efae5dbe4fa42195"),
    ("partials/javascripts/base.html", "eacdf910ae1a3c6e"),
    ("partials/javascripts/consent.html", "47113d0dcdfab020"),
    ("partials/javascripts/content.html", "d3bddc0a77490eac"),
    ("partials/javascripts/content.html", "dc0dfa0867907008"),
    ("partials/javascripts/outdated.html", "3d4a5bc548aed3a5"),
    ("partials/javascripts/palette.html", "795419066501238f"),
    # The PDF print style: @page footer and the check-list boxes; values lose quotes, backslashes
    # and "<" (reviewed when the check-list boxes were added).
    ("partials/lesson-print.html", "b9233448dd22f33d"),
    ("partials/translation-status.html", "c32237e7137f3a4f"),
    ("redirect.html", "71dec870f5854fa4"),
]


@pytest.fixture(scope="module")
def theme() -> tuple[jinja2.Environment, dict]:
    """The real site's theme environment and the context the hook renders snippets with."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return config.theme.get_env(), {"config": config, "features": config.theme["features"]}


def test_the_templates_inline_code_is_pinned(theme) -> None:
    env, context = theme
    found = [
        (name, hashlib.sha256(snippet.encode("utf-8")).hexdigest()[:16])
        for name, snippet, _ in csp.rendered_snippets(env, ["."], context)
    ]
    assert found == TEMPLATE_INLINE, (
        "The inline scripts and styles of the templates changed (a Material upgrade or an "
        "edited template in overrides/). The Content-Security-Policy allows whatever they "
        "produce, on every page: review each new or changed <script>/<style> (what it does, "
        "what it reads from the page or the URL), then update TEMPLATE_INLINE in this test."
    )


def test_template_scripts_are_rendered_for_each_base_url(theme) -> None:
    env, context = theme
    source = dict((n, s) for n, s, _ in csp.rendered_snippets(env, ["."], context))
    snippet = source["partials/javascripts/base.html"]
    allowed = csp.template_inline(env, [".", "../.."], context)
    for base in (".", "../.."):
        body = snippet.split(">", 1)[1].rsplit("</script>", 1)[0]
        body = body.replace("{{ config.extra.scope | d(base_url) }}", base)
        assert "{{" not in body
        assert csp.source_hash(body) in allowed.scripts, base
    assert not allowed.style_attrs


def test_template_inline_ignores_page_content_and_jinja_comments() -> None:
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {
                "main.html": "{# <script>commented()</script> #}<script>a({{ base_url | tojson }})"
                '</script><script src="{{ base_url }}/x.js"></script><style>p{}</style>'
                "{{ page.content }}",
                "partials/other.html": "<p>no inline code</p>",
            }
        )
    )
    allowed = csp.template_inline(env, [".", ".."])
    assert allowed.scripts == {csp.source_hash('a(".")'), csp.source_hash('a("..")')}
    assert allowed.styles == {csp.source_hash("p{}")}


def test_scan_site_with_allowed_code_names_pages_with_other_inline_code(tmp_path: Path) -> None:
    (tmp_path / "ru").mkdir()
    (tmp_path / "index.html").write_text(f"<script>{ALERT}</script>", "utf-8")
    (tmp_path / "ru" / "index.html").write_text(
        f'<script>{ALERT}</script><script>evil()</script><style>p{{}}</style><p style="x">',
        "utf-8",
    )
    found = csp.scan_site(tmp_path, allowed=csp.Inline(scripts={ALERT_HASH}))
    assert [p.split(" is not")[0] for p in found.problems] == [
        f"ru/index.html: inline script {csp.source_hash('evil()')}",
        f"ru/index.html: inline style {csp.source_hash('p{}')}",
        f"ru/index.html: style attribute {csp.source_hash('x')}",
    ]
    assert all("fix:" in problem for problem in found.problems)


def test_built_site_policy_allows_only_template_code(site_dir: Path, theme) -> None:
    """The policy's hashes are all the templates' (for every base URL a page can have)."""
    env, context = theme
    value = csp.read_nginx_include(site_dir / csp.NGINX_INCLUDE)
    directives = dict(d.split(" ", 1) for d in value.split("; "))
    depth = max(len(p.relative_to(site_dir).parts) for p in site_dir.rglob("*.html"))
    bases = [".", "/", *("/".join([".."] * n) for n in range(1, depth))]
    allowed = csp.template_inline(env, bases, context)
    assert set(directives["script-src"].split()[1:]) <= allowed.scripts
    assert set(directives["style-src"].split()[1:]) <= allowed.styles
    assert "style-src-attr" not in directives


def test_a_tampered_scan_cache_entry_is_refused() -> None:
    """A cache entry whose lists hold anything but strings is not trusted (it is made again)."""
    good = {"scripts": ["a"], "styles": [], "style_attrs": [], "problems": []}
    assert csp.Inline.from_json(good).scripts == {"a"}
    for bad in ({**good, "scripts": "'unsafe-inline'"}, {**good, "styles": [["x"]]}):
        with pytest.raises(TypeError):
            csp.Inline.from_json(bad)
