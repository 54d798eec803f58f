"""Lesson downloads: every PDF, DOCX and ZIP exists in every language, opens, holds the lesson
title with its diacritics; PDFs are tagged with embedded fonts; the cache only remakes what
changed; nothing is fetched from the network."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import docx
import pypdf
import pytest
from conftest import DEFAULT_LANG, LANGS, ROOT, mkdocs_build
from lesson_fixtures import make_site

from sitekit import kits as downloads
from sitekit import lessons

LATVIAN = set("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ")
CYRILLIC = re.compile(r"[А-Яа-яЁёІіЇїЄєҐґ]")
LANG_TAGS = {"lv": "lv-LV", "ru": "ru-RU", "uk": "uk-UA", "en": "en-GB"}


def flat(text: str) -> str:
    return " ".join(text.split())


CATALOG = lessons.load_catalog(ROOT / "data/lessons.yml", LANGS)
SLUGS = sorted(lessons.find_lessons(ROOT / "docs" / DEFAULT_LANG / "teachers", CATALOG))
CASES = [(slug, lang) for slug in SLUGS for lang in LANGS]


def title_of(slug: str, lang: str) -> str:
    """The front-matter title of a lesson in ``lang`` (the translation must exist)."""
    path = ROOT / "docs" / lang / "teachers" / f"{slug}.md"
    assert path.is_file(), f"{slug} has no {lang} translation"
    lesson = lessons.read_lesson(path, CATALOG)
    assert lesson is not None
    return lesson.title


def test_there_are_lessons() -> None:
    assert len(SLUGS) >= 5


def prefix(lang: str) -> str:
    return "" if lang == DEFAULT_LANG else f"{lang}/"


def pdf_text(path: Path) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(path)
    return reader, flat(" ".join(page.extract_text() or "" for page in reader.pages))


def check_pdf(path: Path, title: str, lang: str) -> None:
    reader, text = pdf_text(path)
    assert len(reader.pages) >= 1
    assert flat(title) in text, f"{path.name}: title not in the extracted text"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang, path.name
    assert "/StructTreeRoot" in root, f"{path.name} is not tagged"
    assert root["/MarkInfo"]["/Marked"], path.name
    assert b'pdfuaid:part="1"' in root["/Metadata"].get_object().get_data(), "not PDF/UA-1"
    assert reader.metadata.title.startswith(title)
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)
    for page in reader.pages:
        fonts = page["/Resources"]["/Font"]
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{path.name}: font {font.get('/BaseFont')} is not embedded"
            )


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_every_download_exists_opens_and_holds_the_title(
    site_dir: Path, slug: str, lang: str
) -> None:
    title = title_of(slug, lang)
    if lang == "lv":
        assert LATVIAN & set(title), f"pick a Latvian title with diacritics for {slug}"
    elif lang in ("ru", "uk"):
        assert CYRILLIC.search(title)
    folder = site_dir / prefix(lang) / "teachers" / "downloads"
    names = downloads.filenames(f"{slug}-{lang}")
    check_pdf(folder / names["plan"], title, lang)
    check_pdf(folder / names["handouts"], title, lang)
    document = docx.Document(folder / names["docx"])
    assert document.core_properties.title == title
    assert document.core_properties.language == LANG_TAGS[lang]
    text = flat("\n".join(p.text for p in document.paragraphs))
    assert text.startswith(flat(title))
    assert document.tables, "the timed plan is a table"
    with zipfile.ZipFile(folder / names["kit"]) as kit:
        assert kit.testzip() is None
        own = [names[k] for k in ("plan", "handouts", "docx", "slides")]
        assert kit.namelist()[:4] == own  # then the shared sheets and README.txt (test_kits.py)
        for member in kit.namelist():
            if member != "README.txt":
                assert kit.read(member) == (folder / member).read_bytes()


class Buttons(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.buttons: list[dict[str, str]] = []
        self._open: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and "lesson-downloads__button" in a.get("class", ""):
            self._open = {**a, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.buttons.append(self._open)
            self._open = None


@pytest.mark.parametrize(("slug", "lang"), CASES)
def test_lesson_page_has_buttons_with_format_and_size(site_dir: Path, slug: str, lang: str) -> None:
    page = site_dir / prefix(lang) / "teachers" / slug / "index.html"
    parser = Buttons()
    parser.feed(page.read_text("utf-8"))
    assert [b["data-format"] for b in parser.buttons] == ["pdf", "pdf", "docx", "pptx", "zip"]
    for button in parser.buttons:
        target = (page.parent / button["href"]).resolve()
        assert target.is_file(), button["href"]
        fmt = button["data-format"].upper()
        size = downloads.human_size(target.stat().st_size, lang, {})
        number = size.split("\u00a0")[0]
        assert re.search(rf"\({fmt}, {re.escape(number)}\s\S+\)", flat(button["text"])), button


def test_downloads_are_printed_from_print_styles(site_dir: Path) -> None:
    """The print stylesheet of the site hides the buttons and the quick-exit band."""
    css = (site_dir / "assets/site.css").read_text("utf-8")
    block = css.split("@media print", 1)[1]
    for selector in (".site-band", ".md-header", ".md-sidebar", ".lesson-downloads"):
        assert selector in block
    assert "attr(href)" in block


# --- the cache and the generators, without MkDocs ---------------------------------------------


def kit_input(tmp_path: Path, *, plan: str = "", handouts: str = "") -> downloads.KitInput:
    title = "Ģērbšanās ķēde — Проверка «ёлка» — Перевірка ґанку"
    body = f"<h1>{title}</h1><h2>Mērķi</h2><ul><li>viens</li></ul>"
    head = f"<html lang='lv'><head><title>{title}</title></head>"
    return downloads.KitInput(
        name="lesson-t-lv",
        page="docs/lv/teachers/lesson-t.md",
        lang="lv",
        title=title,
        description="Pārbaude",
        author="Tests",
        keywords="grooming",
        plan_html=f"{head}<body>{body}{plan}</body></html>",
        handouts_html=f"{head}<body>{handouts}x</body></html>",
        content_html=body + plan,
        stylesheet="@page { size: A4 } html { font-family: 'DejaVu Sans' }",
        base_url=tmp_path.as_uri() + "/",
        roots=(str(tmp_path),),
    )  # fmt: skip


def test_second_generation_with_unchanged_inputs_does_no_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = downloads.DownloadCache(tmp_path / "cache")
    first = downloads.make_kit(kit_input(tmp_path), cache)
    assert [d.generated for d in first] == [True, True, True, True]
    _, text = pdf_text(first[0].path)
    assert "Ģērbšanās ķēde — Проверка «ёлка» — Перевірка ґанку" in text

    def fail(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("regenerated although nothing changed")

    monkeypatch.setattr(downloads, "render_pdf", fail)
    monkeypatch.setattr(downloads, "html_to_docx", fail)
    monkeypatch.setattr(downloads, "make_zip", fail)
    again = downloads.DownloadCache(tmp_path / "cache")
    second = downloads.make_kit(kit_input(tmp_path), again)
    assert [d.generated for d in second] == [False] * 4
    assert [d.path for d in second] == [d.path for d in first]
    assert (again.stats.generated, again.stats.reused) == (0, 4)


def test_rebuild_regenerates_only_what_changed(tmp_path: Path) -> None:
    cache = downloads.DownloadCache(tmp_path / "cache")
    downloads.make_kit(kit_input(tmp_path), cache)
    changed = downloads.make_kit(kit_input(tmp_path, handouts="<p>Jauna kartīte</p>"), cache)
    assert {d.kind: d.generated for d in changed} == {
        "plan": False,
        "handouts": True,
        "docx": False,
        "kit": True,
    }
    # The old version of a changed file is removed from the cache.
    assert len(list((tmp_path / "cache").glob("lesson-t-lv-handouts.*.pdf"))) == 1


def test_pdf_never_fetches_from_the_network(tmp_path: Path) -> None:
    html = "<html lang='en'><body><img src='https://example.invalid/x.png'><p>x</p></body></html>"
    with pytest.raises(downloads.OfflineError, match="refused to fetch https://example.invalid"):
        downloads.render_pdf(html, "", tmp_path.as_uri() + "/")


def test_local_images_are_allowed_and_part_of_the_cache_key(tmp_path: Path) -> None:
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg>', "utf-8"
    )
    cache = downloads.DownloadCache(tmp_path / "cache")
    kit = kit_input(tmp_path, plan='<p><img src="a.svg" alt="a"></p>')
    assert downloads.make_kit(kit, cache)[0].generated
    (tmp_path / "a.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"></svg>', "utf-8"
    )
    assert downloads.make_kit(kit, cache)[0].generated  # the image changed


def test_docx_keeps_headings_lists_and_tables() -> None:
    html = (
        "<h1>Virsraksts ģ</h1><p>Teksts ar <strong>treknu</strong> un "
        '<a href="https://example.org/a">saiti</a>.</p><h2>Sadaļa</h2>'
        "<ol><li>viens</li><li>divi<ul><li>iekšā</li></ul></li></ol><ol><li>atkal</li></ol>"
        "<table><thead><tr><th>Laiks</th><th>Darbība</th></tr></thead>"
        "<tbody><tr><td>0–5</td><td>Ievads</td></tr></tbody></table>"
        "<dl><dt>Ilgums</dt><dd>40 min</dd></dl>"
    )
    data = downloads.html_to_docx(html, title="Virsraksts ģ", lang="lv")
    document = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert paragraphs[0] == ("Title", "Virsraksts ģ")
    assert ("Normal", "Teksts ar treknu un saiti (https://example.org/a).") in paragraphs
    assert ("Heading 1", "Sadaļa") in paragraphs
    assert ("List Number", "viens") in paragraphs
    assert ("List Bullet 2", "iekšā") in paragraphs
    assert ("Normal", "Ilgums: 40 min") in paragraphs
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert ids[0] == ids[1] != ids[2], "each list starts again at 1"
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Laiks", "Darbība"]
    assert [c.text for c in table.rows[1].cells] == ["0–5", "Ievads"]
    assert document.core_properties.language == "lv-LV"


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    """Builds that share the cache (a preview and a test run) may make a file at the same time:
    they must produce identical bytes, so the ZIP never mixes two versions."""
    kit = kit_input(tmp_path)
    first = downloads.make_kit(kit, downloads.DownloadCache(tmp_path / "one"))
    second = downloads.make_kit(kit, downloads.DownloadCache(tmp_path / "two"))
    for a, b in zip(first, second, strict=True):
        assert a.path.read_bytes() == b.path.read_bytes(), a.kind


@pytest.mark.parametrize(
    ("size", "lang", "expected"),
    [(999, "lv", "1\u00a0KB"), (58_717, "en", "59\u00a0KB"), (1_234_567, "lv", "1,2\u00a0MB"),
     (1_234_567, "en", "1.2\u00a0MB")],
)  # fmt: skip
def test_human_size(size: int, lang: str, expected: str) -> None:
    assert downloads.human_size(size, lang) == expected


# --- the hook: a rebuild in a fixture site -----------------------------------------------------


def test_rebuild_remakes_only_the_changed_files(tmp_path: Path) -> None:
    config = make_site(tmp_path, downloads=True)
    first = mkdocs_build(config, tmp_path / "site")
    assert first.returncode == 0, first.stdout + first.stderr
    # plan, handouts, DOCX, slides and ZIP of two lessons
    assert "lesson downloads (lv): 10 made" in first.stderr
    assert "lesson downloads (en): 10 made" in first.stderr
    made = tmp_path / "site/teachers/downloads/lesson-a-lv-plan.pdf"
    assert made.is_file()

    second = mkdocs_build(config, tmp_path / "site2")
    assert "lesson downloads (lv): 0 made in 0.0 s, 10 from the cache" in second.stderr
    assert (tmp_path / "site2/teachers/downloads/lesson-a-lv-plan.pdf").read_bytes() == (
        made.read_bytes()
    )

    page = tmp_path / "docs/lv/teachers/lesson-a.md"
    page.write_text(page.read_text("utf-8").replace("- objectives: teksts.", "- Jauns mērķis."))
    third = mkdocs_build(config, tmp_path / "site3")
    # plan, DOCX, slides and ZIP of lesson-a changed; its handouts and all of lesson-b did not.
    assert re.search(r"lesson downloads \(lv\): 4 made in [\d.]+ s, 6 from the cache", third.stderr)
    assert "lesson downloads (en): 0 made in 0.0 s, 10 from the cache" in third.stderr
