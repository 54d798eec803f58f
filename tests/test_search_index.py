"""Per-language search indexes: tokenising, folding, repeats, and a small four-language build."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import LANGS, ROOT, mkdocs_build

from sitekit import search

# ---------------------------------------------------------------------------------------------
# Tokens: what Material's worker makes of page text and of queries (the same separator)


def matches(query: str, doc: dict, lang: str) -> bool:
    """Material's query semantics: every query token is a prefix of some token of the doc."""
    fields = ("title", "text", *search.ALT_FIELDS.values())
    have = [t for name in fields for t in search.tokens(doc.get(name, ""), lang)]
    wanted = search.tokens(query, lang)
    return bool(wanted) and all(any(t.startswith(w) for t in have) for w in wanted)


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("lv", "tirdzniecība tirdzniecības tirdzniecībai tirdzniecību tirdzniecībā"),
        ("lv", "cilvēks cilvēka cilvēku cilvēki cilvēkiem"),
        ("lv", "vervēšana vervēšanas vervēšanu vervēšanai"),
        ("ru", "торговля торговли торговле торговлю торговлей"),
        ("ru", "вербовка вербовки вербовку вербовкой"),
        ("uk", "торгівля торгівлі торгівлю торгівлею"),
        ("uk", "допомога допомоги допомогу допомогою"),
        ("en", "trafficking trafficked traffickers"),
    ],
)
def test_inflected_forms_make_one_token(lang: str, forms: str) -> None:
    tokens = {token for form in forms.split() for token in search.tokens(form, lang)}
    assert len(tokens) == 1, tokens


def test_ukrainian_has_its_own_endings_not_russian_ones() -> None:
    assert search.tokens("торгівлі", "uk") == ["торгівл"]
    assert search.tokens("торгівлі", "ru") == ["торгівлі"]  # Russian rules do not know "і"
    assert search.tokens("вербування", "uk") == search.tokens("вербуванням", "uk")


def test_short_words_and_names_stay_whole() -> None:
    assert search.tokens("kas un es Snapchat TikTok Instagram", "lv") == [
        "kas",
        "un",
        "es",
        "snapchat",
        "tiktok",
        "instagram",
    ]
    assert search.tokens("Snapchatā Instagramā", "lv") == ["snapchat", "instagram"]


def test_phone_numbers_are_tokens_and_findable_without_spaces() -> None:
    text = "Zvani 116111 vai +371 28612120, arī 116 123. Laiks 12:00–20:00."
    assert {"116111", "371", "28612120", "116", "123"} <= set(search.tokens(text, "lv"))
    extra = search.alternates(text, "lv").split()
    assert "37128612120" in extra and "116123" in extra
    assert "120020" not in extra  # times are not phone numbers


def test_punctuation_entities_and_apostrophes() -> None:
    assert search.tokens("„Drošā māja” &amp; <b>Centrs</b> MARTA", "lv") == [
        "droš",
        "māj",
        "centr",
        "mart",
    ]
    assert search.tokens("Children’s don't", "en") == ["children", "don"]
    assert search.tokens("комп'ютер", "uk") == ["комп", "ютер"]


def test_latvian_without_diacritics_finds_words_with_them() -> None:
    doc = {"title": "Cilvēku tirdzniecība", "text": "<p>Tirdzniecības upuriem palīdz.</p>"}
    for source, alt in search.ALT_FIELDS.items():
        doc[alt] = search.alternates(doc[source], "lv")
    assert doc["title_alt"] == "Cilveku tirdznieciba"
    for query in ("cilveku tirdzniecibas", "cilvēku tirdzniecība", "tirdzniecibai", "palidz"):
        assert matches(query, doc, "lv"), query
    assert not matches("vervēšana", doc, "lv")


def test_russian_e_for_yo() -> None:
    doc = {"title": "Молодёжи", "text": "молодёжь"}
    doc["title_alt"] = search.alternates(doc["title"], "ru")
    assert matches("молодежь", doc, "ru") and matches("молодёжи", doc, "ru")


