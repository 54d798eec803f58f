"""MkDocs hook: when a platform guide's steps were last checked (``sitekit.stepschecked``).

Thin adapter: validates the ``steps_checked`` front matter of each page (required on the
platform guides; a missing, malformed or future date stops the build with file, line and fix)
and gives the template ``steps_checked`` (overrides/main.html shows it in the page's language).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import stepschecked
from sitekit.errors import SiteDataError


def _inner_path(src_uri: str, config: MkDocsConfig) -> str:
    """The page's path inside its language folder."""
    languages = {lang.locale for lang in config.plugins["i18n"].config.languages}
    first, _, rest = src_uri.partition("/")
    return rest if rest and first in languages else src_uri


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Validate the page's ``steps_checked`` (before the Markdown is converted)."""
    path = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    source = path.read_text(encoding="utf-8") if path is not None else ""
    try:
        date = stepschecked.check(
            page.meta,
            path=f"docs/{page.file.src_uri}",
            inner_path=_inner_path(page.file.src_uri, config),
            source=source,
        )
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    setattr(page, "_steps_checked", date)  # noqa: B010 (read in on_page_context)
    return markdown


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """``steps_checked`` for the template: texts in the language being built, or None."""
    date = getattr(page, "_steps_checked", None)
    context["steps_checked"] = None
    if date is not None:
        try:
            context["steps_checked"] = stepschecked.render(
                date, config.theme["language"], config.extra["ui"]
            )
        except SiteDataError as exc:
            raise PluginError(str(exc)) from None
    return context
