"""What page content may contain: an allow-list checked on each page's rendered HTML.

Everything an editor or translator writes ends up in ``page.content`` (Markdown, raw HTML,
``attr_list`` attributes, expanded markers). The shipped Content-Security-Policy allows no inline
code from pages, and nothing from other hosts; a page that needs either is a mistake or an
attack, so it fails the build with the Markdown file, a line and the fix:

- elements outside :data:`ALLOWED_TAGS` (``<script>``, ``<style>``, ``<iframe>``, ``<form>``,
  ``<meta http-equiv>`` ...), ``style=`` and ``on*=`` attributes;
- URLs with a scheme other than http, https, mailto and tel (``javascript:``, ``vbscript:``,
  ``data:`` ...), after entities are decoded and tab, newline and control characters removed, as
  browsers do;
- images, media and other resources from another host (absolute or protocol-relative URLs);
- a comment that looks like a marker but was not expanded (``sitekit.markers.stray``), a
  comment that is never closed, and a markup declaration (``<![CDATA[``);
- a page with nothing but its title.

The HTML is read with Python's ``html.parser`` with comments parsed as browsers do
(``<!-->`` and ``<!--->`` are empty comments; ``--!>`` also closes one): the standard
library's parser, before Python 3.13, reads on to the next ``-->`` and would not see a tag that
a browser runs.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from sitekit import markers, resultcache

# Elements page content may use: text structure, tables, media from this site and the SVG
# shapes of the diagrams. Anything else needs a review: add it here (with a test) if it is safe.
ALLOWED_TAGS = frozenset(
    {
        # text and structure
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup",
        "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1",
        "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre",
        "nav", "q", "s", "samp", "section", "small", "span", "strong", "sub", "summary", "sup",
        "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
        # media from this site
        "audio", "img", "picture", "source", "track", "video",
        # SVG diagrams (no <script>, <style>, <foreignObject> or animation elements)
        "circle", "defs", "desc", "ellipse", "g", "line", "lineargradient", "marker", "path",
        "polygon", "polyline", "radialgradient", "rect", "stop", "svg", "symbol", "text",
        "textpath", "title", "tspan", "use", "image",
    }
)  # fmt: skip
# Why an element is refused, for the ones editors are likely to try.
_REFUSED = {
    "script": "inline <script>: the site's policy runs no script from pages",
    "style": "inline <style>: it can hide the quick exit or the help strip",
    "meta": "<meta> in a page: http-equiv refresh sends readers elsewhere",
    "base": "<base>: it changes where every link of the page goes",
    "iframe": "<iframe>: embeds another site",
    "frame": "<frame>: embeds another site",
    "object": "<object>: embeds active content",
    "embed": "<embed>: embeds active content",
    "form": "<form>: sends what readers type somewhere",
    "link": "<link> in a page: loads a stylesheet or other resource",
}
_TAG_FIX = {
    "script": "remove it; behaviour belongs in overrides/assets/*.js (reviewed by a developer)",
    "style": "remove it; use a CSS class from overrides/assets/site.css",
    "meta": "remove it; page metadata goes in the front matter (title, description)",
}
_DEFAULT_TAG_FIX = "remove it, or write the content in Markdown"
_OTHER_TAG_FIX = (
    "use Markdown or an allowed element; if this element is really needed, a developer adds "
    "it to ALLOWED_TAGS in sitekit/content_policy.py"
)
# Attributes holding a URL (or a list of them).
URL_ATTRS = frozenset(
    {
        "href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data",
        "background", "cite", "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase",
        "icon", "usemap", "archive", "classid", "profile",
    }
)  # fmt: skip
# Attributes whose URL the browser loads by itself (not a link the reader follows).
_RESOURCE_ATTRS = frozenset(URL_ATTRS - {"href", "cite", "longdesc", "usemap"})
# Elements whose href is also loaded by the browser.
_HREF_LOADS = frozenset({"image", "use", "link", "feimage"})
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME_RE = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# Browsers drop these anywhere in a URL, and C0 controls and spaces at its ends.
_URL_DROP = str.maketrans("", "", "\t\n\r")
_COMMENT_END_RE = re.compile(r"--!?>")


@dataclass(frozen=True)
class Finding:
    """One problem in a page's HTML: the line there, what and how to fix, and a text to look
    for in the Markdown source (the first one found gives the source line)."""

    line: int
    problem: str
    fix: str
    needles: tuple[str, ...] = ()


def normalise_url(value: str) -> str:
    """A URL as a browser reads it: tab, CR and LF removed, C0 controls and spaces stripped
    from both ends, backslashes as slashes (entities are already decoded by the parser)."""
    url = value.translate(_URL_DROP).strip("".join(map(chr, range(0x21))))
    return url.replace("\\", "/")


def url_problem(value: str, *, resource: bool) -> tuple[str, str] | None:
    """Why a URL is refused (problem, fix), or None. ``resource``: the browser loads it."""
    url = normalise_url(value)
    scheme = _SCHEME_RE.match(url)
    if scheme and scheme.group(1).lower() not in SAFE_SCHEMES:
        return (
            f"{scheme.group(1).lower()}: URL",
            "link with http(s), mailto or tel, or a path on this site; pictures go in docs/assets/",
        )
    if resource and (
        url.startswith("//") or scheme and scheme.group(1).lower() in ("http", "https")
    ):
        return (
            f"resource from another host ({url[:60]})",
            "copy the file into docs/assets/ and use a relative path "
            "(the site loads nothing from other hosts)",
        )
    return None


def _raw_value(start_tag: str, name: str) -> str:
    """An attribute's value as written in a start tag (entities not decoded), or ""."""
    match = re.search(
        rf"""[\s/"']{re.escape(name)}\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
        start_tag,
        re.IGNORECASE,
    )
    return next((group for group in match.groups() if group), "") if match else ""


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


class ContentParser(HTMLParser):
    """Collects findings, comments and whether the page has content besides its title.

    Feed the whole document in one call, then ``close()``: an unclosed comment runs to the end
    of the document, as in browsers.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []
        self.comments: list[tuple[int, str]] = []
        self.has_content = False
        self._in_h1 = False  # inside the page's title (its first <h1>)
        self._seen_h1 = False

    def _add(self, problem: str, fix: str, *needles: str) -> None:
        line = self.getpos()[0]
        self.findings.append(Finding(line, problem, fix, tuple(n for n in needles if n)))

    # Comments and declarations, as browsers read them.
    def parse_comment(self, i: int, report: int = 1) -> int:
        rawdata = self.rawdata
        start = i + 4
        if rawdata.startswith(">", start):
            end, text = start + 1, ""
        elif rawdata.startswith("->", start):
            end, text = start + 2, ""
        else:
            match = _COMMENT_END_RE.search(rawdata, start)
            if match is None:
                self._add(
                    "comment <!-- never closed: it hides the rest of the page",
                    "close it with -->, or remove it",
                    rawdata[i : i + 40],
                )
                end, text = len(rawdata), rawdata[start:]
            else:
                end, text = match.end(), rawdata[start : match.start()]
        if report:
            self.handle_comment(text)
        return end

    def parse_html_declaration(self, i: int) -> int:
        if self.rawdata.startswith("<!--", i):
            return self.parse_comment(i)
        end = self.rawdata.find(">", i)
        end = len(self.rawdata) if end < 0 else end + 1
        text = self.rawdata[i:end]
        if not text.lower().startswith("<!doctype"):
            # HTML reads <![CDATA[ ... as a bogus comment that ends at the first ">".
            self._add(f"markup declaration {text[:30]}", "remove it", text[:30])
        return end

    def handle_comment(self, data: str) -> None:
        self.comments.append((self.getpos()[0], data))

    # Elements and attributes.
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}"
        values = {name: value for name, value in attrs}
        if tag == "meta" and "http-equiv" in values:
            self._add(
                f"<meta http-equiv={values['http-equiv']!r}>: it can redirect or reconfigure "
                "the page",
                _TAG_FIX["meta"],
                raw,
            )
        elif tag not in ALLOWED_TAGS:
            problem = _REFUSED.get(tag, f"element <{tag}> is not allowed in page content")
            fix = _TAG_FIX.get(tag, _DEFAULT_TAG_FIX if tag in _REFUSED else _OTHER_TAG_FIX)
            self._add(problem, fix, raw, f"<{tag}")
        for name, value in attrs:
            self._check_attribute(tag, name, value or "", raw)
        if tag == "h1" and not self._seen_h1:
            self._in_h1 = self._seen_h1 = True
        elif tag in ("img", "svg", "video", "audio", "picture", "table"):
            self.has_content = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if not self._in_h1 and data.strip():
            self.has_content = True

    def _check_attribute(self, tag: str, name: str, value: str, raw: str) -> None:
        if name.startswith("on"):
            self._add(
                f"inline event handler {name}= on <{tag}>: the site runs no script from pages",
                "remove the attribute",
                raw,
            )
        elif name == "style":
            self._add(
                f"style= attribute on <{tag}>: inline styles are refused",
                "use a CSS class from overrides/assets/site.css (a developer adds one)",
                raw,
            )
        elif name in URL_ATTRS:
            urls = _srcset_urls(value) if name in ("srcset", "archive") else [value]
            resource = name in _RESOURCE_ATTRS or (
                tag in _HREF_LOADS and name in ("href", "xlink:href")
            )
            for url in urls:
                found = url_problem(url, resource=resource)
                if found:
                    problem, fix = found
                    needles = (raw, _raw_value(raw, name), url, value)
                    self._add(f"{problem} in {name}= on <{tag}>", fix, *needles)