WORDS = [
    "tirdzniecības",
    "Tirdzniecībai",
    "TIRDZNIECĪBA",
    "Latvijā",
    "instagramā",
    "ajiem",
    "pie",
    "ēšana",
    "торговли",
    "Торговлей",
    "людьми",
    "ребёнок",
    "телефон",
    "помощи",
    "ПОМОЩЬ",
    "торгівлі",
    "дитина",
    "інтерв'ю",
    "зв'язуйтеся",
    "Ґанок",
    "offers",
    "Meeting",
    "helplines",
    "TikTok",
    "it's",
    "116111",
    "24/7",
    "e-mail",
]


@pytest.mark.parametrize("lang", LANGS)
def test_word_tokens_match_the_separator(lang: str) -> None:
    """The build's shortcut for one word gives exactly what the worker's tokenizer gives."""
    for word in WORDS:
        for form in (word, word.upper(), word.capitalize(), search.get(lang).folded(word)):
            assert search.word_tokens(form, lang) == tuple(search.tokens(form, lang)), form


def test_separator_is_plain_javascript() -> None:
    """No flags, no \\p{..} or named groups: Material builds it with ``new RegExp(separator)``."""
    for lang in LANGS:
        pattern = search.separator(lang)
        re.compile(pattern)
        assert not re.search(r"\\p\{|\(\?P|\(\?<\w|\(\?[imsx]", pattern), pattern


# ---------------------------------------------------------------------------------------------
# One language's index out of Material's


def _entry(location: str, title: str, text: str = "") -> dict:
    return {"location": location, "title": title, "text": text}


