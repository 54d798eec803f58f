"""MkDocs hook: lesson metadata. Validates every lesson page (front matter and required
sections), shows its age band, duration and topics under the title, and replaces
``<!-- lessons-index -->`` with the teachers' index generated from the lessons' front matter.

Thin adapter over ``sitekit.lessons``; templates: partials/lesson-facts.html, lessons-index.html.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path, PurePosixPath

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitekit import lessons, templates
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.lessons")

FOLDER = "teachers"  # docs/<lang>/teachers/: the lessons and their index
H1_RE = re.compile(r"^#[ \t]+\S.*$", re.MULTILINE)

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


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Check a lesson and add its facts under the title; expand the lessons-index marker."""
    catalog: lessons.Catalog = _state["catalog"]  # type: ignore[assignment]
    lang = config.theme["language"]
    ui = config.extra["ui"]
    env = templates.environment(config.theme)
    name = f"docs/{page.file.src_uri}"
    try:
        if page.meta.get("lesson") is not None:
            lesson = lessons.read_lesson(page.file.abs_src_path, catalog, page=name)
            assert lesson is not None
            file_lang = getattr(page.file, "locale", lang)
            lessons.check_sections(lesson, catalog, file_lang, page=name)
            lessons.check_timings(
                lesson, catalog, file_lang, markdown=page.file.content_string, page=name
            )
            html = env.get_template("partials/lesson-facts.html").render(
                facts=lessons.facts(lesson, catalog, lang), ui=ui, lang=lang
            )
            html = "\n".join(row for row in html.splitlines() if row.strip())
            match = H1_RE.search(markdown)
            at = match.end() if match else 0
            markdown = f"{markdown[:at]}\n\n{html}\n\n{markdown[at:]}"
        if "lessons-index" in markdown:
            _, default = _i18n(config)
            found = lessons.collect(Path(config.docs_dir), FOLDER, lang, default, catalog)

            def url_for(lesson: lessons.Lesson) -> str:
                file = files.get_file_from_path(str(PurePosixPath(FOLDER, lesson.path.name)))
                if file is None:
                    raise SiteDataError(lesson.path, "the lesson is not part of the build", "")
                return get_relative_url(file.url, page.url)

            index = lessons.index_model(found, catalog, lang, url_for)
            template = env.get_template("partials/lessons-index.html")
            markdown, count = lessons.expand_index(
                markdown, lambda: template.render(index=index, ui=ui, lang=lang)
            )
            if count:
                log.debug("%s: index of %d lessons", name, len(index["lessons"]))
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    return markdown
