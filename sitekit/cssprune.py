"""Material's stylesheet cut to the rules the built site can use, under a new hashed name.

Material's ``main.<hash>.min.css`` styles every feature of the theme; a page here uses a small
part of it, and the browser matches every rule against every element at load. This post-build
step reads the finished site and keeps a selector only when each class, id, attribute name and
element name it requires occurs in a built page or in a script the site ships (Material's
bundle and our own add classes and attributes as the reader uses the page: search results,
``data-md-state``, ``.js``). Pseudo-classes and their arguments (``:hover``, ``:focus-visible``,
``:not(...)``, ``:is(...)``) never rule a selector out, and neither do attribute values, so a
rule is kept whenever it could match. ``@media`` and ``@supports`` blocks are pruned inside and
dropped when empty; other at-rules (``@font-face``, ``@keyframes``, ``@page``) are kept.

The result is written as ``main.<first 8 hex of its SHA-256>.min.css`` (nginx caches such
names for a year, deploy/nginx/http.conf), the original and its source map are removed, and
every page's link is pointed at the new name.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tinycss2

from sitekit import resultcache

CSS_GLOB = "assets/stylesheets/main.*.min.css"
SCRIPT_GLOBS = ("assets/javascripts/bundle.*.min.js", "assets/*.js")
# Always present in a page, whatever its text says.
ALWAYS = frozenset({"html", "body", "head", "*", ":root"})
# Names a script or the browser adds that are not shaped like the names above: Material's "js"
# class on <html>, the "open" attribute of a <details> the reader opens.
SCRIPT_ADDS = frozenset({"js", "open"})

_WORD = re.compile(r"[A-Za-z_][\w-]*")
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
_ATTR = re.compile(r"\s([a-zA-Z_:][\w:.-]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_START_TAG = re.compile(r"<[a-zA-Z][^>]*>")
# A pseudo-class or pseudo-element with its (nested, two levels deep) arguments.
_PSEUDO = re.compile(r"::?[A-Za-z-]+(?:\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\))?")
_ATTR_SELECTOR = re.compile(r"\[\s*([A-Za-z_][\w-]*)[^\]]*\]")
_CLASS = re.compile(r"\.(-?[A-Za-z_][\w-]*)")
_ID = re.compile(r"#(-?[A-Za-z_][\w-]*)")
_TYPE = re.compile(r"(?:^|[\s>+~])([A-Za-z][A-Za-z0-9-]*)")


@dataclass
class Names:
    """What the site's pages and scripts can put in front of a selector."""

    tags: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    # Every word of the scripts (element names they may create), and those shaped like the
    # class and attribute names they may add (``md-search-result__item``, ``data-md-state``).
    words: set[str] = field(default_factory=set)
    script_names: set[str] = field(default_factory=lambda: set(SCRIPT_ADDS))

    def add_html(self, html: str) -> None:
        """Record the element names, classes, ids and attribute names of a page."""
        self.tags.update(tag.lower() for tag in _TAG.findall(html))
        for tag in _START_TAG.findall(html):
            for name, value in _ATTR.findall(tag[1:]):
                name = name.lower()
                self.attributes.add(name)
                value = value.strip("\"'")
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id":
                    self.ids.add(value)

    def add_script(self, text: str) -> None:
        self.add_words(set(_WORD.findall(text)))

    def add_words(self, words: Iterable[str]) -> None:
        """Record the words of a script (see :attr:`words`)."""
        words = set(words)
        self.words.update(words)
        self.script_names.update(w for w in words if "-" in w or "_" in w)

    def has(self, kind: set[str], name: str) -> bool:
        return name in kind or name in self.script_names


def may_match(selector: str, names: Names) -> bool:
    """Whether ``selector`` (one complex selector) could match something in the site."""
    text = _PSEUDO.sub(" ", selector) if ":" in selector else selector
    for name in _ATTR_SELECTOR.findall(text):
        if not names.has(names.attributes, name.lower()):
            return False
    text = _ATTR_SELECTOR.sub(" ", text)
    if not all(names.has(names.classes, name) for name in _CLASS.findall(text)):
        return False
    if not all(names.has(names.ids, name) for name in _ID.findall(text)):
        return False
    types = _TYPE.findall(_ID.sub(" ", _CLASS.sub(" ", text)))
    return all(t in ALWAYS or t in names.tags or t in names.words for t in map(str.lower, types))


