"""Content-Security-Policy of the built site: inline code allowed by hash, from templates only.

The policy allows nothing from other hosts and no inline code except what the theme's templates
produce (Material's small inline scripts, which differ per page only by the page's relative
base URL, and the styles of our own templates), listed by SHA-256 hash. The allowed set is
derived from the templates (:func:`template_inline`: every inline ``<script>`` and ``<style>``
in them, rendered for each base URL the build used), never from what pages contain: a page
holding any other inline code is a problem the build fails on (page content is checked
earlier, with the file and line, by ``sitekit.content_policy``). The built pages are then
scanned (after every language is built) and the policy lists the template hashes they use; it
is written as an nginx include (``.nginx/csp.conf`` in the built site) that the deployment
installs next to deploy/nginx/. ``<script type="application/json">`` and other data blocks
never run, so CSP does not apply to them and they are not hashed. Inline event handlers
(``onclick=``) and ``javascript:`` URLs cannot be allowed without weakening the policy: they
are problems too.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2

from sitekit import cachefiles, resultcache

# Where the build writes the nginx include, relative to the site folder. A dot folder: the
# shipped nginx configuration answers 404 for it.
NGINX_INCLUDE = Path(".nginx/csp.conf")
# The nginx variable the include sets; deploy/nginx/http.conf sends it as the header.
NGINX_VARIABLE = "$pamaniunaptur_csp_policy"

# Everything not listed falls back to default-src 'none'. Hashes are appended to script-src
# and style-src; style-src-attr appears only when a page has style="" attributes.
BASE_POLICY: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("default-src", ("'none'",)),
    ("script-src", ("'self'",)),
    ("style-src", ("'self'",)),
    # Material's stylesheets draw their icons from data: SVG images (CSS mask-image).
    ("img-src", ("'self'", "data:")),
    # The search index (fetch) and the search worker.
    ("connect-src", ("'self'",)),
    ("worker-src", ("'self'",)),
    ("base-uri", ("'none'",)),
    ("form-action", ("'none'",)),
    ("frame-ancestors", ("'none'",)),
)

# Script types that run (HTML spec: JavaScript MIME type essences, "module") or that CSP
# checks like scripts (import maps, speculation rules). Any other type is a data block.
_JS_TYPES = frozenset(
    {
        "",
        "module",
        "importmap",
        "speculationrules",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/javascript1.0",
        "text/javascript1.1",
        "text/javascript1.2",
        "text/javascript1.3",
        "text/javascript1.4",
        "text/javascript1.5",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)
_URL_ATTRS = frozenset({"href", "src", "action", "formaction", "xlink:href"})


def source_hash(text: str) -> str:
    """The CSP hash source of an inline script, style or attribute (``'sha256-…'``).

    Browsers hash the text after the HTML parser has turned CR LF and lone CR into LF.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


@dataclass
class Inline:
    """The inline code of one or more pages, as CSP hash sources, and what CSP cannot allow."""

    scripts: set[str] = field(default_factory=set)
    styles: set[str] = field(default_factory=set)
    style_attrs: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, list[str]]:
        return {
            "scripts": sorted(self.scripts),
            "styles": sorted(self.styles),
            "style_attrs": sorted(self.style_attrs),
            "problems": list(self.problems),
        }

    @classmethod
    def from_json(cls, entry: dict[str, list[str]]) -> Inline:
        """The inverse of :meth:`as_json`; ``TypeError`` for anything else."""
        if not isinstance(entry, dict) or set(entry) != {
            "scripts",
            "styles",
            "style_attrs",
            "problems",
        }:
            raise TypeError("not an Inline")
        if not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in entry.values()
        ):
            raise TypeError("an Inline holds lists of strings")
        return cls(
            set(entry["scripts"]),
            set(entry["styles"]),
            set(entry["style_attrs"]),
            list(entry["problems"]),
        )

    def update(self, other: Inline, where: str = "") -> None:
        """Add another page's findings; its problems get ``where`` (a file name) in front."""
        self.scripts |= other.scripts
        self.styles |= other.styles
        self.style_attrs |= other.style_attrs
        self.problems += [f"{where}:{problem}" if where else problem for problem in other.problems]


