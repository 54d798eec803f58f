"""``<!-- helplines: id id … -->`` → helpline cards from partials/helplines.html.

A marker alone on its line becomes the cards of the named helplines, with texts in the page's
language. An empty marker or an unknown id is an error naming the file and line
(``sitekit.markers``); a marker that is not expanded is caught on the rendered page by
``sitekit.content_policy``.
"""

from __future__ import annotations

from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from sitekit import markers
from sitekit.errors import SiteDataError
from sitekit.mdext.base import HELPLINES_PRIORITY, MarkerExtension

TEMPLATE = "partials/helplines.html"


class HelplinesPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: HelplinesExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
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

        def render(ids: list[str]) -> str:
            return template.render(helplines=[entries[i] for i in ids], **context)

        try:
            text = markers.expand(
                text, page=page.source, known=entries, render=render, line_offset=page.line_offset
            )
        except SiteDataError as exc:
            raise site.error(exc) from None
        return text.split("\n")


class HelplinesExtension(MarkerExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(HelplinesPreprocessor(md, self), "helplines", HELPLINES_PRIORITY)


def makeExtension(**kwargs: Any) -> HelplinesExtension:  # noqa: N802 (Python-Markdown's name)
    return HelplinesExtension(**kwargs)
