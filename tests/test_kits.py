"""Lesson kits (issue 15): what every ZIP holds per lesson and language, the shared sheets
(safeguarding, incident plan, parent letters, evaluation, guide) and their fallback to nothing,
handouts without nearly empty pages, slides with speaker notes, a DOCX with header, footer and
page numbers; hostile inputs for the slides and the kit pages."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import DEFAULT_LANG, LANGS, ROOT, mkdocs_build
from lesson_fixtures import KIT_PAGES, make_site
from pptx import Presentation

from sitekit import cachefiles, kits, lessons

MIN_FILL = 0.25
W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def flat(text: str) -> str:
    return " ".join(text.split())


# --- measuring PDFs ---------------------------------------------------------------------------


def text_runs(page: pypdf.PageObject) -> list[tuple[float, float, str]]:
    """(y, font size in points, text) of every piece of text on a page."""
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list, tm: list, font: object, size: float) -> None:
        if text.strip():
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.append((tm[5] * cm[3] + cm[5], size * scale, text))

    page.extract_text(visitor_text=visit)
    return runs


def fill(page: pypdf.PageObject, margin_top: float = 18, margin_bottom: float = 20) -> float:
    """How much of the height inside the page margins the page's text spans (0–1); the footer
    in the bottom margin does not count."""
    height = float(page.mediabox.height)
    low, high = margin_bottom * 72 / 25.4, height - margin_top * 72 / 25.4
    ys = [y for y, _, _ in text_runs(page) if low <= y <= high]
    if not ys:
        return 0.0
    return (high - min(ys)) / (high - low)


def low_pages(data: bytes) -> list[tuple[int, float]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    if len(reader.pages) < 2:
        return []
    found = [(n + 1, round(fill(p), 2)) for n, p in enumerate(reader.pages)]
    return [(n, f) for n, f in found if f < MIN_FILL]


def body_sizes(data: bytes) -> list[float]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    sizes = []
    for page in reader.pages:
        low = 20 * 72 / 25.4
        sizes += [round(s, 1) for y, s, _ in text_runs(page) if y > low]
    return sizes


def test_fill_measure_can_fail() -> None:
    """A page with one line at the top is nearly empty; one that runs down the page is not."""
    pdf, _ = kits.render_pdf(
        "<html lang='lv'><head><title>T</title></head><body><p>viens</p>"
        "<p style='break-before: page'>divi</p><p style='margin-top: 150mm'>trīs</p></body></html>",
        "@page { size: A4; margin: 18mm 18mm 20mm }",
        "file:///tmp/",
    )
    assert [n for n, _ in low_pages(pdf)] == [1]


# --- the fixture site: Latvian kit pages, none in English --------------------------------------


@pytest.fixture(scope="module")
def fixture_kits(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("kits")
    config = make_site(root, downloads=True, kit_pages=True)
    result = mkdocs_build(config, root / "out")
    assert result.returncode == 0, result.stderr
    return root / "out", result.stderr


def downloads_of(site: Path, lang: str) -> Path:
    return site / ("" if lang == "lv" else f"{lang}/") / "teachers" / "downloads"


@pytest.mark.parametrize("slug", ["lesson-a", "lesson-b"])
def test_latvian_zip_holds_the_whole_kit(fixture_kits: tuple[Path, str], slug: str) -> None:
    site, _ = fixture_kits
    folder = downloads_of(site, "lv")
    names = kits.filenames(f"{slug}-lv")
    with zipfile.ZipFile(folder / names["kit"]) as kit:
        listed = kit.namelist()
        assert sorted(listed) == sorted(
            [names["plan"], names["handouts"], names["docx"], names["slides"],
             "safeguarding-lv.pdf", "evaluation-lv.pdf", "parent-letter-before-lv.docx",
             "parent-letter-after-lv.docx", "README.txt"]
        )  # fmt: skip
        readme = kit.read("README.txt").decode("utf-8")
        for name in listed:
            if name != "README.txt":
                assert name in readme
                assert kit.read(name) == (folder / name).read_bytes()
        assert "piezīmēm vadītājam" in readme  # the facilitator notes are named
    # The plan ends with the safeguarding sheet and carries the facilitator notes.
    reader = pypdf.PdfReader(folder / names["plan"])
    assert "Drošības lapa ģimenei" in flat(reader.pages[-1].extract_text())
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    assert "Piezīmes vadītājam" in text and "Ja skolēns jautā" in text


@pytest.mark.parametrize("slug", ["lesson-a", "lesson-b"])
def test_a_language_without_the_sheets_ships_none(
    fixture_kits: tuple[Path, str], slug: str
) -> None:
    site, log = fixture_kits
    names = kits.filenames(f"{slug}-en")
    folder = downloads_of(site, "en")
    with zipfile.ZipFile(folder / names["kit"]) as kit:
        assert sorted(kit.namelist()) == sorted(
            [names["plan"], names["handouts"], names["docx"], names["slides"], "README.txt"]
        )
    text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(folder / names["plan"]).pages))
    assert "Drošības lapa" not in text
    for kit in ("safeguarding", "evaluation", "parent-letters"):
        assert f"docs/en/teachers/{slug}.md: no {kit} page in en, so the kit has none" in log


@pytest.mark.parametrize(
    ("page", "files"),
    [
        ("safeguarding", ["safeguarding-lv.pdf"]),
        ("incident-plan", ["incident-plan-lv.pdf", "incident-plan-lv.docx"]),
        ("parent-letters", ["parent-letter-before-lv.docx", "parent-letter-after-lv.docx"]),
        ("evaluation", ["evaluation-lv.pdf"]),
        ("guide", ["guide-lv.pdf", "guide-lv.docx"]),
    ],
)
def test_kit_pages_have_their_downloads(
    fixture_kits: tuple[Path, str], page: str, files: list[str]
) -> None:
    site, _ = fixture_kits
    html = (site / "teachers" / page / "index.html").read_text("utf-8")
    hrefs = re.findall(r'class="md-button lesson-downloads__button" href="([^"]+)"', html)
    assert [h.rsplit("/", 1)[1] for h in hrefs] == files
    title = flat(KIT_PAGES[page].split("title: ", 1)[1].split("\n", 1)[0])
    for name in files:
        path = downloads_of(site, "lv") / name
        if name.endswith(".pdf"):
            reader = pypdf.PdfReader(path)
            assert title in flat(reader.pages[0].extract_text())
            if page != "guide":
                assert len(reader.pages) == 1, f"{name}: a one-page sheet"
        else:
            text = flat(" ".join(p.text for p in docx.Document(path).paragraphs))
            expected = "nākamnedēļ" if "before" in name else "notika" if "after" in name else title
            assert expected in text
    if page == "parent-letters":
        before = flat(" ".join(p.text for p in docx.Document(
            downloads_of(site, "lv") / files[0]).paragraphs))  # fmt: skip
        assert "notika" not in before  # one letter per file


def test_handouts_have_no_nearly_empty_page(fixture_kits: tuple[Path, str]) -> None:
    site, _ = fixture_kits
    for path in sorted(site.rglob("*-handouts.pdf")):
        assert low_pages(path.read_bytes()) == [], path.name


def test_handouts_are_sheets_for_pupils(fixture_kits: tuple[Path, str]) -> None:
    site, _ = fixture_kits
    reader = pypdf.PdfReader(downloads_of(site, "lv") / "lesson-a-lv-handouts.pdf")
    pages = [flat(p.extract_text()) for p in reader.pages]
    worksheet = next(p for p in pages if "Darba lapa" in p)
    assert "Vārds, uzvārds:" in worksheet and "Klase:" in worksheet and "Datums:" in worksheet
    assert "Situāciju kartītes" not in worksheet and "Kur saņemt palīdzību" not in worksheet
    check = next(p for p in pages if "Sākuma un beigu pārbaude" in p)
    assert check.count("Sākumā: ☐") == 5
    card = pages[-1]
    assert card.count("116111") == 2  # two copies to cut apart
    assert "Take It Down" in card  # 13-15
    for note in ("Cena", "Bezmaksas no jebkura", "Pārbaudīts", "Kas to nodrošina"):
        assert note not in card
    data = (downloads_of(site, "lv") / "lesson-a-lv-handouts.pdf").read_bytes()
    assert min(body_sizes(data)) >= 12


def test_slides_open_with_speaker_notes(fixture_kits: tuple[Path, str]) -> None:
    site, _ = fixture_kits
    deck = Presentation(downloads_of(site, "lv") / "lesson-a-lv-slides.pptx")
    titles = [s.shapes.title.text for s in deck.slides]
    assert titles[0] == "Ģimene, ķēde un ūdens: pārbaude"
    assert "Mācību mērķi" in titles and "Jautājumi pārrunām" in titles
    assert "A. Spēle" in titles and "B. Čats" in titles
    assert any(t.startswith("Ievads (0–5 min)") for t in titles)
    for slide in deck.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), (
            slide.shapes.title.text
        )
    cards = {s.shapes.title.text: s.notes_slide.notes_text_frame.text for s in deck.slides}
    assert cards["A. Spēle"].startswith("A: aizdomīgi")  # the model answer of card A
    # The discussion slide: the questions' model answers, then "if a pupil asks…".
    questions = cards["Jautājumi pārrunām"]
    assert questions.startswith("Pastāstīt pieaugušajam") and "Vai mani sodīs?" in questions
    assert "116111" in " ".join(sh.text_frame.text for sh in deck.slides[-1].shapes
                                if sh.has_text_frame)  # fmt: skip
    fonts = {r.font.name for s in deck.slides for sh in s.shapes if sh.has_text_frame
             for p in sh.text_frame.paragraphs for r in p.runs}  # fmt: skip
    assert fonts == {"DejaVu Sans"}


def test_docx_prints_with_page_numbers(fixture_kits: tuple[Path, str]) -> None:
    site, _ = fixture_kits
    path = downloads_of(site, "lv") / "lesson-a-lv.docx"
    document = docx.Document(path)
    section = document.sections[0]
    assert section.header.paragraphs[0].text == "Ģimene, ķēde un ūdens: pārbaude"
    with zipfile.ZipFile(path) as package:
        footers = [package.read(n).decode() for n in package.namelist() if "footer" in n]
        body = package.read("word/document.xml").decode()
    assert any("PAGE" in f and "NUMPAGES" in f and "fldChar" in f for f in footers)
    assert "<w:tblHeader" in body  # the plan's header row repeats
    assert body.count("<w:pageBreakBefore/>") >= 3  # plan | check | plan | cards | … | worksheet
    plan = document.tables[0]
    widths = [c.width for c in plan.rows[0].cells]
    assert widths[0] < widths[1] / 3, "the time column is narrow"
    # Cards are boxes (one-cell tables), not numbered again ("1. A. …").
    boxes = [t for t in document.tables if len(t.columns) == 1 and t.cell(0, 0).text.strip()]
    assert [b.cell(0, 0).text.split(".")[0] for b in boxes[:2]] == ["A", "B"]
    for paragraph in document.paragraphs:
        assert not paragraph.text.startswith(("A. Spēle", "B. Čats"))
    # The trust hand has a box to draw in; the worksheet items have lines to write on.
    assert any(t.rows[0].height and t.rows[0].height.mm > 80 for t in document.tables)
    assert body.count("<w:pBdr>") >= 3


# --- every real lesson in every language -----------------------------------------------------

CATALOG = lessons.load_catalog(ROOT / "data/lessons.yml", LANGS)
SLUGS = sorted(lessons.find_lessons(ROOT / "docs" / DEFAULT_LANG / "teachers", CATALOG))


@pytest.mark.parametrize("lang", LANGS)
def test_every_real_kit_is_complete(site_dir: Path, lang: str) -> None:
    folder = site_dir / ("" if lang == DEFAULT_LANG else f"{lang}/") / "teachers" / "downloads"
    sheets = {
        kit: (ROOT / "docs" / lang / "teachers" / f"{kit}.md").is_file()
        for kit in ("safeguarding", "evaluation", "parent-letters")
    }
    for slug in SLUGS:
        names = kits.filenames(f"{slug}-{lang}")
        with zipfile.ZipFile(folder / names["kit"]) as kit:
            listed = set(kit.namelist())
        expected = {names[k] for k in ("plan", "handouts", "docx", "slides")} | {"README.txt"}
        assert expected <= listed, slug
        assert ("safeguarding-" + lang + ".pdf" in listed) == sheets["safeguarding"], slug
        assert ("evaluation-" + lang + ".pdf" in listed) == sheets["evaluation"], slug
        assert not {n for n in listed if re.search(r"-(lv|ru|uk|en)\.", n)
                    and not n.endswith(f"-{lang}.pdf") and not n.endswith(f"-{lang}.docx")
                    and not n.startswith(f"{slug}-{lang}")}, "another language's sheet"  # fmt: skip
        deck = Presentation(folder / names["slides"])
        assert len(deck.slides) >= 6
        for slide in deck.slides:
            assert slide.notes_slide.notes_text_frame.text.strip(), (slug, lang)
        assert low_pages((folder / names["handouts"]).read_bytes()) == [], (slug, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_real_shared_sheets_fit_one_page(site_dir: Path, lang: str) -> None:
    folder = site_dir / ("" if lang == DEFAULT_LANG else f"{lang}/") / "teachers" / "downloads"
    for kit in ("safeguarding", "incident-plan", "evaluation"):
        if (ROOT / "docs" / lang / "teachers" / f"{kit}.md").is_file():
            reader = pypdf.PdfReader(folder / f"{kit}-{lang}.pdf")
            assert len(reader.pages) == 1, f"{kit}-{lang}.pdf has {len(reader.pages)} pages"
    if (ROOT / "docs" / lang / "teachers" / "incident-plan.md").is_file():
        assert docx.Document(folder / f"incident-plan-{lang}.docx").paragraphs
    for letter in ("before", "after"):
        if (ROOT / "docs" / lang / "teachers" / "parent-letters.md").is_file():
            assert docx.Document(folder / f"parent-letter-{letter}-{lang}.docx").paragraphs


@pytest.mark.parametrize(
    ("slug", "absent"),
    [
        ("lesson-10-12", ("report-content", "stopncii", "take-it-down")),
        ("lesson-16-18", ("stopncii",)),
    ],
)
def test_help_cards_suit_the_age(site_dir: Path, slug: str, absent: tuple[str, ...]) -> None:
    import yaml

    helplines = {h["id"]: h for h in yaml.safe_load(
        (ROOT / "data/helplines.yml").read_text("utf-8"))["helplines"]}  # fmt: skip
    for lang in LANGS:
        folder = site_dir / ("" if lang == DEFAULT_LANG else f"{lang}/") / "teachers" / "downloads"
        data = (folder / f"{slug}-{lang}-handouts.pdf").read_bytes()
        reader = pypdf.PdfReader(io.BytesIO(data))
        card = flat(reader.pages[-1].extract_text())
        for helpline_id in absent:
            assert flat(helplines[helpline_id]["name"][lang]) not in card, (slug, lang)
        assert "116111" in card
        if slug == "lesson-16-18":
            assert "+371 28612120" in card  # one piece, never broken across lines
        assert min(body_sizes(data)) >= 12, (slug, lang)


# --- hostile inputs --------------------------------------------------------------------------


def test_slide_text_with_markup_stays_text() -> None:
    html = (
        "<h2>Kartītes</h2><ol><li><p><strong>A. &lt;b&gt;Bold&lt;/b&gt;</strong> "
        "<script>alert(1)</script>]]&gt; &amp; \x0b\x01 teksts</p></li></ol>"
    )
    source = kits.DeckInput(
        title="T <i>x</i>", subtitle="s", sections=[("cards", "Kartītes", html)]
    )
    slides = kits.deck(source)
    data = kits.make_pptx(slides, title="T", lang="lv")
    deck = Presentation(io.BytesIO(data))
    texts = [sh.text_frame.text for s in deck.slides for sh in s.shapes if sh.has_text_frame]
    joined = " ".join(texts)
    assert "A. <b>Bold</b>" in joined and "]]> & teksts" in joined
    assert "alert" not in joined and "\x0b" not in joined
    assert deck.slides[0].shapes.title.text == "T <i>x</i>"


def test_a_kit_page_with_an_attachment_is_refused(tmp_path: Path) -> None:
    config = make_site(tmp_path, downloads=True, kit_pages=True)
    page = tmp_path / "docs/lv/teachers/safeguarding.md"
    page.write_text(
        page.read_text("utf-8") + "\n[vide](file:///proc/self/environ){: rel=attachment }\n",
        "utf-8",
    )
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode != 0
    assert "docs/lv/teachers/safeguarding.md" in result.stderr
    assert 'rel="attachment"' in result.stderr
    assert not list((tmp_path / "out").rglob("safeguarding-lv.pdf"))


def test_an_unknown_kit_value_fails_the_build(tmp_path: Path) -> None:
    config = make_site(tmp_path, downloads=True, kit_pages=True)
    page = tmp_path / "docs/lv/teachers/evaluation.md"
    page.write_text(page.read_text("utf-8").replace("kit: evaluation", "kit: evalution"), "utf-8")
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode != 0
    assert "unknown kit: 'evalution'" in result.stderr and "Fix: write kit: one of" in result.stderr


def test_a_letter_without_its_id_is_a_warning(tmp_path: Path) -> None:
    config = make_site(tmp_path, downloads=True, kit_pages=True)
    page = tmp_path / "docs/lv/teachers/parent-letters.md"
    page.write_text(page.read_text("utf-8").replace(" {#after}", ""), "utf-8")
    result = mkdocs_build(config, tmp_path / "out")
    assert result.returncode != 0  # --strict
    assert "no '## …  {#after}' section" in result.stderr


def test_slides_are_cached_and_a_damaged_entry_is_made_again(tmp_path: Path) -> None:
    deck = kits.DeckInput(title="Ģ", subtitle="s", sections=[
        ("objectives", "Mērķi", "<h2>Mērķi</h2><ul><li>viens</li></ul>")])  # fmt: skip
    kit = kits.KitInput(
        name="x-lv", page="docs/lv/x.md", lang="lv", title="Ģ", description="", author="",
        keywords="", plan_html="<html lang='lv'><title>Ģ</title><h1>Ģ</h1></html>",
        handouts_html="<html lang='lv'><title>Ģ</title><h1>Ģ</h1></html>",
        content_html="<h1>Ģ</h1>", stylesheet="", base_url=tmp_path.as_uri() + "/", deck=deck,
    )  # fmt: skip
    cache = kits.DownloadCache(tmp_path / "cache")
    first = {d.kind: d for d in kits.make_kit(kit, cache)}
    assert first["slides"].generated and first["slides"].format == "PPTX"
    again = {d.kind: d for d in kits.make_kit(kit, kits.DownloadCache(tmp_path / "cache"))}
    assert not again["slides"].generated and again["slides"].data == first["slides"].data
    path = first["slides"].path
    assert path is not None
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
        members = [(n, package.read(n)) for n in package.namelist() if n != "ppt/presentation.xml"]
    path.write_bytes(kits.make_zip(members))  # a valid ZIP, but not a presentation
    assert not cachefiles.is_pptx(path.read_bytes())
    third = {d.kind: d for d in kits.make_kit(kit, kits.DownloadCache(tmp_path / "cache"))}
    assert third["slides"].generated and third["slides"].data == first["slides"].data


def test_answer_space_of_a_loose_list_item_belongs_to_the_item() -> None:
    html = (
        '<ol>\n<li>\n<p class="answer-box">Roka</p>\n</li>\n<li>\n<p class="answer-lines-3">Divi'
        '</p>\n</li>\n<li>\n<p class="note">Trīs</p>\n</li>\n</ol>'
    )
    out = kits.answer_classes(html)
    assert '<li class="answer-box">\n<p>Roka</p>' in out
    assert '<li class="answer-lines-3">\n<p>Divi</p>' in out
    assert '<li>\n<p class="note">Trīs</p>' in out


def test_real_trust_hand_has_a_box_to_draw_in(site_dir: Path) -> None:
    """The 10–12 worksheet's first item is marked {: .answer-box } in every language."""
    for lang in LANGS:
        prefix = "" if lang == DEFAULT_LANG else f"{lang}/"
        page = (site_dir / prefix / "teachers/lesson-10-12/index.html").read_text("utf-8")
        assert 'class="answer-box"' in page, lang
        document = docx.Document(site_dir / prefix / f"teachers/downloads/lesson-10-12-{lang}.docx")
        assert any(t.rows[0].height and t.rows[0].height.mm > 80 for t in document.tables), lang
