"""Lesson plans: metadata validation, required sections in every language, the generated index."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import DEFAULT_LANG, LANGS, ROOT, mkdocs_build
from lesson_fixtures import catalog, lesson_markdown, make_site

from sitekit import lessons
from sitekit.errors import SiteDataError

TEACHERS = ROOT / "docs" / DEFAULT_LANG / "teachers"


def source_lessons() -> dict[str, lessons.Lesson]:
    return lessons.find_lessons(TEACHERS, catalog())


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "lesson-x.md"
    path.write_text(text, "utf-8")
    return path


# --- data/lessons.yml ------------------------------------------------------------------------


def test_catalog_has_the_age_bands_topics_and_sections_of_the_issue() -> None:
    cat = catalog()
    assert list(cat.age_bands) == ["10-12", "13-15", "16-18", "parents", "professionals"]
    assert set(cat.topics) == {"grooming", "job-offers", "partner-method", "sextortion"}
    keys = [s.key for s in cat.sections]
    assert keys[-2:] == ["help", "sources"]  # every page ends with help, then sources
    for key in ("objectives", "materials", "plan", "cards", "questions", "worksheet", "follow-up"):
        assert key in keys
    assert {s.key for s in cat.sections if s.handout} == {"cards", "worksheet", "help"}


def test_catalog_without_a_language_is_an_error(tmp_path: Path) -> None:
    text = (ROOT / "data/lessons.yml").read_text("utf-8").replace("    en: Ages 10–12\n", "", 1)
    path = tmp_path / "lessons.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(SiteDataError, match="age_bands '10-12' has no text for en"):
        lessons.load_catalog(path, LANGS)


# --- lesson metadata ------------------------------------------------------------------------


def test_valid_lesson_is_read(tmp_path: Path) -> None:
    lesson = lessons.read_lesson(write(tmp_path, lesson_markdown("lv", "lesson-a")), catalog())
    assert lesson is not None
    assert (lesson.age_band, lesson.duration, lesson.topics) == (
        "13-15",
        40,
        ("grooming", "sextortion"),
    )
    assert lesson.title == "Ģimene, ķēde un ūdens: pārbaude"


def test_page_without_lesson_key_is_not_a_lesson(tmp_path: Path) -> None:
    path = write(tmp_path, "---\ntitle: Guide\n---\n\n# Guide\n")
    assert lessons.read_lesson(path, catalog()) is None


def test_unknown_age_band_names_file_line_and_fix(tmp_path: Path) -> None:
    meta = 'lesson:\n  age_band: "9-11"\n  duration: 40\n  topics: [grooming]\n'
    path = write(tmp_path, lesson_markdown("lv", "lesson-a", meta=meta))
    with pytest.raises(SiteDataError) as error:
        lessons.read_lesson(path, catalog(), page="docs/lv/teachers/lesson-x.md")
    message = str(error.value)
    # Line 1 is "---", 2 title, 3 description, 4 "lesson:", 5 age_band.
    assert message.startswith("docs/lv/teachers/lesson-x.md:5: unknown age band '9-11'")
    assert "Fix: use one of 10-12, 13-15, 16-18, parents, professionals" in message


def test_missing_duration_names_file_line_and_fix(tmp_path: Path) -> None:
    meta = 'lesson:\n  age_band: "13-15"\n  topics: [grooming]\n'
    path = write(tmp_path, lesson_markdown("lv", "lesson-a", meta=meta))
    with pytest.raises(SiteDataError) as error:
        lessons.read_lesson(path, catalog(), page="lesson-x.md")
    assert str(error.value) == (
        "lesson-x.md:4: lesson has no duration. "
        "Fix: add duration: the length in minutes, e.g. duration: 40"
    )


GOOD = {"age_band": '"13-15"', "duration": "40", "topics": "[grooming]"}


def meta(**fields: str | None) -> str:
    """A lesson: block from GOOD with ``fields`` changed (None drops a field)."""
    merged = {**GOOD, **fields}
    return "lesson:\n" + "".join(f"  {k}: {v}\n" for k, v in merged.items() if v is not None)


@pytest.mark.parametrize(
    ("meta", "problem"),
    [
        (meta(duration="40 min"), ":6: duration '40 min' is not a number"),
        (meta(duration="4000"), ":6: duration 4000 is outside"),
        (meta(topics="[dating]"), ":7: unknown topic dating"),
        (meta(topics=None), ":4: lesson has no topics list"),
        (meta(age_band=None), ":4: lesson has no age_band"),
        (meta(level="2"), ":8: unknown lesson key level"),
        ("lesson: 13-15\n", ":4: 'lesson:' must be a mapping"),
    ],
)
def test_bad_metadata_is_a_clear_error(tmp_path: Path, meta: str, problem: str) -> None:
    path = write(tmp_path, lesson_markdown("lv", "lesson-a", meta=meta))
    with pytest.raises(SiteDataError) as error:
        lessons.read_lesson(path, catalog(), page="lesson-x.md")
    assert f"lesson-x.md{problem}" in str(error.value)
    assert "Fix: " in str(error.value)


# --- required sections -----------------------------------------------------------------------


def test_missing_section_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, lesson_markdown("lv", "lesson-a", drop="Darba lapa"))
    lesson = lessons.read_lesson(path, catalog())
    assert lesson is not None
    with pytest.raises(
        SiteDataError, match=r"section '## Darba lapa' is missing.*after '## Jautājumi pārrunām'"
    ):
        lessons.check_sections(lesson, catalog(), "lv")  # fmt: skip


def test_sections_out_of_order_are_an_error(tmp_path: Path) -> None:
    text = lesson_markdown("lv", "lesson-a")
    text = text.replace("## Materiāli", "## TMP").replace("## Mācību mērķi", "## Materiāli")
    text = text.replace("## TMP", "## Mācību mērķi")
    lesson = lessons.read_lesson(write(tmp_path, text), catalog())
    assert lesson is not None
    with pytest.raises(SiteDataError, match="comes before"):
        lessons.check_sections(lesson, catalog(), "lv")


def test_headings_in_code_blocks_do_not_count(tmp_path: Path) -> None:
    text = lesson_markdown("lv", "lesson-a", drop="Avoti") + "\n```\n## Avoti\n```\n"
    lesson = lessons.read_lesson(write(tmp_path, text), catalog())
    assert lesson is not None
    with pytest.raises(SiteDataError, match="'## Avoti' is missing"):
        lessons.check_sections(lesson, catalog(), "lv")


def test_the_site_has_the_lessons_of_the_issue() -> None:
    found = source_lessons()
    bands = {lesson.age_band for lesson in found.values()}
    assert {"10-12", "13-15", "16-18", "parents", "professionals"} <= bands
    # School lessons are 40-minute periods; 13-15 is two of them (issue 15: honest timings).
    periods = {"10-12": 40, "13-15": 80, "16-18": 40}
    for lesson in found.values():
        if lesson.age_band in periods:
            assert lesson.duration == periods[lesson.age_band], lesson.path


@pytest.mark.parametrize("lang", LANGS)
def test_every_lesson_has_every_section_in_every_language(lang: str) -> None:
    cat = catalog()
    assert source_lessons(), "no lessons found in docs/lv/teachers"
    for slug, original in source_lessons().items():
        path = ROOT / "docs" / lang / "teachers" / f"{slug}.md"
        assert path.is_file(), f"{slug} has no {lang} translation"
        lesson = lessons.read_lesson(path, cat)
        assert lesson is not None, f"{path} lost its lesson: front matter"
        lessons.check_sections(lesson, cat, lang)
        assert lesson.metadata() == original.metadata(), path
        text = path.read_text("utf-8")
        help_section = text.split(f"## {cat.sections[-2].titles[lang]}", 1)[1]
        assert re.search(r"<!-- helplines: [a-z0-9 -]+-->", help_section), path
        assert re.search(r"^# .+", text, re.M), path


def test_translations_agree_on_metadata() -> None:
    cat = catalog()
    assert lessons.metadata_mismatches(ROOT / "docs", "teachers", LANGS, DEFAULT_LANG, cat) == []


# --- the generated index ---------------------------------------------------------------------


class IndexPage(HTMLParser):
    """The lessons an index page lists, by age band and by topic."""

    def __init__(self) -> None:
        super().__init__()
        self.by_age: list[str] = []
        self.by_topic: list[str] = []
        self.links: dict[str, str] = {}
        self._current: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "li" and a.get("data-lesson"):
            self._current = a["data-lesson"]
            target = (
                self.by_age if "lessons-index__item" in (a.get("class") or "") else self.by_topic
            )
            target.append(self._current)
        elif tag == "a" and self._current and self._current not in self.links:
            self.links[self._current] = a.get("href") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "li":
            self._current = None


def index_of(path: Path) -> IndexPage:
    page = IndexPage()
    page.feed(path.read_text("utf-8"))
    return page


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("lessons")
    config = make_site(root)
    out = root / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, out


def test_fixture_index_lists_exactly_its_lessons(fixture_site: tuple[Path, Path]) -> None:
    _, out = fixture_site
    for index in (out / "teachers/index.html", out / "en/teachers/index.html"):
        page = index_of(index)
        assert sorted(page.by_age) == ["lesson-a", "lesson-b"]
        # by topic: lesson-a has two topics, lesson-b one
        assert sorted(page.by_topic) == ["lesson-a", "lesson-a", "lesson-b"]
        for href in page.links.values():
            assert (index.parent / href / "index.html").is_file(), href
    assert "Ģimene, ķēde un ūdens: pārbaude" in (out / "teachers/index.html").read_text("utf-8")
    assert "Lesson A: checking offers" in (out / "en/teachers/index.html").read_text("utf-8")


def test_fixture_lesson_shows_its_facts(fixture_site: tuple[Path, Path]) -> None:
    _, out = fixture_site
    html = (out / "en/teachers/lesson-b/index.html").read_text("utf-8")
    assert "<dt>Duration</dt><dd>30&nbsp;min</dd>" in html
    assert "Parents&#39; meeting" in html or "Parents' meeting" in html
    assert 'class="lesson-downloads"' not in html  # downloads are off in this fixture


def test_index_follows_a_new_lesson(fixture_site: tuple[Path, Path], tmp_path: Path) -> None:
    root, _ = fixture_site
    (root / "docs/lv/teachers/lesson-b.md").rename(root / "docs/lv/teachers/lesson-c.md")
    (root / "docs/en/teachers/lesson-b.md").unlink()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("teachers/lesson-b.md", "teachers/lesson-c.md"), "utf-8"
    )
    try:
        result = mkdocs_build(config, tmp_path / "site")
        assert result.returncode == 0, result.stdout + result.stderr
        assert sorted(index_of(tmp_path / "site/teachers/index.html").by_age) == [
            "lesson-a",
            "lesson-c",
        ]
        # en has no lesson-c: the index still lists the (Latvian) fallback page
        assert sorted(index_of(tmp_path / "site/en/teachers/index.html").by_age) == [
            "lesson-a",
            "lesson-c",
        ]
    finally:
        (root / "docs/lv/teachers/lesson-c.md").rename(root / "docs/lv/teachers/lesson-b.md")
        (root / "docs/en/teachers/lesson-b.md").write_text(
            lesson_markdown("en", "lesson-b"), "utf-8"
        )
        config.write_text(
            config.read_text("utf-8").replace("teachers/lesson-c.md", "teachers/lesson-b.md"),
            "utf-8",
        )


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        (
            'lesson:\n  age_band: "19-21"\n  duration: 40\n  topics: [grooming]\n',
            "docs/lv/teachers/lesson-a.md:5: unknown age band '19-21'. Fix: use one of",
        ),
        (
            'lesson:\n  age_band: "13-15"\n  topics: [grooming]\n',
            "docs/lv/teachers/lesson-a.md:4: lesson has no duration. Fix: add duration:",
        ),
    ],
)
def test_bad_metadata_fails_the_build(tmp_path: Path, meta: str, expected: str) -> None:
    config = make_site(tmp_path)
    (tmp_path / "docs/lv/teachers/lesson-a.md").write_text(
        lesson_markdown("lv", "lesson-a", meta=meta), "utf-8"
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr


def test_missing_section_fails_the_build(tmp_path: Path) -> None:
    config = make_site(tmp_path)
    (tmp_path / "docs/en/teachers/lesson-b.md").write_text(
        lesson_markdown("en", "lesson-b", drop="Worksheet"), "utf-8"
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "docs/en/teachers/lesson-b.md:" in result.stdout + result.stderr
    assert "section '## Worksheet' is missing" in result.stdout + result.stderr


def test_translation_with_other_metadata_is_a_warning(tmp_path: Path) -> None:
    config = make_site(tmp_path)
    meta = "lesson:\n  age_band: parents\n  duration: 45\n  topics: [job-offers]\n"
    (tmp_path / "docs/en/teachers/lesson-b.md").write_text(
        lesson_markdown("en", "lesson-b", meta=meta), "utf-8"
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0  # --strict
    assert "lesson-b.md: lesson metadata" in result.stdout + result.stderr


# --- the real site ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_real_index_lists_exactly_the_lessons_that_exist(site_dir: Path, lang: str) -> None:
    prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
    index = site_dir / prefix / "teachers/index.html"
    page = index_of(index)
    expected = sorted(source_lessons())
    assert sorted(page.by_age) == expected
    assert sorted(set(page.by_topic)) == expected
    for slug, href in page.links.items():
        assert (index.parent / href / "index.html").is_file(), (slug, href)
