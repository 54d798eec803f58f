"""sitekit/csp.py: hashes of inline code, the policy, the nginx include; and the real build's."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

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
