"""What a generated download may read: files inside docs/ and the built site, nothing else.

Every generator of a download (the lesson PDFs made by WeasyPrint and the DOCX made by
python-docx in :mod:`sitekit.kits`; later slides and print materials) goes through one
:class:`Sandbox`, made with the folders it may read (``docs_dir`` and ``site_dir``):

- :meth:`Sandbox.check_html` runs before anything is rendered or taken from the cache. It refuses
  ``rel="attachment"`` on any element (WeasyPrint would embed the target in the PDF: a link to
  ``file:///proc/self/environ`` would publish the build machine's environment) and every resource
  URL (``src``, ``srcset``, ``<link href>``, ``<object data>``, ``poster``, SVG ``href``, CSS
  ``url()`` and ``@import`` in ``style`` attributes and ``<style>``) that is not a ``data:`` URL
  or a file inside those folders. ``<base>`` is refused too (it would move every relative URL).
- :meth:`Sandbox.fetcher` is the WeasyPrint URL fetcher: the same rule at load time, so what
  the check cannot see (a URL inside an SVG image or a style sheet) is refused as well.
- :meth:`Sandbox.path` resolves one ``file:`` URL (for reading a resource, e.g. a cache key).

A file is inside a folder when its real path (symbolic links followed, ``..`` resolved) is: a
link in docs/ pointing elsewhere is refused. Every network URL (http, https, ftp, …) is refused:
a download must be the same whatever the network says. ``data:`` URLs are allowed: their bytes
are in the page itself, and they can only be images or styles here (attachments are refused).
Ordinary links (``<a href>``) stay links: they are written into the document, never fetched.
Each refusal is a :class:`SiteDataError` naming the page, the line of the page source where the
URL is written (where it can be found) and the fix.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from sitekit.errors import SiteDataError

# Attributes that make a renderer load something, by element (None: any element).
RESOURCE_ATTRS: dict[str | None, tuple[str, ...]] = {
    None: ("src", "srcset", "poster", "background"),
    "link": ("href",),
    "object": ("data",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "feimage": ("href", "xlink:href"),
}
CSS_URL_RE = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)'"\s]*))\s*\)"""
    r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""",
    re.IGNORECASE,
)
# <link rel> values that only name a page (nothing is loaded); any other <link> is a resource.
NAVIGATIONAL = {"alternate", "author", "bookmark", "canonical", "external", "help", "license",
                "next", "nofollow", "noopener", "noreferrer", "prev", "search", "me"}  # fmt: skip
NETWORK = {"http", "https", "ftp", "ftps", "ws", "wss"}
LOCAL_FIX = "put the file in docs/ (e.g. docs/assets/) and refer to it with a relative path"


def css_urls(css: str) -> Iterator[str]:
    """Every ``url(…)`` and ``@import "…"`` target in a piece of CSS."""
    for match in CSS_URL_RE.finditer(css):
        yield next(value for value in match.groupdict().values() if value is not None)


def _srcset(value: str) -> Iterator[str]:
    for candidate in value.split(","):
        url = candidate.strip().split(" ")[0]
        if url:
            yield url


@dataclass(frozen=True)
class Sandbox:
    """The folders a download of ``page`` may read; ``source`` is the page's Markdown (for
    line numbers in errors)."""

    roots: tuple[Path, ...]  # real paths
    page: str = "the page"
    source: str = ""

    @classmethod
    def of(cls, roots: Iterable[str | Path], page: str = "the page", source: str = "") -> Sandbox:
        return cls(tuple(Path(os.path.realpath(root)) for root in roots), page, source)

    # Errors ---------------------------------------------------------------------------------

    def line_of(self, *needles: str) -> int | None:
        """The first line of the page source holding one of ``needles`` (tried in order)."""
        for needle in needles:
            if needle:
                at = self.source.find(needle)
                if at >= 0:
                    return self.source.count("\n", 0, at) + 1
        return None

    def error(self, problem: str, fix: str, *needles: str) -> SiteDataError:
        return SiteDataError(self.page, problem, fix, self.line_of(*needles))

    def refusal(self, url: str, written: str = "") -> SiteDataError | None:
        """Why a download may not load ``url`` (absolute), or None when it may."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        needles = (written, unquote(written), url, posixpath_name(parts.path))
        if scheme == "data":
            return None
        if scheme in NETWORK:
            return self.error(
                f"the downloads (PDF, DOCX) would fetch {url} from the network; they are made "
                "from the site's own files only",
                "save a copy in docs/ (e.g. docs/assets/) and refer to it with a relative path "
                "(an ordinary link <a href> to the page is fine)",
                *needles,
            )
        if scheme != "file":
            return self.error(
                f"the downloads would load {url}, which is not a file of the site",
                LOCAL_FIX,
                *needles,
            )
        if parts.netloc not in ("", "localhost"):
            return self.error(
                f"the downloads would read {url} from another machine", LOCAL_FIX, *needles
            )
        path = unquote(parts.path)
        real = Path(os.path.realpath(path))
        if any(real == root or root in real.parents for root in self.roots):
            return None
        where = " and ".join(str(root) for root in self.roots) or "no folder"
        lexical = Path(os.path.normpath(path))
        if lexical != real and any(
            lexical == root or root in lexical.parents for root in self.roots
        ):
            problem = (
                f"the downloads would read {path}, a symbolic link to {real}, which is outside "
                f"the folders they may read ({where})"
            )
            fix = "replace the symbolic link by a copy of the file"
        else:
            problem = (
                f"the downloads would read {path}, which is outside the folders they may read "
                f"({where})"
            )
            fix = LOCAL_FIX
        return self.error(problem, fix, *needles)

    # Use --------------------------------------------------------------------------------------

    def path(self, url: str) -> Path:
        """The real path of an allowed ``file:`` URL; anything else raises SiteDataError."""
        error = self.refusal(url)
        if error is not None:
            raise error
        if urlsplit(url).scheme.lower() != "file":
            raise self.error(f"{url} is not a file", LOCAL_FIX, url)
        return Path(os.path.realpath(unquote(urlsplit(url).path)))

    def check_html(self, html: str, base_url: str) -> None:
        """Refuse ``rel="attachment"``, ``<base>`` and every resource outside the sandbox."""
        for tag, attrs, written in _Resources.scan(html):
            if tag == "base":
                raise self.error(
                    "a <base> element would change where every relative link of the downloads "
                    "points",
                    "remove the <base> element",
                    "<base",
                )
            if "attachment" in (attrs.get("rel") or "").lower().split():
                target = attrs.get("href") or attrs.get("src") or ""
                raise self.error(
                    f'rel="attachment" on <{tag}> would embed {target or "a file"} in the PDF '
                    "download",
                    'remove rel="attachment" (an ordinary link stays a link)',
                    target,
                    "attachment",
                )
            for url in written:
                if url.startswith("#"):
                    continue
                error = self.refusal(urljoin(base_url, url), url)
                if error is not None:
                    raise error

    def fetcher(self) -> Any:
        """A WeasyPrint URL fetcher that loads only what :meth:`refusal` allows.

        A refusal raises WeasyPrint's fatal error, and is also kept in the fetcher's
        ``refused`` list: WeasyPrint swallows even fatal errors while drawing an SVG image, so
        the caller must check that list after rendering."""
        from weasyprint.urls import FatalURLFetchingError, URLFetcher

        sandbox = self

        class Refused(FatalURLFetchingError):
            def __init__(self, url: str, error: SiteDataError) -> None:
                super().__init__(f"refused to fetch {url}: {error.problem}")
                self.url = url
                self.error = error

        class SandboxFetcher(URLFetcher):
            refused: list[str] = []

            def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]  # noqa: ANN202
                error = sandbox.refusal(url)
                if error is not None:
                    self.refused.append(url)
                    raise Refused(url, error)
                if urlsplit(url).scheme.lower() == "file":
                    url = sandbox.path(url).as_uri()  # the checked file, not a new link
                return super().fetch(url, headers)

        fetcher = SandboxFetcher()
        fetcher.refused = []
        return fetcher


