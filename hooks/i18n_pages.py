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

_root_404: dict[str, bytes] = {}


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


def on_post_build(*, config: MkDocsConfig) -> None:
    """Keep the Latvian 404 at the root and move each other language's to ``<lang>/404.html``.

    Every language build writes ``404.html`` at the site root; the source language builds first.
    """
    _, default = _languages(config)
    lang = config.theme["language"]
    root = Path(config.site_dir) / "404.html"
    if not root.exists():
        return
    if lang == default:
        _root_404["html"] = root.read_bytes()
        return
    target = Path(config.site_dir) / lang / "404.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(root.read_bytes())
    if "html" in _root_404:
        root.write_bytes(_root_404["html"])
    log.debug("wrote %s", target)


def on_config(config: MkDocsConfig) -> None:
    """Check that the i18n plugin is configured as this hook expects."""
    if "i18n" not in config.plugins:
        raise PluginError(
            "hooks/i18n_pages.py needs the i18n plugin (mkdocs-static-i18n) in mkdocs.yml"
        )