def _split_selectors(prelude: list) -> list[str]:
    """The selectors of a rule's prelude, split at its top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def prune_rules(rules: Iterable, names: Names) -> str:
    """The CSS text of ``rules`` with the selectors and blocks that cannot match left out."""
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            kept = [s for s in _split_selectors(rule.prelude) if may_match(s, names)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content) + "}")
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            inner = prune_rules(
                tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True),
                names,
            )
            if inner:
                prelude = tinycss2.serialize(rule.prelude).strip()
                out.append(f"@{rule.at_keyword} {prelude}{{{inner}}}")
        elif rule.type == "at-rule":
            out.append(rule.serialize())
    return "".join(out)


def prune(css: str, names: Names) -> str:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return prune_rules(rules, names)


@dataclass
class Result:
    old: str  # site-relative path of Material's stylesheet
    new: str  # of the pruned one
    before: int  # bytes
    after: int
    pages: int  # pages pointed at the new name


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


@functools.cache
def _code() -> str:
    """Digest of this module's source and the CSS parser's version (once per process)."""
    version = getattr(tinycss2, "__version__", "unknown")
    return resultcache.digest(resultcache.code_digest(sys.modules[__name__]), version)


def site_names(
    site_dir: Path, pages: list[Path] | dict[Path, str], store: resultcache.Store | None = None
) -> Names:
    """What the ``pages`` (paths, or paths and their text) and the site's scripts hold.

    With ``store``, what one page or script holds is kept under the hash of its text and of
    this module's code, and not worked out again for the same text.
    """
    names = Names()
    code = _code() if store is not None else ""
    texts = pages if isinstance(pages, dict) else {p: p.read_text(encoding="utf-8") for p in pages}
    for html in texts.values():
        key = resultcache.digest("page", code, html) if store is not None else ""
        cached = store.get(key) if store is not None else None
        if isinstance(cached, list) and len(cached) == 4 and all(map(_strings, cached)):
            tags, classes, ids, attributes = cached
        else:
            one = Names()
            one.add_html(html)
            tags, classes, ids = sorted(one.tags), sorted(one.classes), sorted(one.ids)
            attributes = sorted(one.attributes)
            if store is not None:
                store.put(key, [tags, classes, ids, attributes])
        names.tags.update(tags)
        names.classes.update(classes)
        names.ids.update(ids)
        names.attributes.update(attributes)
    for pattern in SCRIPT_GLOBS:
        for script in sorted(site_dir.glob(pattern)):
            text = script.read_text(encoding="utf-8")
            key = resultcache.digest("script", code, text) if store is not None else ""
            words = store.get(key) if store is not None else None
            if not _strings(words):
                words = sorted(set(_WORD.findall(text)))
                if store is not None:
                    store.put(key, words)
            names.add_words(words)
    return names


def names_digest(names: Names) -> str:
    """A digest of everything :func:`may_match` reads from ``names``."""
    parts = (names.tags, names.classes, names.ids, names.attributes, names.words)
    return resultcache.digest(*("\n".join(sorted(part)) for part in parts))


def pruned_css(css: str, names: Names, store: resultcache.Store | None = None) -> str:
    """:func:`prune`, kept in ``store`` under the stylesheet, the names and this code."""
    if store is None:
        return prune(css, names)
    key = resultcache.digest("css", _code(), css, names_digest(names))
    cached = store.get(key)
    if isinstance(cached, str):
        return cached
    result = prune(css, names)
    store.put(key, result)
    return result


def prune_site(site_dir: Path, cache_file: Path | None = None) -> Result | None:
    """Prune the built site's copy of Material's stylesheet (none: nothing to do).

    With ``cache_file`` (in ``.cache/``), the names each page holds and the pruned stylesheet
    are kept there and reused for the same inputs (:mod:`sitekit.resultcache`).
    """
    found = sorted(site_dir.glob(CSS_GLOB))
    if len(found) != 1:
        return None
    source = found[0]
    texts = {page: page.read_text(encoding="utf-8") for page in sorted(site_dir.rglob("*.html"))}
    store = resultcache.Store(cache_file, "cssprune", keep=400) if cache_file is not None else None
    css = source.read_text(encoding="utf-8")
    pruned = pruned_css(css, site_names(site_dir, texts, store), store).encode("utf-8")
    if store is not None:
        store.save()
    digest = hashlib.sha256(pruned).hexdigest()[:8]
    target = source.with_name(f"main.{digest}.min.css")
    old_name, new_name = source.name, target.name
    result = Result(
        old=source.relative_to(site_dir).as_posix(),
        new=target.relative_to(site_dir).as_posix(),
        before=len(css.encode("utf-8")),
        after=len(pruned),
        pages=0,
    )
    if target == source:
        return result
    target.write_bytes(pruned)
    source.unlink()
    for extra in (".map", ".gz"):
        source.with_name(source.name + extra).unlink(missing_ok=True)
    for page, html in texts.items():
        if old_name in html:
            page.write_text(html.replace(f"/{old_name}", f"/{new_name}"), encoding="utf-8")
            result.pages += 1
    return result
