"""sitemap.xml and robots.txt for the whole multilingual site.

Every real page in every language is listed once, by its canonical URL, with an
``xhtml:link rel="alternate" hreflang`` for each real translation and x-default (the source
language): the same alternates ``sitekit.i18n.page_languages`` gives the page's <head>. Fallback
pages (a language without its own translation showing the source text) are left out, and so are
pages marked ``robots: noindex`` and paths that robots.txt disallows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.sax.saxutils import quoteattr

from sitekit import i18n
from sitekit.errors import SiteDataError

SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True)
class Entry:
    """One <url> of the sitemap."""

    loc: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), as in the page's <head>


def check_disallow(paths: object, config: str = "mkdocs.yml") -> tuple[str, ...]:
    """Validate ``extra.sitemap.disallow``: plain path prefixes from the site root."""
    if not isinstance(paths, list | tuple) or not all(isinstance(p, str) for p in paths):
        raise SiteDataError(
            config,
            "extra.sitemap.disallow is not a list of paths",
            "write it as a YAML list, e.g. [/translation-status/]",
        )
    for path in paths:
        if not path.startswith("/") or any(char in path for char in "*$ \t\n"):
            raise SiteDataError(
                config,
                f"extra.sitemap.disallow: {path!r} is not a plain path",
                "write it from the site root, starting with /, without * or $ "
                "(e.g. /translation-status/)",
            )
    return tuple(paths)


def disallowed(url: str, disallow: Sequence[str]) -> bool:
    """Whether robots.txt keeps crawlers away from this absolute or root-relative URL."""
    path = urlsplit(url).path or "/"
    return any(path.startswith(prefix) for prefix in disallow)


def entry_for(
    languages: i18n.PageLanguages, *, robots: str | None = None, disallow: Sequence[str] = ()
) -> Entry | None:
    """The sitemap entry of a built page, or None when the page must not be listed.

    ``robots`` is the page's ``robots`` front matter (``noindex`` keeps it out).
    """
    if languages.fallback:
        return None
    if robots and "noindex" in robots.lower().replace(" ", "").split(","):
        return None
    if disallowed(languages.canonical, disallow):
        return None
    return Entry(loc=languages.canonical, alternates=languages.alternates)


def render_sitemap(entries: Iterable[Entry]) -> str:
    """The sitemap document: one <url> per distinct URL, sorted, alternates in given order."""
    unique = {entry.loc: entry for entry in entries}
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
        ' xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for loc in sorted(unique):
        lines.append("  <url>")
        lines.append(f"    <loc>{_text(loc)}</loc>")
        for code, href in unique[loc].alternates:
            link = f"hreflang={quoteattr(code)} href={quoteattr(href)}"
            lines.append(f'    <xhtml:link rel="alternate" {link}/>')
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def render_robots(site_url: str, default: str, disallow: Sequence[str]) -> str:
    """robots.txt: everything may be crawled except ``disallow``; where the sitemap is."""
    rules = [f"Disallow: {path}" for path in disallow] or ["Disallow:"]
    sitemap = i18n.language_url(site_url, default, default, SITEMAP)
    return "\n".join(["User-agent: *", *rules, "", f"Sitemap: {sitemap}"]) + "\n"


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