class _TagParser(HTMLParser):
    """The name and attributes of one start tag (HTML's attribute rules, entities decoded)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag = ""
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag, self.attrs = tag, attrs

    handle_startendtag = handle_starttag


def _parse_tag(text: str) -> tuple[str, list[tuple[str, str | None]]]:
    parser = _TagParser()
    parser.feed(text)
    parser.close()
    return parser.tag, parser.attrs


# A comment; a script or style element with its raw text (which ends at the first closing tag, as
# in the HTML parser); any other start tag. Attribute values may hold ">" when quoted.
_ATTRS = r"""(?:"[^"]*"|'[^']*'|[^'">])*"""
_TOKEN_RE = re.compile(
    rf"<!--(?:-?>|.*?--!?>)"  # as browsers end comments: <!--> and <!---> are empty ones
    rf"|(?P<raw><(?P<rawtag>script|style)(?![^\s/>]){_ATTRS}>)"
    rf"(?P<body>.*?)(?:</(?P=rawtag)(?![^\s/>])|$)"
    rf"|(?P<tag><[a-zA-Z][^\s/>]*{_ATTRS}>)",
    re.DOTALL | re.IGNORECASE,
)
# Only a start tag with one of these can hold an event handler, a style attribute or a
# javascript: URL (possibly entity-encoded); a tag without is not parsed further.
_HINT_RE = re.compile(r"[\s/\"'](?:on|style)|=\s*[\"']?\s*(?:javascript|&)", re.IGNORECASE)


def scan_html(html: str) -> Inline:
    """The inline scripts, styles and style attributes of one HTML document, and its problems.

    A regular expression finds the tags (the slow part for a general HTML parser); each start
    tag that may matter is then parsed by Python's HTML parser, attribute by attribute.
    """
    found = Inline()
    for match in _TOKEN_RE.finditer(html):
        text = match.group("raw") or match.group("tag")
        if text is None or (match.lastindex == 4 and not _HINT_RE.search(text)):
            continue  # a comment, or a tag with nothing to check
        tag, attrs = _parse_tag(text)
        if not tag:
            continue
        line = html.count("\n", 0, match.start()) + 1
        _check_attributes(found, tag, attrs, line)
        if match.group("raw"):
            values = dict(attrs)
            kind = (values.get("type") or "").strip().lower()
            if tag == "style":
                found.styles.add(source_hash(match.group("body")))
            elif "src" not in values and kind in _JS_TYPES:
                found.scripts.add(source_hash(match.group("body")))
    return found


def _check_attributes(
    found: Inline, tag: str, attrs: list[tuple[str, str | None]], line: int
) -> None:
    for name, value in attrs:
        if name.startswith("on"):
            found.problems.append(
                f"{line}: inline event handler {name}= on <{tag}>: CSP blocks it; "
                "fix: attach the handler from a script file (overrides/assets/)"
            )
        elif name in _URL_ATTRS and (value or "").strip().lower().startswith("javascript:"):
            found.problems.append(
                f"{line}: javascript: URL in {name}= on <{tag}>: CSP blocks it; "
                "fix: use a real link, or a script file"
            )
        elif name == "style" and value is not None:
            found.style_attrs.add(source_hash(value))


def html_files(site_dir: Path) -> Iterable[Path]:
    """Every HTML file of a built site, in a stable order, outside dot folders."""
    for folder, dirs, files in os.walk(site_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(".html"):
                yield Path(folder, name)


def scan_site(
    site_dir: Path, cache_file: Path | None = None, allowed: Inline | None = None
) -> Inline:
    """Scan every HTML file of a built site; problems start with the file's path in the site.

    With ``allowed`` (from :func:`template_inline`), an inline script, style or style
    attribute that is not in it is a problem. With ``cache_file``, what a page holds is kept
    there under the SHA-256 of the page, so the next build scans only pages that changed. The
    file keeps the pages of this scan only.
    """
    cache: dict[str, dict[str, list[str]]] = {}
    if cache_file is not None:
        try:
            cache = json.loads(cache_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            cache = {}
    used: dict[str, dict[str, list[str]]] = {}
    found = Inline()
    for path in html_files(site_dir):
        data = path.read_bytes()
        key = hashlib.sha256(data).hexdigest()
        try:
            page = Inline.from_json(cache[key])
        except (KeyError, TypeError):  # not cached, or an entry of another shape
            page = scan_html(data.decode("utf-8"))
        used[key] = page.as_json()
        if allowed is not None:
            page = Inline(page.scripts, page.styles, page.style_attrs, list(page.problems))
            page.problems += _not_allowed(page, allowed)
        found.update(page, path.relative_to(site_dir).as_posix())
    if cache_file is not None:
        cachefiles.write(cache_file, json.dumps(used).encode("utf-8"), folder=cache_file.parent)
    return found


def _not_allowed(page: Inline, allowed: Inline) -> list[str]:
    fix = (
        "fix: remove it from the page, or from the hook that adds it; inline code is allowed "
        "only from the theme's templates (overrides/, Material's partials)"
    )
    kinds = (
        ("inline script", page.scripts - allowed.scripts),
        ("inline style", page.styles - allowed.styles),
        ("style attribute", page.style_attrs - allowed.style_attrs),
    )
    return [
        f" {kind} {digest} is not one the templates produce; {fix}"
        for kind, digests in kinds
        for digest in sorted(digests)
    ]


# Jinja comments, which may mention <script> without it being in the output.
_JINJA_COMMENT_RE = re.compile(r"\{#.*?#\}", re.DOTALL)
# A one-line assignment (``{% set text = config.theme.font.text | d("Roboto", true) %}``).
_JINJA_SET_RE = re.compile(r"\{%-?\s*set\s+\w+\s*=.*?-?%\}")


def template_snippets(env: jinja2.Environment) -> list[tuple[str, str]]:
    """Every inline ``<script>`` and ``<style>`` element in the theme's HTML templates, as
    (template name, the element's Jinja source), in a stable order.

    Templates are looked up as the theme does (``overrides/`` before Material), so an
    overridden template counts once, as overridden. The one-line ``{% set %}`` statements
    before an element in its template come first in its source: it may use their names.
    """
    snippets = []
    for name in sorted(env.list_templates(extensions=["html"])):
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        if "<script" not in source and "<style" not in source:
            continue
        source = _JINJA_COMMENT_RE.sub("", source)
        for match in _TOKEN_RE.finditer(source):
            if match.group("raw") and match.group(0).lower().endswith(f"</{match['rawtag']}"):
                sets = "".join(_JINJA_SET_RE.findall(source, 0, match.start()))
                snippets.append((name, sets + match.group(0) + ">"))
    return snippets


def rendered_snippets(
    env: jinja2.Environment, base_urls: Iterable[str], context: dict[str, Any] | None = None
) -> list[tuple[str, str, Inline]]:
    """Each snippet of :func:`template_snippets` that renders to inline code, as (template
    name, snippet source, the code's hashes for every base URL and ``context``).

    Names a snippet uses that are not in the context render as empty; a snippet that still
    fails to render is left out (a page using it then fails the build, visibly).
    """
    lenient = env.overlay(undefined=jinja2.ChainableUndefined)
    rendered = []
    for name, snippet in template_snippets(env):
        try:
            template = lenient.from_string(snippet)
        except jinja2.TemplateError:
            continue
        code = Inline()
        for base_url in sorted(set(base_urls)):
            try:
                html = template.render({"page": None, **(context or {}), "base_url": base_url})
            except (jinja2.TemplateError, LookupError, TypeError, AttributeError, ValueError):
                continue  # needs context only the whole template has (e.g. a macro's arguments)
            found = scan_html(html)
            code.scripts |= found.scripts
            code.styles |= found.styles
        if code.scripts or code.styles:
            rendered.append((name, snippet, code))
    return rendered


def template_inline(
    env: jinja2.Environment, base_urls: Iterable[str], context: dict[str, Any] | None = None
) -> Inline:
    """The inline scripts and styles the templates can produce for these base URLs (with
    ``context``, e.g. ``config``): what the policy may allow. No style attributes: pages
    have none (``sitekit.content_policy`` refuses them) and neither do the templates used."""
    allowed = Inline()
    for _, _, code in rendered_snippets(env, base_urls, context):
        allowed.update(code)
    return allowed


def policy(inline: Inline) -> str:
    """The Content-Security-Policy header value that allows exactly this inline code."""
    directives = {name: list(sources) for name, sources in BASE_POLICY}
    directives["script-src"] += sorted(inline.scripts)
    directives["style-src"] += sorted(inline.styles)
    if inline.style_attrs:
        # Attribute values can only be allowed by hash together with 'unsafe-hashes'; that
        # allows exactly these values, nothing else ('unsafe-inline' stays off).
        directives["style-src-attr"] = ["'unsafe-hashes'", *sorted(inline.style_attrs)]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def nginx_include(value: str) -> str:
    """The nginx include that sets the policy; deploy/nginx/http.conf sends it as a header."""
    if any(char in value for char in '"\\$\n\r'):
        raise ValueError(f"character nginx would misread in the policy: {value!r}")
    return (
        "# Generated by the build (sitekit postbuild, sitekit/csp.py) from the inline scripts\n"
        "# and styles of the templates. Do not edit: install it as\n"
        "# /etc/nginx/pamaniunaptur/csp.conf with every deployment, then reload nginx\n"
        "# (DEPLOYING.md).\n"
        f'set {NGINX_VARIABLE} "{value}";\n'
    )


def write_nginx_include(site_dir: Path, value: str) -> Path:
    """Write the include into the built site; return its path."""
    target = site_dir / NGINX_INCLUDE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(nginx_include(value), encoding="utf-8")
    return target


def read_nginx_include(path: Path) -> str:
    """The policy value inside an include written by :func:`nginx_include`."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(f'set {NGINX_VARIABLE} "') and line.endswith('";'):
            return line[len(f'set {NGINX_VARIABLE} "') : -2]
    raise ValueError(f"{path}: no `set {NGINX_VARIABLE} ...;` line")


def _template_sources(env: jinja2.Environment) -> list[str | bytes]:
    """Every HTML template's name and source, as the theme looks them up.

    With a folder loader, every file of the other folders counts (a snippet may include any);
    the installed Material theme (14,000 files, most of them icons) counts by its package
    name, version and folder: its templates change only with a new installation.
    """
    loader = env.loader
    if isinstance(loader, jinja2.FileSystemLoader):
        material = _installed_material()
        if material is not None and material[0] in map(str, loader.searchpath):
            parts: list[str | bytes] = [material[1]]
            for folder in loader.searchpath:
                if str(folder) == material[0]:
                    continue
                for path in sorted(Path(folder).rglob("*")):  # what a snippet may include
                    if path.is_file():
                        parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
            return parts
    found: list[str | bytes] = []
    for name in sorted(env.list_templates()):
        source, _, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        found += [name, source]
    return found


def template_inline_cached(
    env: jinja2.Environment,
    base_urls: Iterable[str],
    context: dict[str, Any] | None,
    cache_file: Path | None,
) -> Inline:
    """:func:`template_inline`, kept in ``cache_file`` under a hash of what it reads.

    The key covers every HTML template's name and source, the base URLs, the context, this
    module's code and Jinja's version; anything that cannot be written out exactly (a context
    value without a stable text) makes it uncached. A damaged or foreign entry is a miss.
    """
    urls = sorted(set(base_urls))
    if cache_file is None:
        return template_inline(env, urls, context)
    try:
        context_text = resultcache.stable_text(context or {})
    except (TypeError, ValueError, RecursionError):
        return template_inline(env, urls, context)
    store = resultcache.Store(cache_file, "csp-templates", keep=8)
    key = resultcache.digest(
        resultcache.code_digest(sys.modules[__name__]),
        f"jinja2 {jinja2.__version__}",
        context_text,
        *urls,
        "\0templates",
        *_template_sources(env),
    )
    try:
        found = Inline.from_json(store.get(key))  # type: ignore[arg-type]
    except TypeError:  # a miss, or an entry of another shape
        found = template_inline(env, urls, context)
    store.put(key, found.as_json())
    store.save()
    return found


@functools.cache
def _installed_material() -> tuple[str, str] | None:
    """(Material's templates folder, a token of its installation), if it is installed."""
    try:
        from importlib.metadata import PackageNotFoundError, version

        from sitekit import theme

        return str(theme.templates_dir()), f"mkdocs-material {version('mkdocs-material')} at " + (
            str(theme.templates_dir())
        )
    except (ImportError, PackageNotFoundError):
        return None