MERGED = {
    "config": {"lang": ["en", "ru"], "separator": "[\\s\\-]+", "pipeline": ["stopWordFilter"],
               "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
    "docs": [
        _entry("", "Sākums", "Cilvēku tirdzniecība"),
        _entry("help/", "Palīdzība"),
        _entry("ru/", "Главная", "торговля людьми"),
        _entry("ru/help/", "Помощь"),
        _entry("ru/help/#sos", "112", "Звони"),
        _entry("uk/", "Головна"),
        _entry("ukrainians/", "Ukraiņiem"),  # a Latvian page whose name starts with "uk"
    ],
}  # fmt: skip


def test_language_index_keeps_own_pages_relative_to_language_root() -> None:
    ru = search.language_index(MERGED, lang="ru", languages=LANGS, default="lv")
    assert list(search.locations(ru)) == ["", "help/"]
    assert [d["location"] for d in ru["docs"]] == ["", "help/", "help/#sos"]
    lv = search.language_index(MERGED, lang="lv", languages=LANGS, default="lv")
    assert list(search.locations(lv)) == ["", "help/", "ukrainians/"]
    assert lv["docs"][0]["text_alt"] == "Cilveku tirdznieciba"
    config = ru["config"]
    assert config["lang"] == ["en"] and config["pipeline"] == []  # no lunr language, no stemmer
    assert config["separator"] == search.separator("ru")
    assert config[search.LANGUAGE_KEY] == "ru"
    assert config["fields"]["title_alt"] == {"boost": 1000.0}


def test_repeated_sections_are_kept_once_on_the_page_with_most_of_them() -> None:
    card = {"title": "Uzticības tālrunis", "text": "116111"}
    other = {"title": "Policija", "text": "110"}
    docs = [
        _entry("", "Sākums"),
        {"location": "#helpline-childline-name", **card},
        _entry("help/", "Palīdzība"),
        {"location": "help/#helpline-childline-name", **card},
        {"location": "help/#helpline-police-name", **other},
        _entry("parents/", "Vecākiem"),
        {"location": "parents/#helpline-police-name", **other},
        {"location": "parents/#own", "title": "Ko darīt", "text": "Runā"},
    ]
    kept = [d["location"] for d in search.drop_repeats(docs)]
    assert kept == [
        "",
        "help/",
        "help/#helpline-childline-name",
        "help/#helpline-police-name",
        "parents/",
        "parents/#own",
    ]


def test_lesson_sections_keep_their_titles_but_not_their_text() -> None:
    goals = "Mācību mērķi"
    merged = {
        "config": MERGED["config"],
        "docs": [
            _entry("teachers/lesson-a/", "Nodarbība A", "Ievads par tēmu"),
            _entry("teachers/lesson-a/#goals", goals, "Skolēni zinās, kur meklēt palīdzību"),
            _entry("teachers/lesson-b/", "Nodarbība B", "Cits ievads"),
            _entry("teachers/lesson-b/#goals", goals, "Skolēni atpazīs pazīmes"),
            _entry("help/#sos", "Palīdzība", "Zvani 112 vai 116111"),
            _entry("ru/teachers/lesson-a/#goals", "Цели", "Ученики узнают"),
        ],
    }
    lessons = {"teachers/lesson-a/", "teachers/lesson-b/", "ru/teachers/lesson-a/"}
    lv = search.language_index(
        merged, lang="lv", languages=LANGS, default="lv", titles_only=lessons
    )
    by_location = {doc["location"]: doc for doc in lv["docs"]}
    assert by_location["teachers/lesson-a/"]["text"] == "Ievads par tēmu"  # the page stays whole
    # Both lessons keep their "goals" section (same title, no text: not a repeat), without text.
    for lesson in ("a", "b"):
        section = by_location[f"teachers/lesson-{lesson}/#goals"]
        assert section["title"] == goals and section["text"] == ""
        assert "text_alt" not in section and section["title_alt"] == "Macibu merki"
    assert by_location["help/#sos"]["text"] == "Zvani 112 vai 116111"  # other pages untouched
    ru = search.language_index(
        merged, lang="ru", languages=LANGS, default="lv", titles_only=lessons
    )
    assert [(d["location"], d["text"]) for d in ru["docs"]] == [("teachers/lesson-a/#goals", "")]


# ---------------------------------------------------------------------------------------------
# A small site in four languages, built with the real templates and hooks

PAGES = {
    "lv": {
        "index.md": "# Sākums\n\nCilvēku tirdzniecība ir noziegums.\n\n"
        "Zvani 116111 vai +371 28612120.\n",
        "platforms.md": "# Snapchat\n\nSnapchatā raksta svešinieki.\n\n## Tirdzniecības pazīmes\n\n"
        "Pazīmes, ka notiek tirdzniecība.\n",
        "only-lv.md": "# Tikai latviski\n\nŠī lapa nav tulkota.\n",
    },
    "ru": {
        "index.md": "# Главная\n\nТорговля людьми — преступление. Звони 116111.\n",
        "platforms.md": "# Snapchat\n\nВ Snapchat пишут незнакомцы.\n\n## Признаки торговли\n",
    },
    "uk": {
        "index.md": "# Головна\n\nТоргівля людьми — злочин. Телефонуй 116111.\n",
        "platforms.md": "# Snapchat\n\nУ Snapchat пишуть незнайомці.\n\n## Ознаки торгівлі\n",
    },
    "en": {
        "index.md": "# Home\n\nHuman trafficking is a crime. Call 116111.\n",
        "platforms.md": "# Snapchat\n\nStrangers write on Snapchat.\n\n## Signs of trafficking\n",
    },
}


def _config(root: Path) -> str:
    names = {"lv": "Latviešu", "ru": "Русский", "uk": "Українська", "en": "English"}
    languages = "".join(
        f"        - locale: {code}\n          name: {name}\n          build: true\n"
        + ("          default: true\n" if code == "lv" else "")
        for code, name in names.items()
    )
    return (
        "site_name: Search fixture\nsite_url: https://example.org/\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n  language: lv\n"
        "  features: [search.highlight]\n"
        f"hooks:\n  - {ROOT / 'hooks/site_data.py'}\n  - {ROOT / 'hooks/i18n_pages.py'}\n"
        f"  - {ROOT / 'hooks/postbuild.py'}\n"
        f"extra:\n  data_dir: {ROOT / 'data'}\n  helplines_max_age_days: 100000\n"
        "plugins:\n  - search\n  - i18n:\n      docs_structure: folder\n"
        "      fallback_to_default: true\n      reconfigure_material: true\n"
        f"      reconfigure_search: false\n      languages:\n{languages}"
    )


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("search-fixture")
    for lang, pages in PAGES.items():
        for name, text in pages.items():
            (root / "docs" / lang / name).parent.mkdir(parents=True, exist_ok=True)
            (root / "docs" / lang / name).write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(_config(root), encoding="utf-8")
    site = root / "site"
    result = mkdocs_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return site


def _index(site: Path, lang: str) -> dict:
    return json.loads(search.index_path(site, lang, "lv").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", LANGS)
def test_each_language_has_its_own_index_with_only_its_pages(fixture_site: Path, lang: str):
    index = _index(fixture_site, lang)
    assert index["config"][search.LANGUAGE_KEY] == lang
    expected = {"", "platforms/"} | ({"only-lv/"} if lang == "lv" else set())
    assert set(search.locations(index)) == expected  # fallback pages are not in the others
    prefix = "" if lang == "lv" else f"{lang}/"
    for location in search.locations(index):
        page = fixture_site / prefix / location / "index.html"
        assert f'<html lang="{lang}"' in page.read_text(encoding="utf-8"), page
    text = json.dumps(index, ensure_ascii=False)
    others = {"lv": "Tikai latviski", "ru": "Главная", "uk": "Головна", "en": "Strangers"}
    for other, marker in others.items():
        assert (marker in text) == (other == lang), (other, marker)


def test_indexes_are_utf8_not_escaped_and_sized(fixture_site: Path) -> None:
    raw = search.index_path(fixture_site, "uk", "lv").read_bytes()
    assert "Торгівля".encode() in raw and b"\\u0422" not in raw  # "Т", not escaped
    sizes = search.index_sizes(fixture_site)
    assert set(sizes) == set(LANGS) and all(size > 0 for size in sizes.values())
    assert sizes["uk"] == len(raw)
    packed = search.index_sizes(fixture_site, compressed=True)
    assert all(0 < packed[lang] < sizes[lang] for lang in LANGS)


def test_lunr_language_files_are_left_out_and_never_needed(fixture_site: Path) -> None:
    """Material's worker loads lunr/min/* only for an index whose lang is not just English."""
    assert (fixture_site / "assets" / "javascripts" / "workers").is_dir()
    assert not (fixture_site / search.LUNR_LANGUAGE_FILES).exists()
    for lang in LANGS:
        assert _index(fixture_site, lang)["config"]["lang"] == ["en"], lang


@pytest.mark.parametrize(
    ("page", "lang_root"),
    [
        ("index.html", ""),
        ("platforms/index.html", ""),
        ("ru/index.html", "ru/"),
        ("uk/platforms/index.html", "uk/"),
        ("en/404.html", "en/"),
    ],
)
def test_pages_point_materials_search_at_their_language(fixture_site: Path, page, lang_root):
    html = (fixture_site / page).read_text(encoding="utf-8")
    config = json.loads(re.search(r'<script id="__config"[^>]*>(.*?)</script>', html, re.S)[1])
    url = f"https://example.org/{page}"
    assert urljoin(url, config["base"]) == f"https://example.org/{lang_root}"
    assert urljoin(urljoin(url, config["base"]), search.INDEX.as_posix()) == (
        f"https://example.org/{lang_root}search/search_index.json"
    )


def test_reader_queries_find_the_fixture_pages(fixture_site: Path) -> None:
    """Queries readers type find the fixture pages through the built index."""
    cases = {
        "lv": ["cilveku tirdznieciba", "tirdzniecības", "Snapchat", "116111", "28612120"],
        "ru": ["торговли людьми", "торговлей", "Snapchat", "116111"],
        "uk": ["торгівлі людьми", "торгівлею", "Snapchat", "116111"],
        "en": ["trafficked", "traffickers", "Snapchat", "116111"],
    }
    for lang, queries in cases.items():
        docs = _index(fixture_site, lang)["docs"]
        for query in queries:
            assert any(matches(query, doc, lang) for doc in docs), (lang, query)
        assert not any(matches("vervēšana", doc, lang) for doc in docs)


def test_base_template_makes_the_search_change() -> None:
    """A translation's search uses its language's index: a listed change of the theme copy."""
    import theme_copy

    assert any(why.startswith("search in a translation") for why, _, _ in theme_copy.changes())
    assert "config.extra.lang_prefix" in (ROOT / "overrides/base.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_real_site_indexes_lessons_by_title_and_articles_in_full(site_dir: Path, lang: str):
    index = _index(site_dir, lang)
    lesson = [d for d in index["docs"] if d["location"].startswith("teachers/lesson-13-15/")]
    assert lesson[0]["location"] == "teachers/lesson-13-15/" and lesson[0]["text"]
    sections = lesson[1:]
    assert len(sections) >= 5 and all(d["title"] and d["text"] == "" for d in sections)
    helps = [d for d in index["docs"] if d["location"].startswith("help/#")]
    assert helps and any(d["text"] for d in helps)
