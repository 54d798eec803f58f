"""MkDocs hook: the site's data for templates, and the page context for the marker extensions.

Thin adapter: the data comes from ``sitekit.template_data`` (one function any engine can call);
the markers are expanded by the Markdown extensions in ``sitekit.mdext`` (listed under
``markdown_extensions`` in mkdocs.yml), which this hook tells, before each page is converted,
which page it is (``sitekit.pagecontext``).
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitekit import data, pagecontext, template_data, templates, theme
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.site_data")

EXTENSIONS = ("sitekit.mdext.helplines", "sitekit.mdext.lessons")

_state: dict[str, object] = {}


def _i18n(config: MkDocsConfig) -> tuple[tuple[str, ...], str]:
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return tuple(lang.locale for lang in languages), default


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate the data files (every build, so ``mkdocs serve`` sees edits) and expose them."""
    # mkdocs.yml lists them (so engines without hooks run them too); a config that does not
    # (a test fixture) gets them here, so markers are never left unexpanded.
    for name in EXTENSIONS:
        if name not in config.markdown_extensions:
            config.markdown_extensions.append(name)
    root = Path(config.config_file_path).parent
    langs, _ = _i18n(config)
    try:
        theme.check_no_extra_javascript(list(config.extra_javascript))
        found = template_data.load(root, config.extra, langs)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    _state["data"] = found
    _state.pop("site", None)
    config.extra.update(found.extra())
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Say once per build (in the source-language pass) how many entries are due for
    re-checking: information only, so no build starts failing because the calendar moved on.
    ``sitekit coverage`` and the editors' page translation-status/ list them."""
    _, default = _i18n(config)
    if config.theme["language"] != default:
        return
    try:
        max_age = data.max_age_days(config.extra)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    found: template_data.TemplateData = _state["data"]  # type: ignore[assignment]
    due = data.due_for_recheck(found.helplines, dt.date.today(), max_age)
    if due:
        log.info(
            "%d helplines were last verified more than %d days ago: `sitekit coverage` and the "
            "editors' page translation-status/ list them for re-checking",
            len(due),
            max_age,
        )


def _site(config: MkDocsConfig) -> pagecontext.SiteContext:
    """The site context, with the theme's Jinja environment for the language being built."""
    env = templates.environment(config.theme)
    site = _state.get("site")
    if isinstance(site, pagecontext.SiteContext):
        site.env = env
        return site
    root = Path(config.config_file_path).parent
    langs, default = _i18n(config)
    site = pagecontext.SiteContext.create(
        root,
        config.extra,
        langs,
        default,
        Path(config.docs_dir),
        env,
        data=_state["data"],  # type: ignore[arg-type]
        error_type=PluginError,
    )
    _state["site"] = site
    return site


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Tell the marker extensions which page MkDocs converts next."""
    lang = config.theme["language"]
    path = Path(page.file.abs_src_path) if page.file.abs_src_path else None
    offset = 0
    if path is not None and ("<!--" in markdown):  # only errors at markers need the offset
        offset = pagecontext.front_matter_lines(path.read_text(encoding="utf-8"), markdown)

    def link(target: str) -> str | None:
        file = files.get_file_from_path(target)
        return None if file is None else get_relative_url(file.url, page.url)

    context = pagecontext.PageContext(
        language=lang,
        source=f"docs/{page.file.src_uri}",
        meta=page.meta,
        line_offset=offset,
        file_language=getattr(page.file, "locale", lang),
        path=path,
        url=page.url,
        link=link,
    )
    pagecontext.set_current(context, _site(config))
    return markdown
