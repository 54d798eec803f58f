"""What the marker extensions share: their options and where the page and site come from."""

from __future__ import annotations

from typing import Any

from markdown.extensions import Extension

from sitekit import pagecontext
from sitekit.errors import SiteDataError
from sitekit.pagecontext import PageContext, SiteContext

# Run after Python-Markdown's whitespace normalisation (30) and before fenced code (25) and raw
# HTML blocks (20): the markers are replaced as if the Markdown had been written with the HTML.
HELPLINES_PRIORITY = 29
LESSONS_PRIORITY = 28


class MarkerExtension(Extension):
    """Options shared by the marker extensions.

    ``page_context`` and ``site_context`` give the page and site directly (tests, scripts).
    Without them the extension takes what the engine's adapter set for the page being converted
    (hooks/site_data.py under MkDocs), else derives them: the site from ``config_file``
    (default mkdocs.yml), the page from ``page`` (a file under ``docs/<lang>/``).
    """

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "page_context": ["", "the page (sitekit.pagecontext.PageContext)"],
            "site_context": ["", "the site (sitekit.pagecontext.SiteContext)"],
            "config_file": ["mkdocs.yml", "the site's mkdocs.yml, when no site is given"],
            "page": ["", "the page's file under docs/<lang>/, when no page is given"],
        }
        super().__init__(**kwargs)
        self._site: SiteContext | None = None

    def known_page(self) -> PageContext | None:
        """The page when one is given or set (None when it would have to be derived and can't)."""
        page = self.getConfig("page_context") or pagecontext.current_page()
        if page is None and self.getConfig("page"):
            page = self.contexts()[0]
        return page

    def contexts(self) -> tuple[PageContext, SiteContext]:
        """The page being converted and its site."""
        site = self.getConfig("site_context") or pagecontext.current_site() or self._site
        if site is None:
            site = self._site = SiteContext.from_config(self.getConfig("config_file"))
        page = self.getConfig("page_context") or pagecontext.current_page()
        if page is None:
            path = self.getConfig("page")
            if not path:
                raise SiteDataError(
                    "<markdown>",
                    "the marker extensions do not know which page this is",
                    "give the extension page=<file under docs/<lang>/> or page_context",
                )
            page = PageContext.from_path(path, site.docs_dir)
        return page, site
