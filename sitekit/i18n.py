"""Language alternates for a page: absolute hreflang URLs, x-default and fallbacks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class PageLanguages:
    """What a page's <head> says about its languages."""

    canonical: str
    alternates: tuple[tuple[str, str], ...]  # (hreflang, absolute URL), x-default last
    fallback: bool


def language_url(site_url: str, lang: str, default: str, path: str) -> str:
    """Absolute URL of ``path`` (relative to a language root, e.g. ``help/``) in ``lang``."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    prefix = "" if lang == default else f"{lang}/"
    return f"{base}{prefix}{path.lstrip('/')}"


def strip_language(url: str, lang: str, default: str) -> str:
    """A built page URL (``ru/help/``) without its language prefix (``help/``)."""
    if lang != default and (url == lang or url.startswith(f"{lang}/")):
        return url[len(lang) + 1 :]
    return url


def page_languages(
    *,
    url: str,
    src_path: str,
    lang: str,
    file_lang: str,
    languages: Sequence[str],
    default: str,
    site_url: str,
    has_translation: Callable[[str, str], bool],
) -> PageLanguages:
    """Work out canonical URL, hreflang alternates and fallback state of one built page.

    ``src_path`` is the page's path inside a language folder (``help.md``); ``has_translation``
    answers whether ``docs/<lang>/<src_path>`` exists. Only real translations are alternates, so
    search engines never index a fallback copy; x-default points at the source language.
    """
    path = strip_language(url, lang, default)
    real = [code for code in languages if code == default or has_translation(code, src_path)]
    alternates = [(code, language_url(site_url, code, default, path)) for code in real]
    alternates.append(("x-default", language_url(site_url, default, default, path)))
    fallback = file_lang != lang
    own = default if fallback else lang
    return PageLanguages(
        canonical=language_url(site_url, own, default, path),
        alternates=tuple(alternates),
        fallback=fallback,
    )
