"""Helpline cards speak to the page's reader: front matter ``audience`` (sitekit/audience.py).

``young`` (the default) shows ``when``; ``adults`` shows ``when_adults``, and an adults' page
naming an entry without it fails, never falling back to the young reader's wording. Hostile or
mistaken values (unknown audience, not text, HTML in the texts, wrong languages) are errors or
escaped output.
"""

from __future__ import annotations

import html as htmllib
import re
import zipfile
from pathlib import Path

import markdown
import pytest
from conftest import LANGS, ROOT
from test_hostile_data import TODAY, edited

from sitekit import audience, data, lessons, pagecontext, template_data
from sitekit.errors import SiteDataError
from sitekit.kits import handouts
from sitekit.pagecontext import PageContext, SiteContext

HELPLINES = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
DOCS = ROOT / "docs"
# Pages for parents, teachers and professionals (parents*.md and platforms/ are set elsewhere).
ADULT_PAGES = (
    "professionals.md",
    "threatened-parents.md",
    "teachers/guide.md",
    "teachers/incident-plan.md",
    "teachers/index.md",
    "teachers/parents-meeting.md",
    "teachers/professionals-module.md",
)
CHILDLINE_YOUNG = "Ja tev vēl nav 18 gadu"
CHILDLINE_ADULTS = "Pastāstiet bērniem par šo numuru."


@pytest.fixture(autouse=True)
def _no_page_set_by_a_build():
    """A build in this process may have left its last page as the current one."""
    pagecontext.clear()
    yield
    pagecontext.clear()


@pytest.fixture(scope="module")
def site() -> SiteContext:
    return SiteContext.from_config(ROOT / "mkdocs.yml")


def with_helplines(site: SiteContext, text: str, tmp_path: Path) -> SiteContext:
    """``site`` with data/helplines.yml replaced by ``text``."""
    path = tmp_path / "helplines.yml"
    path.write_text(text, "utf-8")
    found = template_data.TemplateData(
        helplines=data.load_helplines(path, LANGS, today=TODAY),
        ui=site.data.ui,
        languages=site.data.languages,
        band_helpline=site.data.band_helpline,
    )
    fresh = SiteContext(**{**site.__dict__, "data": found})
    fresh.__dict__.pop("catalog", None)
    return fresh


def convert(text: str, page: PageContext, site: SiteContext) -> str:
    config = {"page_context": page, "site_context": site}
    md = markdown.Markdown(
        extensions=["md_in_html", "sitekit.mdext.helplines"],
        extension_configs={"sitekit.mdext.helplines": config},
    )
    return md.convert(text)


def page(meta: dict, lang: str = "lv", source: str = "docs/lv/x.md") -> PageContext:
    return PageContext(language=lang, source=source, meta=meta, line_offset=3)


def when_texts(html: str) -> list[str]:
    return [htmllib.unescape(t) for t in re.findall(r'helpline__when">([^<]*)<', html)]


def without_when_adults(text: str, helpline_id: str) -> str:
    """``text`` with the ``when_adults`` block of one entry removed."""
    start = text.index(f"  - id: {helpline_id}\n")
    block = text.index("    when_adults:\n", start)
    end = text.index("\n    ", text.index("      en:", block)) + 1
    return text[:block] + text[end:]


# --- the card under each audience ----------------------------------------------------------------


@pytest.mark.parametrize("meta", [{}, {"audience": "young"}])
def test_a_young_readers_page_shows_when(site: SiteContext, meta: dict) -> None:
    html = convert("<!-- helplines: childline -->\n", page(meta), site)
    assert when_texts(html) == [site.data.helplines["childline"].text("when", "lv")]
    assert CHILDLINE_YOUNG in html and CHILDLINE_ADULTS not in html


@pytest.mark.parametrize("lang", LANGS)
def test_an_adults_page_shows_when_adults_in_its_language(site: SiteContext, lang: str) -> None:
    ids = list(site.data.helplines)
    html = convert(
        f"<!-- helplines: {' '.join(ids)} -->\n", page({"audience": "adults"}, lang), site
    )
    expected = [site.data.helplines[i].text("when_adults", lang) for i in ids]
    assert when_texts(html) == expected
    young = site.data.helplines["childline"].text("when", lang)
    assert young not in when_texts(html)


def test_the_adult_wording_differs_where_the_young_one_says_tu() -> None:
    found = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    young_address = {
        "lv": r"\b(tev|tu|tevi)\b",
        "ru": r"\b(тебе|тебя|ты)\b",
        "uk": r"\b(тобі|тебе|ти)\b",
    }
    for entry in found.values():
        assert "when_adults" in entry.texts, f"{entry.id} has no when_adults"
        for lang, pattern in young_address.items():
            text = entry.text("when_adults", lang)
            assert not re.search(pattern, text, re.IGNORECASE), f"{entry.id} {lang}: {text}"


# --- no silent fallback --------------------------------------------------------------------------


