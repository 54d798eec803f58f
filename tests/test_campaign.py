"""The campaign kit (sitekit/campaign/): every item in every language, in the right language and
script, with numbers only from data/helplines.yml, QR codes that decode to the right page, AA
contrast, pixel sizes, the draft mark, and a clear error for a hostile data/campaign.yml.

The kit is built once per session straight through the package into a temporary folder."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image

from sitekit import data
from sitekit.campaign import cache, content, kit, layout, palette
from sitekit.errors import SiteDataError

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("lv", "ru", "uk", "en")
PREFIX = {"lv": "", "ru": "ru/", "uk": "uk/", "en": "en/"}
SITE = "https://pamaniunaptur.lv/"
# The page each audience's code must open, written out here rather than taken from the data.
TARGET = {"young": "young-people/", "parents": "parents/", "card": "help/"}
SITE_NAMES = {"lv": "Pamani un aptur", "ru": "Заметь и останови", "uk": "Поміть і зупини",
              "en": "Notice it, stop it"}  # fmt: skip
# Three or more digits (spaces allowed), not part of a time such as 12:00–20:00.
NUMBER_RE = re.compile(r"(?<![\d:])\+?\d[\d ]{1,}\d(?![\d:])")


def _kit_input(lang: str, helplines_path: Path, confirmed: bool = False) -> kit.KitInput:
    helplines = data.load_helplines(helplines_path, LANGS)
    campaign = content.load(ROOT / "data/campaign.yml", LANGS, helplines, ROOT / "docs")
    return kit.KitInput(lang, PREFIX[lang], SITE, SITE_NAMES[lang], confirmed, campaign,
                        helplines, ROOT)  # fmt: skip


def _build(tmp: Path, helplines_path: Path, langs=LANGS) -> dict[str, list[kit.Item]]:
    store = cache.DownloadCache(tmp / "cache")
    return {lang: kit.build(_kit_input(lang, helplines_path), store, tmp / lang) for lang in langs}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, dict[str, list[kit.Item]]]:
    tmp = tmp_path_factory.mktemp("campaign")
    return tmp, _build(tmp, ROOT / "data/helplines.yml")


def _pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def _svg_text(svg: str) -> str:
    root = ET.fromstring(svg)
    return " ".join(" ".join("".join(t.itertext()).split()) for t in root.iter() if
                    t.tag.endswith("}text"))  # fmt: skip


def _item_text(item: kit.Item) -> str:
    return _svg_text(item.source) if item.spec.kind == "social" else _pdf_text(item.path)


def _all_items(built):
    return [(lang, item) for lang, items in built[1].items() for item in items]


def _decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image.convert("L"))]


def _helpline_numbers() -> set[str]:
    entries = data.load_helplines(ROOT / "data/helplines.yml", LANGS).values()
    return {n for h in entries if h.tel for n in (h.tel, str(h.display))}


def test_every_item_exists_in_every_language(built) -> None:
    tmp, items = built
    for lang in LANGS:
        names = sorted(item.filename for item in items[lang])
        assert names == sorted(f"{s.id}-{lang}.{s.ext}" for s in kit.SPECS)
        for item in items[lang]:
            assert (tmp / lang / item.filename).stat().st_size > 5000, item.filename
            with Image.open(tmp / lang / item.preview_name) as preview:
                width = kit.PREVIEW_WIDTH if item.spec.kind == "social" else kit.PDF_PREVIEW_WIDTH
                assert preview.size[0] == width and preview.size[1] > width, item.filename
            if item.spec.kind == "social":
                text = (tmp / lang / item.filename.replace(".png", ".txt")).read_text()
                assert item.alt in text and item.post in text


def test_pdf_paper_sizes_and_bleed(built) -> None:
    mm = 72 / 25.4
    sizes = {"A4": (210, 297), "A3": (297, 420), "A5": (148, 210)}
    for _, item in _all_items(built):
        if item.spec.kind == "social":
            continue
        reader = pypdf.PdfReader(item.path)
        assert len(reader.pages) == (2 if item.spec.kind == "leaflet" else 1), item.filename
        for page in reader.pages:
            trim = page.trimbox
            w, h = sizes[item.spec.paper]
            assert abs(float(trim.width) / mm - w) < 0.5 and abs(float(trim.height) / mm - h) < 0.5
            bleed = (float(page.mediabox.width) - float(trim.width)) / 2 / mm
            assert abs(bleed - (0 if item.spec.kind == "cards" else 3)) < 0.1, item.filename


def test_text_is_in_the_right_language_and_script(built) -> None:
    for lang, item in _all_items(built):
        text = _item_text(item)
        for phrase in item.texts:  # headline, lead, steps, helpline names, draft mark …
            assert " ".join(phrase.split()) in text, (item.filename, phrase)
        letters = re.sub(r"https?://\S+", "", text)
        cyrillic = len(re.findall(r"[\u0400-\u04ff]", letters))
        latin = len(re.findall(r"[A-Za-z\u0100-\u017f]", letters))
        if lang in ("ru", "uk"):
            assert cyrillic > 4 * latin, (item.filename, cyrillic, latin)
        else:
            assert cyrillic == 0, item.filename
        if lang == "lv":
            assert re.search(r"[āčēģīķļņšūž]", text), item.filename
        if lang == "uk":
            assert re.search(r"[іїєґ]", text) and not re.search(r"[ыэъё]", text), item.filename
        if lang == "ru":
            assert re.search(r"[ыэё]", text) and not re.search(r"[іїєґ]", text), item.filename


def test_every_number_comes_from_helplines_yml(built) -> None:
    known = _helpline_numbers()
    for _, item in _all_items(built):
        text = _item_text(item)
        found = [n.strip() for n in NUMBER_RE.findall(re.sub(r"https?://\S+", "", text))]
        assert found, item.filename
        assert set(found) <= known, (item.filename, set(found) - known)
        for number in item.numbers:
            assert number in text, (item.filename, number)


def test_qr_codes_decode_to_the_page_in_the_same_language(built) -> None:
    for lang, item in _all_items(built):
        expected = SITE + PREFIX[lang] + TARGET[item.spec.audience]
        if item.spec.kind == "social":
            decoded = _decode(Image.open(item.path))
        else:
            reader = pypdf.PdfReader(item.path)
            decoded = [t for page in reader.pages for im in page.images for t in _decode(im.image)]
        assert decoded and set(decoded) == {expected}, (item.filename, decoded)
        assert "?" not in expected and "#" not in expected


def test_png_pixel_sizes(built) -> None:
    for _, item in _all_items(built):
        if item.spec.kind == "social":
            with Image.open(item.path) as image:
                assert image.size == item.spec.size


def test_palette_keeps_aa_contrast() -> None:
    for where, fg, bg in palette.USES:
        assert palette.contrast(fg, bg) >= palette.AA_NORMAL, where
    assert round(palette.contrast("#000000", "#ffffff"), 1) == 21.0  # the formula itself
    assert palette.contrast("#777777", "#ffffff") < 4.5


def test_templates_use_only_palette_colours() -> None:
    """Every colour in the kit's templates is a palette colour, black or white, so the contrast
    test above covers what is printed."""
    allowed = {c.lower() for c in palette.as_context().values()} | {"#000", "#fff", "#000000"}
    for path in layout.TEMPLATES.iterdir():
        for colour in re.findall(r"#[0-9a-fA-F]{3,6}\b", path.read_text()):
            assert colour.lower() in allowed, (path.name, colour)


def test_draft_mark_on_every_item_until_confirmed(built, tmp_path) -> None:
    campaign = _load(ROOT / "data/campaign.yml")
    marks = {lang: campaign.text("draft_mark", lang) for lang in LANGS}
    for lang, item in _all_items(built):
        assert marks[lang] in _item_text(item), item.filename
        assert marks[lang] in item.alt or item.spec.kind != "social"
    confirmed = _kit_input("en", ROOT / "data/helplines.yml", confirmed=True)
    store = cache.DownloadCache(tmp_path)
    for spec in (kit.SPECS[0], kit.SPECS[5], kit.SPECS[6]):
        item = kit.make_item(spec, confirmed, store)
        assert marks["en"] not in _item_text(item) and "DRAFT" not in _item_text(item)


def test_warm_build_reuses_every_file(built) -> None:
    tmp, _ = built
    store = cache.DownloadCache(tmp / "cache")
    for lang in LANGS:
        kit.build(_kit_input(lang, ROOT / "data/helplines.yml"), store)
    assert store.stats.generated == 0 and store.stats.reused == 4 * 2 * len(kit.SPECS)


def test_one_changed_number_changes_every_item(built, tmp_path) -> None:
    changed = tmp_path / "helplines.yml"
    text = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
    assert text.count('tel: "116111"') == 1
    text = text.replace('tel: "116111"', 'tel: "116117"').replace(
        'display: "116111"', 'display: "116117"'
    )
    changed.write_text(text, encoding="utf-8")
    before = {item.filename: item.path.read_bytes() for item in built[1]["uk"]}
    # A copy of the session's warm cache: what is made again is what shows the number.
    shutil.copytree(built[0] / "cache", tmp_path / "cache")
    store = cache.DownloadCache(tmp_path / "cache")
    items = kit.build(_kit_input("uk", changed), store, tmp_path / "out")
    assert store.stats.generated == 2 * len(kit.SPECS) and store.stats.reused == 0
    for item in items:
        shown = _item_text(item)
        assert "116117" in shown and "116111" not in shown, item.filename
        assert item.path.read_bytes() != before[item.filename]
        if item.spec.kind == "social":
            assert "116117" in item.alt and "116117" in item.post, item.filename


# ---------------------------------------------------------------------------------------------
# A hostile or mistaken data/campaign.yml


def _campaign(tmp_path: Path, edit) -> Path:
    source = (ROOT / "data/campaign.yml").read_text(encoding="utf-8")
    path = tmp_path / "campaign.yml"
    path.write_text(edit(source), encoding="utf-8")
    return path


def _load(path: Path):
    helplines = data.load_helplines(ROOT / "data/helplines.yml", LANGS)
    return content.load(path, LANGS, helplines, ROOT / "docs")


HOSTILE = [
    ("number", lambda s: s.replace('    lv: "Tā nav tava vaina."', "    lv: 12", 1),
     r"texts\.card_lead\.lv is int 12, not a text"),
    ("list", lambda s: s.replace('    lv: "Tā nav tava vaina."', "    lv: [a, b]", 1),
     r"texts\.card_lead\.lv is list"),
    ("boolean", lambda s: s.replace('    lv: "Tā nav tava vaina."', "    lv: true", 1),
     r"texts\.card_lead\.lv is bool"),
    ("missing language", lambda s: s.replace('    uk: "Це не твоя провина."\n', "", 1),
     r"texts\.card_lead has no uk text"),
    ("unknown language",
     lambda s: s.replace('    lv: "Tā nav tava vaina."', '    lv: "x"\n    de: "y"', 1),
     r"texts\.card_lead: unknown language 'de'"),
    ("duplicate key", lambda s: s.replace("  card_lead:\n", "  card_title:\n", 1),
     r"duplicate key 'card_title' \(lines \d+ and \d+\)"),
    ("duplicate language", lambda s: s.replace('    ru: "Это не твоя вина."', '    lv: "Это"', 1),
     r"duplicate key 'lv' \(lines \d+ and \d+\)"),
    ("unknown text key", lambda s: s.replace("  card_lead:\n", "  card_leed:\n", 1),
     r"texts: unknown key 'card_leed'"),
    ("phone number in a text", lambda s: s.replace('"Tā nav tava vaina."', '"Zvani 116 111."', 1),
     r"contains a number .*data/helplines\.yml"),
    ("unknown helpline", lambda s: s.replace("card: [emergency,", "card: [nobody,", 1),
     r"'nobody' is not a helpline with a number"),
    ("web-only helpline", lambda s: s.replace("card: [emergency,", "card: [report-content,", 1),
     r"'report-content' is not a helpline with a number"),
    ("missing page", lambda s: s.replace("card: help.md", "card: nowhere.md", 1),
     r"docs/lv/nowhere\.md does not exist"),
    ("page outside the docs", lambda s: s.replace("card: help.md", "card: ../mkdocs.yml", 1),
     r"is not a page path"),
    ("not a mapping", lambda s: "- a\n- b\n", r"the file must be a mapping"),
    ("missing section", lambda s: s.replace("\ntargets:", "\ntargetz:", 1),
     r"unknown key 'targetz'"),
    ("invalid YAML", lambda s: s + "\n  : : [\n", r"invalid YAML"),
]  # fmt: skip


@pytest.mark.parametrize(("edit", "message"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE])
def test_hostile_campaign_yml_fails_clearly(tmp_path, edit, message) -> None:
    path = _campaign(tmp_path, edit)
    with pytest.raises(SiteDataError, match=message) as info:
        _load(path)
    assert str(path) in str(info.value) and "Fix:" in str(info.value)


def test_hostile_errors_name_the_line(tmp_path) -> None:
    path = _campaign(tmp_path, lambda s: s.replace('    lv: "Tā nav tava vaina."', "    lv: 12", 1))
    line = next(i for i, row in enumerate(path.read_text().splitlines(), 1) if row == "    lv: 12")
    with pytest.raises(SiteDataError) as info:
        _load(path)
    assert info.value.line == line


def test_real_campaign_yml_is_valid() -> None:
    campaign = _load(ROOT / "data/campaign.yml")
    assert set(campaign.texts) == set(content.TEXT_KEYS)
    assert all(set(texts) == set(LANGS) for texts in campaign.texts.values())


def test_text_that_does_not_fit_an_image_is_an_error(tmp_path) -> None:
    base = _kit_input("en", ROOT / "data/helplines.yml")
    long = replace(base.campaign, texts={**base.campaign.texts, "young_headline": {
        lang: "word " * 200 for lang in LANGS}})  # fmt: skip
    with pytest.raises(ValueError, match="do not fit"):
        kit.make_item(kit.SPECS[6], replace(base, campaign=long), cache.DownloadCache(tmp_path))


# ---------------------------------------------------------------------------------------------
# The hook's options and the block on the materials page


def _hook():
    import importlib.util

    spec = importlib.util.spec_from_file_location("campaign_hook", ROOT / "hooks/campaign.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


class _Config:
    def __init__(self, campaign) -> None:
        self.extra = {"campaign": campaign}
        self.config_file_path = str(ROOT / "mkdocs.yml")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, (True, False)),
        ({"enabled": "false"}, (False, False)),  # CAMPAIGN_KIT=false
        ({"enabled": "true", "site_url_confirmed": True}, (True, True)),
    ],
)
def test_hook_options(raw, expected) -> None:
    options = _hook()._options(_Config(raw))
    assert (options["enabled"], options["confirmed"]) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"site_url_confirmed": "yes"}, "site_url_confirmed in mkdocs.yml is 'yes'"),
        ({"site_url_confirmd": True}, "unknown option site_url_confirmd"),
        (["enabled"], "must be a mapping"),
    ],
)
def test_hook_refuses_bad_options(raw, message) -> None:
    from mkdocs.exceptions import PluginError

    with pytest.raises(PluginError, match=message):
        _hook()._options(_Config(raw))


def test_materials_block_lists_every_item_with_preview_post_and_alt(built) -> None:
    import jinja2
    from markupsafe import escape

    from sitekit.campaign import page

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"), autoescape=True)
    template = env.get_template("partials/campaign-kit.html")
    campaign = _load(ROOT / "data/campaign.yml")
    for lang, items in built[1].items():
        context = page.context(campaign, items, lang, "kit", {"KB": "KB", "MB": "MB"})
        html = "".join(
            template.render(part=part, draft=part == "print", **context)
            for part in ("print", "social")
        )
        for item in items:
            assert f'href="kit/{item.filename}"' in html, item.filename
            assert f'src="kit/{item.preview_name}"' in html, item.filename
        for item in (i for i in items if i.alt):
            assert escape(item.alt) in html
            assert escape(item.post) in html
        assert escape(campaign.text("label_draft_note", lang)) in html


def test_markup_in_a_text_is_printed_as_text(tmp_path) -> None:
    """A text with markup in data/campaign.yml is shown literally, never interpreted."""
    base = _kit_input("en", ROOT / "data/helplines.yml")
    hostile = '<b>A & B</b> "</text><script>x()</script>'
    texts = {**base.campaign.texts, "young_headline": dict.fromkeys(LANGS, hostile),
             "card_lead": dict.fromkeys(LANGS, hostile)}  # fmt: skip
    kit_input = replace(base, campaign=replace(base.campaign, texts=texts))
    store = cache.DownloadCache(tmp_path)
    image = kit.make_item(kit.SPECS[6], kit_input, store)
    assert hostile in _svg_text(image.source)  # parses as XML; the text is one text node
    assert "<script>" not in image.source
    cards = kit.make_item(kit.SPECS[5], kit_input, store)
    assert hostile in _pdf_text(cards.path)
    assert "<script>" not in cards.source


@pytest.mark.parametrize("spec", [s for s in kit.SPECS if s.kind != "social"], ids=lambda s: s.id)
def test_text_that_does_not_fit_a_print_item_is_an_error(tmp_path, spec) -> None:
    base = _kit_input("ru", ROOT / "data/helplines.yml")
    key = "card_lead" if spec.kind == "cards" else f"{spec.audience}_step_1"
    long = replace(base.campaign, texts={**base.campaign.texts, key: {
        lang: "очень длинный текст " * 60 for lang in LANGS}})  # fmt: skip
    with pytest.raises(
        SiteDataError, match=r"do not fit .*-ru\.pdf.*(QR code|pages instead|off a card)"
    ):
        kit.make_item(spec, replace(base, campaign=long), cache.DownloadCache(tmp_path))
