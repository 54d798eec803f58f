"""Lesson pages and the teachers' index.

On a page with ``lesson:`` front matter: checks the lesson (metadata and required sections, in
the file's language) and puts its facts (age band, duration, topics: partials/lesson-facts.html,
ending in the ``<!-- lesson-downloads -->`` placeholder) under the title. ``<!-- lessons-index
-->`` becomes the index of the lessons a reader of the page's language sees
(partials/lessons-index.html). Errors name the file and line (``sitekit.lessons``).
"""

from __future__ import annotations

import re
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor

from sitekit import lessons
from sitekit.errors import SiteDataError
from sitekit.mdext.base import LESSONS_PRIORITY, MarkerExtension
from sitekit.pagecontext import LESSONS_FOLDER, PageContext, SiteContext

H1_RE = re.compile(r"^#[ \t]+\S.*$", re.MULTILINE)


def _compact(html: str) -> str:
    return "\n".join(row for row in html.splitlines() if row.strip())


def add_facts(text: str, page: PageContext, site: SiteContext) -> str:
    """Check the lesson on ``page`` and put its facts under the first H1."""
    if page.path is None:
        raise SiteDataError(page.source, "a lesson page needs its file", "give page= the file")
    catalog = site.catalog
    lesson = lessons.read_lesson(page.path, catalog, page=page.source)
    if lesson is None:
        raise SiteDataError(page.source, "no lesson: block in the file's front matter", "")
    lessons.check_sections(lesson, catalog, page.lang_of_file, page=page.source)
    lessons.check_timings(
        lesson,
        catalog,
        page.lang_of_file,
        markdown=page.path.read_text(encoding="utf-8"),
        page=page.source,
    )
    html = site.env.get_template("partials/lesson-facts.html").render(
        facts=lessons.facts(lesson, catalog, page.language), ui=site.data.ui, lang=page.language
    )
    match = H1_RE.search(text)
    at = match.end() if match else 0
    return f"{text[:at]}\n\n{_compact(html)}\n\n{text[at:]}"


def expand_index(text: str, page: PageContext, site: SiteContext) -> str:
    """Replace ``<!-- lessons-index -->`` with the lessons of the page's language."""
    catalog = site.catalog
    found = lessons.collect(
        site.docs_dir, LESSONS_FOLDER, page.language, site.default_language, catalog
    )

    def url_for(lesson: lessons.Lesson) -> str:
        url = page.link_to(f"{LESSONS_FOLDER}/{lesson.path.name}")
        if url is None:
            raise SiteDataError(lesson.path, "the lesson is not part of the build", "")
        return url

    index = lessons.index_model(found, catalog, page.language, url_for)
    template = site.env.get_template("partials/lessons-index.html")
    text, _ = lessons.expand_index(
        text, lambda: template.render(index=index, ui=site.data.ui, lang=page.language)
    )
    return text


class LessonsPreprocessor(Preprocessor):
    def __init__(self, md: Markdown, extension: LessonsExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if "lessons-index" not in text:
            page = self.extension.known_page()
            if page is None or page.meta.get("lesson") is None:
                return lines  # not a lesson (a page without front matter cannot be one)
        page, site = self.extension.contexts()
        try:
            if page.meta.get("lesson") is not None:
                text = add_facts(text, page, site)
            if "lessons-index" in text:
                text = expand_index(text, page, site)
        except SiteDataError as exc:
            raise site.error(exc) from None
        return text.split("\n")


class LessonsExtension(MarkerExtension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.preprocessors.register(LessonsPreprocessor(md, self), "lessons", LESSONS_PRIORITY)


def makeExtension(**kwargs: Any) -> LessonsExtension:  # noqa: N802 (Python-Markdown's name)
    return LessonsExtension(**kwargs)
