"""MkDocs hook: the lessons catalogue (data/lessons.yml) and the lessons' metadata across
translations, checked once per build.

Thin adapter over ``sitekit.lessons``. The lesson pages themselves (sections checked, facts under
the title, ``<!-- lessons-index -->``) are the Markdown extension ``sitekit.mdext.lessons``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from sitekit import lessons
from sitekit.errors import SiteDataError
from sitekit.pagecontext import LESSONS_FOLDER

log = logging.getLogger("mkdocs.plugins.lessons")

FOLDER = LESSONS_FOLDER

_state: dict[str, object] = {}


def _i18n(config: MkDocsConfig) -> tuple[tuple[str, ...], str]:
    languages = config.plugins["i18n"].config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return tuple(lang.locale for lang in languages), default


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Load and validate data/lessons.yml (every build, so ``mkdocs serve`` sees edits)."""
    root = Path(config.config_file_path).parent
    langs, _ = _i18n(config)
    path = root / config.extra.get("data_dir", "data") / "lessons.yml"
    try:
        _state["catalog"] = lessons.load_catalog(path, langs)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """Once per build (source-language pass): translations must keep the lessons' metadata."""
    langs, default = _i18n(config)
    if config.theme["language"] != default:
        return
    catalog: lessons.Catalog = _state["catalog"]  # type: ignore[assignment]
    try:
        problems = lessons.metadata_mismatches(
            Path(config.docs_dir), FOLDER, langs, default, catalog
        )
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    for problem in problems:
        log.warning(problem)
