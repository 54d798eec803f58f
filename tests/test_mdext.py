"""The marker extensions (sitekit/mdext/) through plain Python-Markdown: no MkDocs, no hooks.

The page context is derived from the file path (docs/<lang>/…) and the site from mkdocs.yml, with
the templates read by a plain FileSystemLoader over overrides/, as another engine would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import markdown
import pytest
from conftest import ROOT

from sitekit import content_policy, lessons, pagecontext
from sitekit.errors import SiteDataError
from sitekit.mdext import helplines as helplines_ext
from sitekit.mdext import lessons as lessons_ext
from sitekit.pagecontext import PageContext, SiteContext

EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]


@pytest.fixture(autouse=True)
def _no_page_set_by_a_build():
    """A build in this process may have left its last page as the current one."""
    pagecontext.clear()
    yield
    pagecontext.clear()


@pytest.fixture(scope="module")
def site() -> SiteContext:
    return SiteContext.from_config(ROOT / "mkdocs.yml")


def convert(text: str, *, page: PageContext | None = None, path: str = "", **options) -> str:
    config = {"config_file": str(ROOT / "mkdocs.yml"), **options}
    if page is not None:
        config["page_context"] = page
    if path:
        config["page"] = path
    md = markdown.Markdown(
        extensions=[*EXTENSIONS, "sitekit.mdext.helplines", "sitekit.mdext.lessons"],
        extension_configs={
            "sitekit.mdext.helplines": config,
            "sitekit.mdext.lessons": config,
        },
    )
    return md.convert(text)


def test_helpline_cards_are_rendered_in_the_page_language() -> None:
    page = PageContext(language="ru", source="docs/ru/help.md")
    html = convert("# Помощь\n\n<!-- helplines: emergency childline -->\n\nТекст.\n", page=page)
    assert '<div class="helplines">' in html
    assert 'id="helpline-emergency"' in html and 'id="helpline-childline"' in html
    assert 'href="tel:116111"' in html
    assert "<!-- helplines" not in html
    assert "<p>Текст.</p>" in html


def test_round_clock_context_offers_the_always_open_lines(site: SiteContext) -> None:
    closed = [k for k, e in site.data.helplines.items() if e.tel and e.open and not e.open.always()]
    always = site.data.round_clock_entries("lv")
    assert closed and always, "the data has lines with hours and lines open day and night"
    page = PageContext(language="lv", source="docs/lv/help.md")
    html = convert(f"<!-- helplines: {closed[0]} -->\n", page=page)
    assert "data-open-alternatives" in html
    assert f'href="tel:{always[0]["tel"]}"' in html


def test_context_derived_from_the_file_path(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "uk").mkdir(parents=True)
    page = docs / "uk" / "help.md"
    page.write_text("---\ntitle: Допомога\n---\n\n# Допомога\n\n<!-- helplines: x -->\n", "utf-8")
    context = PageContext.from_path(page, docs)
    # The text converted is the file after its front matter: it starts with the blank line 4.
    assert (context.language, context.source, context.line_offset) == ("uk", "docs/uk/help.md", 3)
    assert context.meta == {"title": "Допомога"}
    assert context.url == "help/"


def test_unknown_id_names_the_file_and_the_line_in_the_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "lv").mkdir(parents=True)
    page = docs / "lv" / "help.md"
    front = "---\ntitle: Palīdzība\n---\n"
    page.write_text(
        f"{front}\n# P\n\nTeksts.\n\n<!-- helplines: emergency no-such-line -->\n", "utf-8"
    )
    with pytest.raises(SiteDataError) as error:
        convert(lessons.split_front_matter(page.read_text("utf-8"))[1], path=str(page))
    assert str(error.value).startswith("docs/lv/help.md:9: unknown helpline id no-such-line.")
    assert "add it to data/helplines.yml" in str(error.value)


def test_empty_marker_is_an_error() -> None:
    page = PageContext(language="lv", source="docs/lv/x.md", line_offset=2)
    with pytest.raises(SiteDataError, match=r"docs/lv/x.md:5: empty helplines marker"):
        convert("# X\n\n<!-- helplines: -->\n", page=page)


def test_the_engine_error_type_is_raised(site: SiteContext) -> None:
    class EngineError(Exception):
        pass

    engine_site = SiteContext(**{**site.__dict__, "error_type": EngineError})
    engine_site.__dict__.pop("catalog", None)
    page = PageContext(language="lv", source="docs/lv/x.md")
    with pytest.raises(EngineError, match="docs/lv/x.md:1: unknown helpline id nope"):
        convert("<!-- helplines: nope -->\n", page=page, site_context=engine_site)


def test_stray_markers_are_still_caught_on_the_rendered_page() -> None:
    page = PageContext(language="lv", source="docs/lv/x.md")
    source = "# X\n\nText <!-- helplines: emergency --> inline.\n\n<!-- helpline: emergency -->\n"
    html = convert(source, page=page)
    problems = content_policy.check_page(html, source=source, path="docs/lv/x.md")
    assert len([p for p in problems if "was not expanded" in p]) == 2, problems


def test_a_page_without_markers_is_unchanged_without_any_context() -> None:
    plain = markdown.markdown("# T\n\nText.\n", extensions=EXTENSIONS)
    assert convert("# T\n\nText.\n") == plain


def test_a_marker_without_a_page_is_a_clear_error() -> None:
    with pytest.raises(SiteDataError, match="do not know which page"):
        convert("<!-- helplines: emergency -->\n")


def test_lesson_gets_its_facts_under_the_title() -> None:
    path = ROOT / "docs/en/teachers/lesson-13-15.md"
    html = convert(lessons.split_front_matter(path.read_text("utf-8"))[1], path=str(path))
    head, _, rest = html.partition("</h1>")
    assert head.startswith("<h1")
    facts = rest.lstrip().split("\n", 1)[0]
    assert facts == '<div class="lesson-facts">'
    assert "<!-- lesson-downloads -->" in rest
    duration = re.search(r"^  duration: (\d+)$", path.read_text("utf-8"), re.MULTILINE)
    assert duration and re.search(rf"<dd>{duration.group(1)}&nbsp;\w+</dd>", rest)


def test_lesson_missing_a_section_names_the_file(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(ROOT / "docs/lv/teachers", root / "docs/lv/teachers")
    page = root / "docs/lv/teachers/lesson-10-12.md"
    text = page.read_text("utf-8")
    page.write_text(re.sub(r"^## Avoti$", "## Citi avoti", text, flags=re.MULTILINE), "utf-8")
    with pytest.raises(SiteDataError, match=r"lesson-10-12.md.*'## Avoti' is missing"):
        convert(lessons.split_front_matter(page.read_text("utf-8"))[1], path=str(page))


def test_lessons_index_lists_the_lessons_with_links() -> None:
    path = ROOT / "docs/lv/teachers/index.md"
    html = convert(lessons.split_front_matter(path.read_text("utf-8"))[1], path=str(path))
    links = re.findall(
        r'<li class="lessons-index__item" data-lesson="([^"]+)">\s*<a href="([^"]+)"', html
    )
    catalog = SiteContext.from_config(ROOT / "mkdocs.yml").catalog
    found = [lessons.read_lesson(p, catalog) for p in sorted(path.parent.glob("*.md"))]
    slugs = sorted(lesson.slug for lesson in found if lesson is not None)
    assert len(slugs) >= 3
    assert sorted(slug for slug, _ in links) == slugs
    stems = {f"{lesson.path.stem}/" for lesson in found if lesson is not None}
    assert {href for _, href in links} == stems
    assert "<!-- lessons-index -->" not in html


def test_extensions_are_listed_in_mkdocs_yml() -> None:
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    for module in (helplines_ext, lessons_ext):
        assert f"  - {module.__name__}\n" in text


def test_duplicate_front_matter_key_is_an_error_naming_the_file(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "lv" / "x.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ntitle: A\ntitle: B\n---\n\n# X\n", "utf-8")
    with pytest.raises(SiteDataError, match=r"^docs/lv/x.md:3: duplicate key .title."):
        PageContext.from_path(page, tmp_path / "docs")