def check_no_escaping_links(folder: str | Path, shown: str = "docs") -> None:
    """Refuse a symbolic link under ``folder`` whose target is outside it.

    MkDocs copies what a link points at into the site, and the downloads read the site folder:
    a link ``docs/assets/photo.svg -> /etc/passwd`` would publish that file and embed it in
    PDFs. Links that stay inside the folder are fine."""
    root = Path(os.path.realpath(folder))
    for current, dirs, files in os.walk(root):
        for name in sorted(dirs + files):
            path = Path(current) / name
            if not path.is_symlink():
                continue
            real = Path(os.path.realpath(path))
            if real != root and root not in real.parents:
                rel = path.relative_to(root).as_posix()
                raise SiteDataError(
                    f"{shown}/{rel}",
                    f"a symbolic link to {real}, outside {shown}/: the site and its downloads "
                    "would publish that file",
                    "replace the symbolic link by a copy of the file (or delete it)",
                )


def posixpath_name(path: str) -> str:
    """The last part of a URL path (to find it in the page source), or ''."""
    name = unquote(path.rstrip("/").rsplit("/", 1)[-1])
    return name if len(name) > 3 else ""


class _Resources(HTMLParser):
    """(tag, attributes, resource URLs as written) of every element of an HTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, dict[str, str | None], list[str]]] = []
        self.in_style = False

    @classmethod
    def scan(cls, html: str) -> list[tuple[str, dict[str, str | None], list[str]]]:
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser.found

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value for name, value in attrs}
        urls: list[str] = []
        names = RESOURCE_ATTRS[None] + RESOURCE_ATTRS.get(tag, ())
        rel = set((values.get("rel") or "").lower().split())
        if tag == "link" and rel and rel <= NAVIGATIONAL:
            names = RESOURCE_ATTRS[None]
        for name in names:
            value = values.get(name)
            if value:
                urls.extend(_srcset(value) if name == "srcset" else [value.strip()])
        urls.extend(css_urls(values.get("style") or ""))
        self.found.append((tag, values, urls))
        self.in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.in_style = False

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style:
            self.found.append(("style", {}, list(css_urls(data))))
