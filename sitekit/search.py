"""One search index per language, in the format Material's unchanged search worker reads.

Material's search plugin writes a single index; with mkdocs-static-i18n it holds every language,
and lunr has no Latvian or Ukrainian support. ``language_index`` turns the plugin's output into
the index for one language:

* only that language's pages, with locations relative to the language's root; the page template
  gives Material that root as ``base``, so results link to pages in the same language;
* no lunr language pipeline (``lang: ["en"]`` with an empty ``pipeline`` means plain lunr with no
  trimmer, stop words or stemmer), so no language is run through another language's stemmer;
* all word handling is in the ``separator``, which Material applies in the same way to the pages
  and to every query. Besides spaces and punctuation it swallows a word's inflectional ending
  when three or more letters stay before it: "tirdzniecība", "tirdzniecības" and "tirdzniecībai"
  all become the token "tirdzniecīb" on both sides, and Material's trailing wildcard adds prefix
  matching on top;
* two hidden fields, ``title_alt`` and ``text_alt``, with the spellings readers type instead:
  Latvian without diacritics, Russian "е" for "ё", phone numbers without their spaces;
* a section repeated word for word on many pages (a helpline card) is indexed once, on the page
  that has the most such sections (the help page), instead of once per page.

Nothing here imports MkDocs; ``tokens`` mirrors the worker's tokenizer for tests and checks.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

INDEX = Path("search") / "search_index.json"
#: Key in an index's ``config`` naming the site language; Material's worker ignores it.
LANGUAGE_KEY = "language"
#: Material's lunr language support (stemmers, Japanese and Thai segmenters: 1.3 MB). Its worker
#: loads them only for an index whose ``lang`` is not just English, and every index here is.
LUNR_LANGUAGE_FILES = "assets/javascripts/lunr/"
#: Hidden fields with alternative spellings, boosted like the field they mirror.
ALT_FIELDS = {"title": "title_alt", "text": "text_alt"}

# Letters of the four languages (Latin, Latin-1, Latin Extended-A/B, Cyrillic), apostrophes.
# Plain ranges only: the same pattern runs in Python (tests) and in the browser (no flags).
LETTERS = r"A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u0400-\u04FF"
APOSTROPHES = r"'\u2019\u02BC"
MIN_STEM = 3


@dataclass(frozen=True)
class Language:
    """How one language is tokenised: endings cut from words, and alternative spellings."""

    code: str
    endings: str = ""  # space-separated
    fold: dict[str, str] = field(default_factory=dict)

    table: dict[int, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "table", str.maketrans(self.fold))

    def folded(self, word: str) -> str:
        """``word`` spelt the way a reader without the special letters types it."""
        return word.translate(self.table)


LANGUAGES: dict[str, Language] = {
    # Nouns and adjectives of all six declensions, definite adjectives; also without diacritics,
    # for the folded spellings and for queries typed without. Not "am" (dative): it would cut
    # "Instagram" and "Telegram" to "instagr", which "Instagramā" (cut to "instagram") misses.
    "lv": Language(
        "lv",
        endings="ajiem ajām ajās ajai ajam ajos ajā iem ais ām ās ēm ēs īm īs as ai ei es is us"
        " os um ie im a ā e ē i ī o s š u ū ajas aja em",
        fold=dict(zip("āčēģīķļņōŗšūžĀČĒĢĪĶĻŅŌŖŠŪŽ", "acegiklnorsuzACEGIKLNORSUZ", strict=True)),
    ),
    # Noun and adjective endings; no verb endings that are bare consonants ("л", "т"): they cut
    # nouns ("телефон", "ответ") differently in different cases.
    "ru": Language(
        "ru",
        endings="иями ями ами ьми ого его ому ему ыми ими иях ием ях ах ой ей ий ый ая яя ое ее"
        " ые ие ую юю ою ею ом ем ам ям ым им ов ев их ых ия ья ье ию ью ии а я о е ы и у ю ь",
        fold={"ё": "е", "Ё": "Е"},
    ),
    # Ukrainian's own endings (і, ї, є), never the Russian ones.
    "uk": Language(
        "uk",
        endings="ями ами ьми ього ьому ого ому ими іми ях ах ою ею єю ом ем єм ам ям им ім ів їв"
        " ей ий ій ої их іх а я о е є у ю і ї и ь",
        fold={"ґ": "г", "Ґ": "Г"},
    ),
    "en": Language("en", endings="ings ing ers ies er ed es ly e s y"),
}


def get(lang: str) -> Language:
    """The rules for ``lang``; a language without its own rules gets no endings and no folding."""
    return LANGUAGES.get(lang, Language(lang))


def separator(lang: str) -> str:
    """The tokenizer pattern for ``lang`` (Material's ``search.separator``).

    Alternatives, leftmost first: an HTML entity of the escaped page text; an apostrophe with a
    clitic of up to two letters at a word's end (it's, інтерв'ю); anything that is not a letter or
    digit; a word's ending after at least ``MIN_STEM`` letters. Digits are never cut, so phone
    numbers stay whole. The lookbehind needs Chrome 62, Firefox 78 or Safari 16.4 (March 2023);
    older browsers cannot build the pattern, and search does not start there.
    """
    words = set(get(lang).endings.split())
    endings = sorted(words | {e.upper() for e in words}, key=lambda e: (-len(e), e))
    parts = [
        r"&(?:#\d+;|[a-z]+;)?",
        rf"[{APOSTROPHES}](?:[{LETTERS}]{{1,2}}(?![{LETTERS}0-9]))?",
        rf"[^{LETTERS}0-9{APOSTROPHES}&]+",
    ]
    if endings:
        parts.append(
            rf"(?<=[{LETTERS}]{{{MIN_STEM}}})(?:{'|'.join(endings)})"
            rf"(?![{LETTERS}0-9])"
        )
    return "|".join(parts)


@functools.cache
def _splitter(lang: str) -> re.Pattern[str]:
    return re.compile(separator(lang))


def tokens(text: str, lang: str) -> list[str]:
    """The tokens Material's worker makes of ``text`` (markup removed): split, then lowercased."""
    plain = re.sub(r"<[^>]*>", " ", text)
    return [token.lower() for token in _splitter(lang).split(plain) if token]


_WORD = re.compile(rf"[{LETTERS}0-9{APOSTROPHES}]+")
_PHONE = re.compile(r"(?<![\d+])\+?\d+(?:[ \u00a0\u202f]\d+)+(?!\d)")


_SPACED_DIGITS = re.compile(r"\d[ \u00a0\u202f]\d")


@functools.cache
def _special_words(lang: str) -> re.Pattern[str] | None:
    """Words with a letter that readers may type differently (``None``: the language has none)."""
    letters = "".join(get(lang).fold)
    if not letters:
        return None
    word = rf"[{LETTERS}0-9{APOSTROPHES}]"
    return re.compile(rf"{word}*[{re.escape(letters)}]{word}*")


_LETTERS_ONLY = re.compile(rf"[{LETTERS}]+")


@functools.cache
def _endings(lang: str) -> frozenset[str]:
    words = get(lang).endings.split()
    return frozenset(words) | {e.upper() for e in words}


def word_tokens(word: str, lang: str) -> tuple[str, ...]:
    """``tokens(word, lang)`` for one word, without compiling the separator for plain words.

    The separator cuts the leftmost ending that has ``MIN_STEM`` letters before it and reaches
    the end of the word; a word of letters only needs no more than that.
    """
    if not _LETTERS_ONLY.fullmatch(word):
        return tuple(tokens(word, lang))
    endings = _endings(lang)
    for cut in range(MIN_STEM, len(word)):
        if word[cut:] in endings:
            return (word[:cut].lower(),)
    return (word.lower(),)


@functools.lru_cache(maxsize=65536)
def _folded_alternate(word: str, lang: str) -> str | None:
    """``word`` folded, when that gives a different token; else ``None``."""
    folded = get(lang).folded(word)
    return folded if word_tokens(folded, lang) != word_tokens(word, lang) else None


def alternates(text: str, lang: str) -> str:
    """Spellings of ``text``'s words that readers type but the text does not contain.

    A folded word is left out when its token is the same ("Latvijā" and "Latvija" are both
    "latvij"): only the special letters of the stem make a difference. Of several folded words
    with the same token ("tirdzniecibas", "tirdzniecibai") one is kept: search sees tokens.
    """
    plain = re.sub(r"<[^>]*>", " ", text)
    found: dict[str, None] = {}
    seen: set[tuple[str, ...]] = set()  # one spelling per token: "Latvijas", "Latvija" are one
    special = _special_words(lang)
    for word in special.findall(plain) if special else ():
        folded = _folded_alternate(word, lang)
        if folded:
            token = word_tokens(folded, lang)
            if token not in seen:
                seen.add(token)
                found[folded] = None
    for number in _PHONE.findall(plain) if _SPACED_DIGITS.search(plain) else ():
        digits = re.sub(r"\D", "", number)
        if 6 <= len(digits) <= 15:
            found[digits] = None
    return " ".join(found)


def language_of(location: str, languages: Sequence[str], default: str) -> str:
    """The language of an index location (``ru/help/#x`` is Russian, ``help/`` the default)."""
    first = location.split("/", 1)[0].split("#", 1)[0]
    return first if first in languages and first != default else default


def _page(doc: dict[str, Any]) -> str:
    return doc["location"].split("#", 1)[0]


def drop_repeats(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep one copy of each section that several pages repeat word for word.

    The copy kept is on the page with the most repeated sections (ties: the earlier page), so
    helpline cards shown on every page are found once, on the help page. Pages themselves (the
    entries without ``#``) always stay.
    """

    def key(doc: dict[str, Any]) -> tuple[str, str]:
        return doc.get("title", ""), doc.get("text", "")

    # A section with a title only (a lesson's "Goals") says nothing twice: each page keeps it.
    sections = [doc for doc in docs if "#" in doc["location"] and doc.get("text")]
    repeated = {k for k, n in Counter(map(key, sections)).items() if n > 1}
    weight = Counter(_page(doc) for doc in sections if key(doc) in repeated)
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for doc in sections:
        k = key(doc)
        if k in repeated and (k not in kept or weight[_page(doc)] > weight[_page(kept[k])]):
            kept[k] = doc
    keep = {id(doc) for doc in kept.values()}
    return [
        doc
        for doc in docs
        if "#" not in doc["location"] or key(doc) not in repeated or id(doc) in keep
    ]


def language_index(
    index: dict[str, Any],
    *,
    lang: str,
    languages: Sequence[str],
    default: str,
    titles_only: Collection[str] = (),
) -> dict[str, Any]:
    """The index for ``lang`` made from Material's index (which may hold every language).

    Locations become relative to the language's root (``ru/help/`` becomes ``help/``). The
    sections of the pages in ``titles_only`` (locations as in Material's index, ``ru/x/``) keep
    their titles but not their text: the page's own entry, with its introduction, stays whole.
    """
    prefix = "" if lang == default else f"{lang}/"
    fields = dict(index["config"].get("fields") or {})
    fields.setdefault("title", {"boost": 1000.0})
    fields.setdefault("text", {"boost": 1.0})
    for source, alt in ALT_FIELDS.items():
        fields[alt] = dict(fields[source])
    docs = []
    for entry in index["docs"]:
        if language_of(entry["location"], languages, default) != lang:
            continue
        doc = dict(entry)
        if "#" in entry["location"] and _page(entry) in titles_only:
            doc["text"] = ""
        doc["location"] = entry["location"][len(prefix) :] if prefix else entry["location"]
        for source, alt in ALT_FIELDS.items():
            extra = alternates(doc.get(source) or "", lang)
            if extra:
                doc[alt] = extra
        docs.append(doc)
    config = {
        "lang": ["en"],
        "separator": separator(lang),
        "pipeline": [],
        "fields": fields,
        LANGUAGE_KEY: lang,
    }
    return {"config": config, "docs": drop_repeats(docs)}


def index_path(site_dir: str | Path, lang: str, default: str) -> Path:
    """Where ``lang``'s index goes: ``search/…`` at the root, ``<lang>/search/…`` otherwise."""
    root = Path(site_dir)
    return root / INDEX if lang == default else root / lang / INDEX


def dumps(index: dict[str, Any]) -> str:
    """Compact JSON with letters as UTF-8 (a Cyrillic letter is 2 bytes, not a 6-byte escape)."""
    return json.dumps(index, ensure_ascii=False, separators=(",", ":"))


def index_sizes(site_dir: str | Path, *, compressed: bool = False) -> dict[str, int]:
    """Bytes of each language's search index in a built site (gzip -9 size if ``compressed``)."""
    root = Path(site_dir)
    sizes: dict[str, int] = {}
    for path in [root / INDEX, *sorted(root.glob(f"*/{INDEX.as_posix()}"))]:
        if not path.is_file():
            continue
        data = path.read_bytes()
        lang = json.loads(data)["config"].get(LANGUAGE_KEY)
        if lang:
            sizes[lang] = len(gzip.compress(data, 9)) if compressed else len(data)
    return sizes


def locations(index: dict[str, Any]) -> Iterable[str]:
    """The page locations (without ``#section``) an index links to."""
    return dict.fromkeys(doc["location"].split("#", 1)[0] for doc in index["docs"]).keys()
