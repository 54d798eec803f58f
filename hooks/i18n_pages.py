"""MkDocs hook: per-language <head> data, fallback marking and a 404 page per language.

Thin adapter over ``sitekit.i18n``; mkdocs-static-i18n runs every event once per language.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from sitekit import i18n

log = logging.getLogger("mkdocs.plugins.i18n_pages")

ERROR_PAGE = "404.html"
# Each language's rendered 404 page in this build (module state survives `mkdocs serve` rebuilds:
# reset when the source language starts).
_error_pages: dict[str, str] = {}


def _languages(config: MkDocsConfig) -> tuple[list[str], str]:
    options = config.plugins["i18n"].config
    langs = [lang.locale for lang in options.languages if lang.build]
    default = next(lang.locale for lang in options.languages if lang.default)
    return langs, default


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """Give templates ``page_languages``: canonical URL, hreflang alternates, fallback flag."""
    langs, default = _languages(config)
    lang = config.theme["language"]
    file_lang = getattr(page.file, "locale", lang)
    docs = Path(config.docs_dir)
    src = page.file.src_uri.split("/", 1)[1] if "/" in page.file.src_uri else page.file.src_uri
    context["page_languages"] = i18n.page_languages(
        url=page.url,
        src_path=src,
        lang=lang,
        file_lang=file_lang,
        languages=langs,
        default=default,
        site_url=config.site_url or "",
        has_translation=lambda code, path: (docs / code / path).is_file(),
    )
    return context


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Tell templates the language being built and its URL prefix (``''`` or ``'ru/'``)."""
    _, default = _languages(config)
    lang = config.theme["language"]
    config.extra["lang"] = lang
    config.extra["lang_prefix"] = "" if lang == default else f"{lang}/"
    if lang == default:
        _error_pages.clear()
    _error_pages.pop(lang, None)


def on_post_template(output: str, *, template_name: str, config: MkDocsConfig) -> str:
    """Keep this language's rendered 404 page (MkDocs writes every language's to the root)."""
    if template_name == ERROR_PAGE:
        _error_pages[config.theme["language"]] = output
    return output


def on_post_build(*, config: MkDocsConfig) -> None:
    """Write this language's 404 to ``<lang>/404.html`` and put the Latvian one back at the root.

    Written from the pages this build rendered (kept in memory), never from a file another build
    could have written in the meantime. The source language builds first.
    """
    _, default = _languages(config)
    lang = config.theme["language"]
    page = _error_pages.get(lang)
    if lang == default or page is None:
        return
    site = Path(config.site_dir)
    target = site / lang / ERROR_PAGE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.encode("utf-8"))
    if default in _error_pages:
        (site / ERROR_PAGE).write_bytes(_error_pages[default].encode("utf-8"))
    log.debug("wrote %s", target)


def on_config(config: MkDocsConfig) -> None:
    """Check that the i18n plugin is configured as this hook expects."""
    if "i18n" not in config.plugins:
        raise PluginError(
            "hooks/i18n_pages.py needs the i18n plugin (mkdocs-static-i18n) in mkdocs.yml"
        )
