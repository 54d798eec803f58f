"""``<!-- helplines: id id … -->`` → helpline cards from partials/helplines.html.

A marker alone on its line becomes the cards of the named helplines, with texts in the page's
language and for the page's audience (front matter ``audience:``, ``sitekit.audience``): on an
adults' page the cards show ``when_adults``. An empty marker, an unknown id, an unknown audience or
an adults' page naming an entry without ``when_adults`` is an error naming the file and line
(``sitekit.markers``, ``sitekit.audience``); a marker that is not expanded is caught on the
rendered page by ``sitekit.content_policy``.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from sitekit import audience, markers, pagecontext
from sitekit.errors import SiteDataError
from sitekit.mdext.base import HELPLINES_PRIORITY, MarkerExtension

TEMPLATE = "partials/helplines.html"


class HelplinesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: HelplinesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        known = self.extension.known_page()
        if known is not None:  # every page's audience is checked, with or without cards
            try:
                audience.of_page(known.meta, known.source, path=known.path)
            except SiteDataError as exc:
                site = self.extension.getConfig("site_context") or pagecontext.current_site()
                raise (site.error(exc) if site else exc) from None
        if "helplines:" not in text:
            return lines
        page, site = self.extension.contexts()
        lang = page.language
        entries = site.data.entries(lang)
        template = site.env.get_template(TEMPLATE)
        context: dict[str, Any] = {
            "ui": site.data.ui,
            "lang": lang,
            "round_clock": site.data.round_clock_entries(lang),
        }
        try:
            reader = audience.of_page(page.meta, page.source, path=page.path)
            cards = _cards(text, entries, reader, page.source, page.line_offset)

            def render(ids: list[str]) -> str:
                return template.render(helplines=[cards[i] for i in ids], **context)

            text = markers.expand(
                text, page=page.source, known=entries, render=render, line_offset=page.line_offset
            )
        except SiteDataError as exc:
            raise site.error(exc) from None
        return text.split("\n")


def _cards(
    text: str, entries: dict[str, dict[str, Any]], reader: str, source: str, line_offset: int
) -> dict[str, dict[str, Any]]:
    """The entries the page's markers name, worded for its reader (``sitekit.audience``); an
    unknown id is left for ``markers.expand`` to report."""
    cards: dict[str, dict[str, Any]] = {}
    for line, ids in markers.find(text):
        for helpline_id in ids:
            if helpline_id in entries and helpline_id not in cards:
                cards[helpline_id] = audience.for_audience(
                    entries[helpline_id], reader, page=source, line=line + line_offset
                )
    return cards


class HelplinesExtension(MarkerExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(HelplinesPreprocessor(md, self), "helplines", HELPLINES_PRIORITY)


def makeExtension(**kwargs: Any) -> HelplinesExtension:  # noqa: N802 (Python-Markdown's name)
    return HelplinesExtension(**kwargs)
