"""MkDocs hook: translation coverage. Once per build (in the source-language pass) it checks
every translation against its Latvian source, logs the summary table, warns where the policy
in ``extra.translation_coverage`` is broken (so ``mkdocs build --strict`` fails), and tells
templates when the page being built is an outdated translation (``translation_outdated``).

Thin adapter over ``sitekit.coverage``; the same check runs as ``sitekit coverage``. The report
it makes is handed to ``sitekit postbuild`` (hooks/postbuild.py), which writes
``translation-report.json`` and the editors' page ``translation-status/``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitekit import coverage, data, i18n, postbuild, siteconfig
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.translation_coverage")

STATUS_PAGE = postbuild.STATUS_PAGE

# The report of the build in progress. Reset at the start of every build: `mkdocs serve`
# keeps this module loaded between rebuilds.
_state: dict[str, Any] = {}


def _i18n(config: MkDocsConfig) -> tuple[str, list[str]]:
    """The language built first (at the site root) and the languages built."""
    if "i18n" not in config.plugins:
        raise PluginError("hooks/translation_coverage.py needs the i18n plugin in mkdocs.yml")
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return default, [lang.locale for lang in languages if lang.build]


def _first_pass(config: MkDocsConfig) -> bool:
    """True in the top-level build; the i18n plugin builds the other languages inside it."""
    return config.theme["language"] == _i18n(config)[0]


def _url(config: MkDocsConfig, lang: str, path: str) -> str | None:
    """Site URL of page ``path`` in ``lang``, or None when that language is not built."""
    default, built = _i18n(config)
    if lang not in built:
        return None
    prefix = "" if lang == default else f"{lang}/"
    return prefix + coverage.page_url(path, config.use_directory_urls)


def _relative(target: str, base: str) -> str:
    url = get_relative_url(target, base)
    return url + "/" if (target == "" or target.endswith("/")) and not url.endswith("/") else url


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Check every translation once per build and log the table and the problems."""
    if not _first_pass(config):
        return
    _state.clear()
    if not config.config_file_path:
        raise PluginError("hooks/translation_coverage.py needs mkdocs.yml on disk")
    try:
        site = siteconfig.load(config.config_file_path)
        settings = coverage.Settings.from_site(site, docs_dir=Path(config.docs_dir))
        report = coverage.check(settings)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    # Helplines due for re-checking: for the status page only, never a warning (the build must
    # not start failing because the calendar moved on).
    try:
        max_age = data.max_age_days(config.extra)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    path = settings.helplines_path
    recheck = data.recheck_model(
        path,
        settings.languages,
        max_age,
        dt.date.today(),
        settings.rel(path) if path else "data/helplines.yml",
    )
    _state.update(settings=settings, report=report, recheck=recheck)
    postbuild.handoff.update(coverage_report=report, recheck=recheck)
    log.info(coverage.summary_table(report))
    behind = sum(1 for _ in report.not_current())
    if behind:
        log.info(
            "%d translations are not current: `sitekit coverage` lists them with what to do; "
            "the built site has them in %s/",
            behind,
            STATUS_PAGE,
        )
    for problem in report.problems:
        (log.error if problem.level == coverage.ERROR else log.warning)(str(problem))


def on_page_context(
    context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
) -> dict[str, Any]:
    """``translation_outdated`` for a translation the report calls outdated (not a fallback)."""
    report: coverage.Report | None = _state.get("report")
    settings: coverage.Settings | None = _state.get("settings")
    if report is None or settings is None:
        return context
    lang = config.theme["language"]
    file_lang = getattr(page.file, "locale", lang)
    if file_lang != lang or lang == settings.source:
        return context
    path = page.file.src_uri.split("/", 1)[1] if "/" in page.file.src_uri else page.file.src_uri
    translation = report.translation(lang, path)
    if translation is None or translation.state != coverage.OUTDATED:
        return context
    target = _url(config, settings.source, path)
    if target is None:  # the source language is not part of this build (SITE_LANG)
        url = i18n.language_url(
            config.site_url or "/",
            settings.source,
            settings.source,
            coverage.page_url(path, config.use_directory_urls),
        )
    else:
        url = _relative(target, page.url)
    context["translation_outdated"] = {"source_url": url, "source_lang": settings.source}
    return context