def check_html(html: str) -> tuple[list[Finding], bool]:
    """The findings in a page's HTML, and whether it has content besides its first <h1>."""
    parser = ContentParser()
    parser.feed(html)
    rest = parser.rawdata.lstrip()
    if rest.startswith("<"):
        # A tag left open at the end: in the page, the theme's HTML that follows would close
        # it, and its attributes would count. Check them as if closed here.
        parser._add(f"unfinished tag {rest[:30]!r}", "close the tag with >", rest[:30])
        parser.feed(">")
    parser.close()
    for line, text in parser.comments:
        stray = markers.stray(text)
        if stray:
            needles = (f"<!--{text}-->", f"<!--{text}", text)
            parser.findings.append(Finding(line, stray[0], stray[1], needles))
    return parser.findings, parser.has_content


def source_line(source: str, needles: Iterable[str]) -> int | None:
    """The line of the first needle found in the Markdown source, else None.

    An occurrence on a line that is a valid marker is skipped: the marker was expanded, so
    the text found in the page comes from another place.
    """
    lines = source.splitlines()
    for needle in needles:
        for candidate in dict.fromkeys((needle, needle.strip())):
            at = source.find(candidate) if candidate else -1
            while at >= 0:
                line = source.count("\n", 0, at) + 1
                if not markers.is_marker_line(lines[line - 1]):
                    return line
                at = source.find(candidate, at + 1)
    return None