def test_an_adults_page_naming_an_entry_without_when_adults_fails(
    site: SiteContext, tmp_path: Path
) -> None:
    bare = with_helplines(site, without_when_adults(HELPLINES, "childline"), tmp_path)
    assert bare.data.entries("lv")["childline"]["when_adults"] is None
    with pytest.raises(SiteDataError) as error:
        convert(
            "# X\n\n<!-- helplines: emergency childline -->\n", page({"audience": "adults"}), bare
        )
    message = str(error.value)
    assert message.startswith("docs/lv/x.md:6: this page has audience: adults")
    assert "helpline 'childline' has no when_adults" in message
    assert "add when_adults: with lv, ru, uk and en texts" in message
    # The same entry on a young reader's page is fine.
    assert CHILDLINE_YOUNG in convert("<!-- helplines: childline -->\n", page({}), bare)


def test_the_engine_error_type_is_raised_for_a_missing_when_adults(
    site: SiteContext, tmp_path: Path
) -> None:
    class EngineError(Exception):
        pass

    bare = with_helplines(site, without_when_adults(HELPLINES, "emergency"), tmp_path)
    bare.error_type = EngineError
    with pytest.raises(EngineError, match="helpline 'emergency' has no when_adults"):
        convert("<!-- helplines: emergency -->\n", page({"audience": "adults"}), bare)


def test_the_handouts_help_card_follows_the_audience(site: SiteContext, tmp_path: Path) -> None:
    entries = site.data.entries("ru")
    young = handouts.card_context("T", ["childline"], entries)
    adults = handouts.card_context("T", ["childline"], entries, audience.ADULTS, "docs/ru/p.md")
    assert young["lines"][0]["when"] == entries["childline"]["when"]
    assert adults["lines"][0]["when"] == entries["childline"]["when_adults"]
    assert (
        handouts.card_lines(["childline"], entries, audience.ADULTS)[0].when
        == (entries["childline"]["when_adults"])
    )
    bare = with_helplines(site, without_when_adults(HELPLINES, "childline"), tmp_path)
    with pytest.raises(SiteDataError, match=r"^docs/ru/p.md: .*'childline' has no when_adults"):
        handouts.card_context("T", ["childline"], bare.data.entries("ru"), "adults", "docs/ru/p.md")


# --- the audience value --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("adult", "unknown audience 'adult'"),
        ("Adults", "unknown audience 'Adults'"),
        ("", "unknown audience ''"),
        (["adults"], "audience ['adults'] (list) is not text"),
        (True, "audience True (bool) is not text"),
        (None, "audience None (NoneType) is not text"),
        ({"lv": "adults"}, "(dict) is not text"),
    ],
)
def test_a_bad_audience_is_an_error_naming_the_allowed_values(
    site: SiteContext, value: object, problem: str
) -> None:
    with pytest.raises(SiteDataError) as error:
        convert("# X\n\n<!-- helplines: emergency -->\n", page({"audience": value}), site)
    message = str(error.value)
    assert message.startswith("docs/lv/x.md"), message
    assert problem in message
    assert "allowed: young, adults" in message


def test_a_bad_audience_fails_on_a_page_without_cards_too(site: SiteContext) -> None:
    with pytest.raises(SiteDataError, match="unknown audience 'grown-ups'"):
        convert("# X\n\nText.\n", page({"audience": "grown-ups"}), site)


def test_a_bad_audience_names_the_line_in_the_file(site: SiteContext, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "lv").mkdir(parents=True)
    path = docs / "lv" / "x.md"
    path.write_text("---\ntitle: X\naudience: parents\n---\n\n# X\n", "utf-8")
    context = PageContext.from_path(path, docs)
    with pytest.raises(SiteDataError) as error:
        convert(lessons.split_front_matter(path.read_text("utf-8"))[1], context, site)
    assert str(error.value).startswith("docs/lv/x.md:3: unknown audience 'parents'.")


def test_the_engine_error_type_is_raised_for_a_bad_audience(site: SiteContext) -> None:
    class EngineError(Exception):
        pass

    engine_site = SiteContext(**{**site.__dict__, "error_type": EngineError})
    engine_site.__dict__.pop("catalog", None)
    with pytest.raises(EngineError, match="unknown audience 'kids'"):
        convert("# X\n", page({"audience": "kids"}), engine_site)


# --- hostile data --------------------------------------------------------------------------------


