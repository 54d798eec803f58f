"""MkDocs hook: load and validate data/*.yml, expose it to templates, render helpline markers.

Thin adapter over ``sitekit.data`` and ``sitekit.markers``.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import data, markers, templates, theme
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.site_data")

_state: dict[str, object] = {}


def _languages(config: MkDocsConfig) -> tuple[str, ...]:
    return tuple(lang.locale for lang in config.plugins["i18n"].config.languages)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Validate the data files (every build, so ``mkdocs serve`` sees edits) and expose them."""
    root = Path(config.config_file_path).parent
    data_dir = root / config.extra.get("data_dir", "data")
    langs = _languages(config)
    try:
        helplines = data.load_helplines(data_dir / "helplines.yml", langs)
        ui = data.load_ui(data_dir / "ui.yml", langs)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    _state["helplines"] = helplines
    config.extra["ui"] = ui
    config.extra["helplines"] = {
        lang: {key: entry.as_context(lang) for key, entry in helplines.items()} for lang in langs
    }
    config.extra["theme_assets"] = theme.assets()
    config.extra["round_clock"] = [k for k, e in helplines.items() if e.open and e.open.always()]
    config.extra["help_strip"] = [key for key, entry in helplines.items() if entry.strip]
    unnamed = sorted(
        {code for e in helplines.values() for code in e.languages}
        - {k[9:] for k in ui if k.startswith("language_")}
    )
    if unnamed:
        raise PluginError(
            f"data/helplines.yml: language {', '.join(unnamed)} has no name to show readers. "
            f"Fix: add language_{unnamed[0]} with its name in every language to data/ui.yml."
        )
    band = config.extra.setdefault("band_helpline", "childline")
    if band not in helplines or not helplines[band].tel:
        raise PluginError(
            f"mkdocs.yml: extra.band_helpline {band!r} is not a helpline with a number in "
            "data/helplines.yml. Fix: use one of "
            + ", ".join(k for k, e in helplines.items() if e.tel)
            + "."
        )
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Say once per build (in the source-language pass) how many entries are due for
    re-checking: information only, so no build starts failing because the calendar moved on.
    ``sitekit coverage`` and the editors' page translation-status/ list them."""
    default = next(lang.locale for lang in config.plugins["i18n"].config.languages if lang.default)
    if config.theme["language"] != default:
        return
    try:
        max_age = data.max_age_days(config.extra)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    due = data.due_for_recheck(_state["helplines"], dt.date.today(), max_age)  # type: ignore[arg-type]
    if due:
        log.info(
            "%d helplines were last verified more than %d days ago: `sitekit coverage` and the "
            "editors' page translation-status/ list them for re-checking",
            len(due),
            max_age,
        )


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Replace ``<!-- helplines: … -->`` markers with cards from partials/helplines.html."""
    if "helplines:" not in markdown:
        return markdown
    lang = config.theme["language"]
    entries = config.extra["helplines"][lang]
    template = templates.environment(config.theme).get_template("partials/helplines.html")

    round_clock = [e for e in entries.values() if (e["open"] or {}).get("phone") == "always"]

    def render(ids: list[str]) -> str:
        return template.render(
            helplines=[entries[i] for i in ids],
            ui=config.extra["ui"],
            lang=lang,
            round_clock=round_clock,
        )

    name = f"docs/{page.file.src_uri}"
    try:
        return markers.expand(markdown, page=name, known=entries, render=render)
    except SiteDataError as exc:
        # Lines in the file, not in the Markdown after its front matter.
        line = exc.line + _front_matter_lines(page, markdown) if exc.line else None
        raise PluginError(str(SiteDataError(name, exc.problem, exc.fix, line))) from None


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines of the page's file come before ``markdown`` (its front matter)."""
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    body = markdown.lstrip("\n")
    start = source.find(body[:200])
    return source.count("\n", 0, start) - (len(markdown) - len(body)) if start > 0 else 0