# Front matter that the theme prints into the page's HTML without escaping.
PRINTED_META = ("title", "description", "author", "subtitle", "robots")
_UNSAFE_META = '<>"'
# Front matter that would make a page render differently from every other page.
REFUSED_META = {
    "template": "it renders the page with another template",
    "icon": "it includes a file by name into the navigation",
}


def _meta_line(source: str, key: str) -> int | None:
    match = re.search(rf"^{re.escape(key)}\s*:", source, re.MULTILINE)
    return source.count("\n", 0, match.start()) + 1 if match else None


def check_front_matter(
    meta: Mapping[str, object], source: str
) -> list[tuple[int | None, str, str]]:
    """Problems in the front matter as (line, problem, fix)."""
    problems: list[tuple[int | None, str, str]] = []
    for key in PRINTED_META:
        value = meta.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(
                (_meta_line(source, key), f"front matter {key} is not text", "write it as text")
            )
        elif any(char in value for char in _UNSAFE_META):
            bad = " ".join(sorted({char for char in value if char in _UNSAFE_META}))
            problems.append(
                (
                    _meta_line(source, key),
                    f"front matter {key} contains {bad}: the theme prints it into the page's "
                    "HTML as it is",
                    'leave out < and >, and use typographic quotes (« », „ “) instead of "',
                )
            )
    for key, why in REFUSED_META.items():
        if key in meta:
            problems.append(
                (_meta_line(source, key), f"front matter {key}: {why}", f"remove {key}")
            )
    return problems


def check_page(
    html: str, *, source: str, path: str, meta: Mapping[str, object] | None = None
) -> list[str]:
    """Every problem of one page as ``path:line: problem. Fix: fix`` (line where known).

    ``html`` is the page's rendered content, ``source`` the text of its Markdown file.
    """
    messages = []

    def add(line: int | None, problem: str, fix: str) -> None:
        where = f"{path}:{line}" if line else path
        messages.append(f"{where}: {problem}. Fix: {fix}")

    for line, problem, fix in check_front_matter(meta or {}, source):
        add(line, problem, fix)
    findings, has_content = check_html(html)
    located = [(source_line(source, f.needles), f) for f in findings]
    for line, finding in sorted(located, key=lambda item: item[0] or 1 << 30):
        add(line, finding.problem, finding.fix)
    if not has_content:
        add(
            None,
            "the page has no content besides its title",
            "restore the text (compare with the Latvian page), or remove the file",
        )
    return messages


# --------------------------------------------------------------------------- cached verdicts

# Bump to drop every kept verdict (the code of this module and of sitekit.markers is part of
# the key already: a change to the policy never reuses a verdict of the old one).
POLICY_VERSION = "1"
CACHE_FILE = "content-policy.json"


def page_key(html: str, *, source: str, path: str, meta: Mapping[str, object] | None) -> str | None:
    """The key of a page's verdict: everything :func:`check_page` reads, and the policy's code.

    ``None`` when the front matter cannot be written out exactly (then the page is not cached).
    """
    try:
        meta_text = resultcache.stable_text(dict(meta or {}))
    except (TypeError, ValueError, RecursionError):
        return None
    return resultcache.digest(POLICY_VERSION, _code(), path, source, meta_text, html)


_CODE: list[str] = []


def _code() -> str:
    """Digest of this module's and sitekit.markers' source (computed once per process)."""
    if not _CODE:
        _CODE.append(resultcache.code_digest(sys.modules[__name__], markers))
    return _CODE[0]


def check_page_cached(
    store: resultcache.Store,
    html: str,
    *,
    source: str,
    path: str,
    meta: Mapping[str, object] | None = None,
) -> list[str]:
    """:func:`check_page`, skipped when ``store`` holds a pass for exactly these inputs.

    Only passes are kept: a page with a problem is checked (and fails) every time.
    """
    key = page_key(html, source=source, path=path, meta=meta)
    if key is not None and store.get(key) is True:
        return []
    problems = check_page(html, source=source, path=path, meta=meta)
    if key is not None and not problems:
        store.put(key, True)
    return problems