def test_html_in_when_adults_is_escaped(site: SiteContext, tmp_path: Path) -> None:
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> & "q"'
    text = edited(
        HELPLINES,
        '      lv: "Ja bērnam, jums vai kādam citam draud briesmas tieši tagad."',
        "      lv: '" + hostile + "'",
    )
    html = convert(
        "<!-- helplines: emergency -->\n",
        page({"audience": "adults"}),
        with_helplines(site, text, tmp_path),
    )
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert when_texts(html) == [hostile]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (  # not text
            '      lv: "Ja bērnam, jums vai kādam citam draud briesmas tieši tagad."',
            "      lv: 112",
            "when_adults: the lv text is the number 112, not text",
        ),
        (  # a language missing
            '      uk: "Якщо дитині, вам або комусь іншому просто зараз загрожує небезпека."\n',
            "",
            "when_adults has no text for uk",
        ),
        (  # a language the site does not have
            '      en: "If a child, you or anyone else is in danger right now."',
            '      en: "If a child, you or anyone else is in danger right now."\n'
            '      de: "Gefahr"',
            "when_adults has unknown language de",
        ),
        (  # a misspelt language key
            '      ru: "Если ребёнку, вам',
            '      rus: "Если ребёнку, вам',
            "when_adults has no text for ru",
        ),
        (  # empty
            '      lv: "Ja bērnam, jums vai kādam citam draud briesmas tieši tagad."',
            "      lv: ''",
            "when_adults has no text for lv",
        ),
        (  # a hidden direction override
            '      lv: "Ja bērnam, jums',
            '      lv: "Ja \u202ebērnam, jums',
            "invisible character U+202E",
        ),
    ],
)
def test_a_bad_when_adults_is_an_error_naming_the_file_and_line(
    tmp_path: Path, old: str, new: str, problem: str
) -> None:
    path = tmp_path / "helplines.yml"
    path.write_text(edited(HELPLINES, old, new), "utf-8")
    with pytest.raises(SiteDataError) as error:
        data.load_helplines(path, LANGS, today=TODAY)
    message = str(error.value)
    assert problem in message, message
    assert re.match(rf"^{re.escape(str(path))}:\d+: helpline 'emergency'", message), message


@pytest.mark.parametrize(
    ("value", "problem"),
    [("[a, b]", "not a list"), ('"Ja bērnam…"', "not str"), ("", "not empty")],
)
def test_when_adults_must_be_a_mapping_of_languages(
    tmp_path: Path, value: str, problem: str
) -> None:
    text = without_when_adults(HELPLINES, "emergency")
    text = edited(
        text,
        "    hours:\n      lv: Visu diennakti",
        f"    when_adults: {value}\n    hours:\n      lv: Visu diennakti",
    )
    path = tmp_path / "helplines.yml"
    path.write_text(text, "utf-8")
    with pytest.raises(SiteDataError) as error:
        data.load_helplines(path, LANGS, today=TODAY)
    message = str(error.value)
    assert (
        f"helpline 'emergency': when_adults must map each language to a text, {problem}" in message
    )
    assert f":{text.count(chr(10), 0, text.index('when_adults:')) + 1}: " in message


# --- the pages -----------------------------------------------------------------------------------


def _meta(path: Path) -> dict:
    return PageContext.from_path(path, DOCS).meta


@pytest.mark.parametrize("name", ADULT_PAGES)
def test_the_adults_pages_say_so_in_every_language(name: str) -> None:
    for lang in LANGS:
        path = DOCS / lang / name
        assert audience.of_page(_meta(path), str(path)) == "adults", f"{lang}/{name}"


def test_every_translation_has_its_sources_audience() -> None:
    checked = 0
    for source in sorted((DOCS / "lv").rglob("*.md")):
        expected = audience.of_page(_meta(source), str(source))
        for lang in LANGS[1:]:
            translation = DOCS / lang / source.relative_to(DOCS / "lv")
            if translation.exists():
                found = audience.of_page(_meta(translation), str(translation))
                assert found == expected, f"{translation}: audience {found}, source {expected}"
                checked += 1
    assert checked > 50


def test_the_built_adults_pages_show_the_adult_wording(site_dir: Path) -> None:
    found = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    for lang in LANGS:
        prefix = "" if lang == "lv" else f"{lang}/"
        for name in ADULT_PAGES:
            built = site_dir / prefix / name.removesuffix(".md").removesuffix("index")
            html = (built / "index.html").read_text("utf-8")
            ids = re.findall(r'<section class="helpline"[^>]*id="helpline-([a-z0-9-]+)"', html)
            assert ids, f"{lang}/{name} has no cards"
            expected = [found[i].text("when_adults", lang) for i in ids]
            assert when_texts(html) == expected, f"{lang}/{name}"
    young = (site_dir / "help/index.html").read_text("utf-8")
    assert CHILDLINE_YOUNG in young and CHILDLINE_ADULTS not in young
    adults = (site_dir / "en/threatened-parents/index.html").read_text("utf-8")
    assert "If a child, you or anyone else is in danger right now." in adults


def _pptx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as deck:
        xml = (deck.read(n).decode("utf-8") for n in deck.namelist() if n.endswith(".xml"))
        return htmllib.unescape(" ".join(re.sub(r"<[^>]+>", " ", x) for x in xml))


def test_the_lesson_kits_help_lines_follow_their_page(site_dir: Path) -> None:
    found = data.load_helplines(ROOT / "data/helplines.yml", LANGS, today=TODAY)
    downloads = site_dir / "en/teachers/downloads"
    if not downloads.is_dir():
        pytest.skip("lesson downloads are off in this build")
    parents = _pptx_text(downloads / "parents-meeting-en-slides.pptx")
    pupils = _pptx_text(downloads / "lesson-13-15-en-slides.pptx")
    adults_text, young_text = (found["childline"].text(f, "en") for f in ("when_adults", "when"))
    assert adults_text in parents and young_text not in parents
    assert young_text in pupils and adults_text not in pupils
