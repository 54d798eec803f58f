"""Lesson plans for teachers: the catalogue in data/lessons.yml, lesson metadata, the required
sections, and the model of the teachers' index page.

A lesson is a page whose front matter has a ``lesson:`` mapping::

    lesson:
      age_band: "13-15"
      duration: 40
      topics: [grooming, sextortion]

Every mistake raises :class:`SiteDataError` naming the file, the line and the fix.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from sitekit import yamlio
from sitekit.data import _child, _texts
from sitekit.errors import SiteDataError

LESSON_KEYS = ("age_band", "duration", "topics")
CATALOG_KEYS = ("age_bands", "topics", "max_duration", "sections", "help_cards")
FRONT_MATTER_RE = re.compile(
    r"\A---[ \t]*\r?\n(?P<yaml>.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
FENCE_RE = re.compile(r"^[ \t]{0,3}(```|~~~)")
H2_RE = re.compile(r"^##[ \t]+(?P<text>.+?)[ \t#]*$")
# A plan row's time: "0–5 min", "5 min", "35-40 мин", "12–27 хв" (minutes in any site language).
SLOT_RE = re.compile(
    r"^\s*(?:\*\*)?(\d+)(?:\s*[–—-]\s*(\d+))?\s*(?:min|мин|хв)[\w.]*(?:\*\*)?\s*$", re.I
)
TABLE_SEPARATOR_RE = re.compile(r"^\|?[\s:|-]+\|?\s*$")
INDEX_MARKER_RE = re.compile(r"^[ \t]*<!--\s*lessons-index\s*-->[ \t]*$", re.MULTILINE)


@dataclass(frozen=True)
class Section:
    """A section every lesson must have, with its ``##`` heading in each language."""

    key: str
    titles: dict[str, str]
    handout: bool


@dataclass(frozen=True)
class Catalog:
    """What data/lessons.yml allows: age bands, topics and the required sections."""

    path: Path
    age_bands: dict[str, dict[str, str]]  # id -> language -> label, in index order
    topics: dict[str, dict[str, str]]
    sections: tuple[Section, ...]
    max_duration: int
    help_cards: dict[str, tuple[str, ...]] = field(default_factory=dict)  # age band -> ids

    def titles(self, lang: str) -> list[str]:
        """The required ``##`` headings in ``lang``, in order."""
        return [section.titles[lang] for section in self.sections]

    def handout_titles(self, lang: str) -> list[str]:
        return [s.titles[lang] for s in self.sections if s.handout]

    def section_key(self, lang: str, title: str) -> str | None:
        """The key of the required section whose heading in ``lang`` is ``title``."""
        wanted = _norm(title)
        return next((s.key for s in self.sections if _norm(s.titles[lang]) == wanted), None)


@dataclass(frozen=True)
class Lesson:
    """One lesson page and its validated metadata."""

    slug: str  # file stem, the same in every language: "lesson-13-15"
    path: Path
    title: str
    description: str
    age_band: str
    duration: int
    topics: tuple[str, ...]
    headings: tuple[tuple[int, str], ...]  # (line, text) of every "## " heading
    h1_line: int

    def metadata(self) -> dict[str, Any]:
        return {"age_band": self.age_band, "duration": self.duration, "topics": list(self.topics)}


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_catalog(path: str | Path, languages: tuple[str, ...]) -> Catalog:
    """Validate data/lessons.yml."""
    path = Path(path)
    data, node = yamlio.read_file(path)
    if not isinstance(data, dict):
        raise SiteDataError(path, "expected a mapping", "start with age_bands:, topics:, sections:")
    lines = _key_lines(node)
    unknown = sorted(map(str, set(data) - set(CATALOG_KEYS)))
    if unknown:
        raise SiteDataError(
            path,
            f"unknown key {', '.join(unknown)}",
            f"use only {', '.join(CATALOG_KEYS)}",
            lines.get(unknown[0]),
        )
    found: dict[str, dict[str, dict[str, str]]] = {}
    for key, example in (("age_bands", '"13-15"'), ("topics", "grooming")):
        value = data.get(key)
        if not isinstance(value, dict) or not value:
            raise SiteDataError(
                path,
                f"no '{key}:' mapping",
                f"add {key}: with entries such as {example}: {{lv: …, ru: …, uk: …, en: …}}",
                lines.get(key),
            )
        item_lines = _key_lines(_child(node, key))
        for item in value:
            if not isinstance(item, str) or not item:
                raise SiteDataError(
                    path,
                    f"{key}: {item!r} is not a name",
                    f"write the name as text, in quotes if it has digits: {example}",
                    item_lines.get(item, lines.get(key)),
                )
        found[key] = {
            item: _texts(
                path,
                f"{key} '{item}'",
                labels,
                languages,
                item_lines.get(item, lines.get(key)),
                _child(_child(node, key), item),
            )
            for item, labels in value.items()
        }
    raw_sections = data.get("sections")
    if not isinstance(raw_sections, list) or not raw_sections:
        raise SiteDataError(
            path, "no 'sections:' list", "list the required sections", lines.get("sections")
        )
    sections = []
    section_nodes = _child(node, "sections")
    for index, raw in enumerate(raw_sections):
        item = section_nodes.value[index] if isinstance(section_nodes, yaml.SequenceNode) else None
        line = item.start_mark.line + 1 if item is not None else lines.get("sections")
        if not isinstance(raw, dict) or not isinstance(raw.get("key"), str) or not raw["key"]:
            raise SiteDataError(
                path, "a section needs a key", "write - key: … with lv, ru, uk, en", line
            )
        where = f"section '{raw['key']}'"
        handout = raw.get("handout", False)
        if not isinstance(handout, bool):
            raise SiteDataError(
                path,
                f"{where}: handout must be true or false, not {handout!r}",
                "write handout: true or handout: false, without quotes",
                _key_lines(item).get("handout", line),
            )
        titles = {k: v for k, v in raw.items() if k not in ("key", "handout")}
        sections.append(
            Section(
                key=raw["key"],
                titles=_texts(path, where, titles, languages, line, item),
                handout=handout,
            )
        )
    max_duration = data.get("max_duration", 240)
    if isinstance(max_duration, bool) or not isinstance(max_duration, int) or max_duration <= 0:
        raise SiteDataError(
            path,
            f"invalid max_duration {max_duration!r}",
            "write minutes, e.g. 240",
            lines.get("max_duration"),
        )
    return Catalog(
        path=path,
        age_bands=found["age_bands"],
        topics=found["topics"],
        sections=tuple(sections),
        max_duration=max_duration,
        help_cards=_help_cards(path, data.get("help_cards"), node, found["age_bands"]),
    )


def _help_cards(
    path: Path, raw: Any, node: yaml.Node | None, bands: dict[str, dict[str, str]]
) -> dict[str, tuple[str, ...]]:
    """``help_cards:``: for each age band, the helpline ids its pupils' help card lists."""
    line = _key_lines(node).get("help_cards")
    if raw is None:
        return {}
    example = 'help_cards: {"10-12": [childline, emergency]}'
    if not isinstance(raw, dict):
        raise SiteDataError(path, "help_cards must be a mapping", f"write {example}", line)
    lines = _key_lines(_child(node, "help_cards"))
    cards = {}
    for band, ids in raw.items():
        where = lines.get(str(band), line)
        if str(band) not in bands:
            raise SiteDataError(
                path,
                f"help_cards: unknown age band '{band}'",
                f'use one of {", ".join(bands)} (quote it: "13-15")',
                where,
            )
        if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
            raise SiteDataError(
                path,
                f"help_cards '{band}' must be a list of helpline ids",
                f"write {example}",
                where,
            )
        if len(set(ids)) != len(ids):
            raise SiteDataError(
                path, f"help_cards '{band}' lists a helpline twice", "list each id once", where
            )
        cards[str(band)] = tuple(ids)
    return cards


def _key_lines(node: yaml.Node | None, offset: int = 1) -> dict[str, int]:
    """1-based line of each top-level key of a YAML mapping node."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): k.start_mark.line + offset for k, _ in node.value}


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter YAML, body, 1-based line where the body starts)."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return "", text, 1
    return match.group("yaml") or "", text[match.end() :], text.count("\n", 0, match.end()) + 1


_read: dict[tuple[Path, str], tuple[tuple[int, int], Catalog, Lesson | None]] = {}


def read_lesson(path: str | Path, catalog: Catalog, *, page: str | None = None) -> Lesson | None:
    """Read a page; return its :class:`Lesson`, or ``None`` when it has no ``lesson:`` key.

    ``page`` is how errors name the file (defaults to the path). Several hooks ask for the same
    lessons in every language build: a result is kept until the file or the catalogue changes.
    """
    path = Path(path)
    name = page or str(path)
    stat = path.stat()
    key, version = (path, name), (stat.st_mtime_ns, stat.st_size)
    cached = _read.get(key)
    if cached and cached[0] == version and cached[1] == catalog:
        return cached[2]
    lesson = _read_lesson(path, catalog, name)
    _read[key] = (version, catalog, lesson)
    return lesson


def _read_lesson(path: Path, catalog: Catalog, name: str) -> Lesson | None:
    text = path.read_text(encoding="utf-8")
    front, body, body_line = split_front_matter(text)
    try:
        meta, node = yamlio.parse(front) if front else (None, None)
        meta = meta or {}
    except yaml.YAMLError as exc:  # the opening "---" is line 1
        raise yamlio.error(name, exc, line_offset=2, what="invalid front matter") from None
    if not isinstance(meta, dict) or "lesson" not in meta:
        return None
    lines = _key_lines(node, offset=2)  # the opening "---" is line 1
    lesson_line = lines.get("lesson")
    sub_lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == "lesson":
                sub_lines = _key_lines(v, offset=2)
    raw = meta["lesson"]
    example = 'lesson: {age_band: "13-15", duration: 40, topics: [grooming]}'
    if not isinstance(raw, dict):
        raise SiteDataError(name, "'lesson:' must be a mapping", f"write {example}", lesson_line)
    unknown = sorted(set(raw) - set(LESSON_KEYS))
    if unknown:
        raise SiteDataError(
            name,
            f"unknown lesson key {', '.join(map(str, unknown))}",
            f"use only {', '.join(LESSON_KEYS)}",
            sub_lines.get(str(unknown[0]), lesson_line),
        )
    bands = ", ".join(catalog.age_bands)
    if "age_band" not in raw or raw["age_band"] in (None, ""):
        raise SiteDataError(
            name, "lesson has no age_band", f"add age_band: one of {bands}", lesson_line
        )
    age_band = str(raw["age_band"])
    if age_band not in catalog.age_bands:
        raise SiteDataError(
            name,
            f"unknown age band '{age_band}'",
            f'use one of {bands} (quote it: "13-15"), or add it to {catalog.path.name}',
            sub_lines.get("age_band", lesson_line),
        )
    if "duration" not in raw or raw["duration"] is None:
        raise SiteDataError(
            name,
            "lesson has no duration",
            "add duration: the length in minutes, e.g. duration: 40",
            lesson_line,
        )
    duration = raw["duration"]
    if isinstance(duration, bool) or not isinstance(duration, int):
        raise SiteDataError(
            name,
            f"duration {duration!r} is not a number of minutes",
            "write whole minutes without a unit, e.g. duration: 40",
            sub_lines.get("duration", lesson_line),
        )
    if not 0 < duration <= catalog.max_duration:
        raise SiteDataError(
            name,
            f"duration {duration} is outside 1–{catalog.max_duration} minutes",
            "write the length of the lesson in minutes, e.g. duration: 40",
            sub_lines.get("duration", lesson_line),
        )
    topics = raw.get("topics")
    known = ", ".join(catalog.topics)
    if not isinstance(topics, list) or not topics:
        raise SiteDataError(
            name,
            "lesson has no topics list",
            f"add topics: [a list of {known}]",
            sub_lines.get("topics", lesson_line),
        )
    wrong = [str(t) for t in topics if str(t) not in catalog.topics]
    if wrong:
        raise SiteDataError(
            name,
            f"unknown topic {', '.join(wrong)}",
            f"use only {known}, or add the topic to {catalog.path.name}",
            sub_lines.get("topics", lesson_line),
        )
    if len(set(map(str, topics))) != len(topics):
        raise SiteDataError(
            name, "a topic is listed twice", "list each topic once", sub_lines.get("topics")
        )
    for key in ("title", "description"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            raise SiteDataError(
                name,
                f"{key} is {type(meta[key]).__name__}, not text",
                f'write {key}: "…" on one line, in quotes',
                lines.get(key, 2),
            )
    title = str(meta.get("title") or "").strip()
    if not title:
        raise SiteDataError(name, "lesson has no title", "add title: … to the front matter", 2)
    headings, h1_line = _headings(body, body_line)
    return Lesson(
        slug=path.stem,
        path=path,
        title=title,
        description=str(meta.get("description") or "").strip(),
        age_band=age_band,
        duration=duration,
        topics=tuple(str(t) for t in topics),
        headings=tuple(headings),
        h1_line=h1_line or body_line,
    )


def _headings(body: str, first_line: int) -> tuple[list[tuple[int, str]], int | None]:
    """The ``## `` headings (line, text) of a Markdown body outside code fences, and the H1 line."""
    found: list[tuple[int, str]] = []
    h1: int | None = None
    fence: str | None = None
    for number, line in enumerate(body.splitlines(), start=first_line):
        marker = FENCE_RE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence:
            continue
        if h1 is None and re.match(r"^#[ \t]+\S", line):
            h1 = number
        match = H2_RE.match(line)
        if match:
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", match.group("text"))  # attr_list {#id}
            found.append((number, text.strip()))
    return found, h1


def check_sections(lesson: Lesson, catalog: Catalog, lang: str, *, page: str | None = None) -> None:
    """Fail unless the lesson has every required ``##`` section of ``lang``, in order."""
    name = page or str(lesson.path)
    required = catalog.titles(lang)
    order = ", ".join(f"'## {t}'" for t in required)
    position = 0
    previous_line = lesson.h1_line
    previous = None
    for title in required:
        matches = [
            (index, line)
            for index, (line, text) in enumerate(lesson.headings)
            if _norm(text) == _norm(title)
        ]
        if not matches:
            after = f"after '## {previous}'" if previous else "after the '# ' title"
            raise SiteDataError(
                name,
                f"section '## {title}' is missing",
                f"add it {after}; every {lang} lesson has, in this order: {order}",
                previous_line,
            )
        index, line = matches[0]
        if index < position:
            raise SiteDataError(
                name,
                f"section '## {title}' (line {line}) comes before '## {previous}'",
                f"move it; the sections go in this order: {order}",
                line,
            )
        position, previous_line, previous = index, line, title


def slot_minutes(cell: str) -> int | None:
    """Minutes of a plan row's time cell: "0–5 min" is 5, "7 min" is 7, anything else ``None``."""
    match = SLOT_RE.match(cell)
    if not match:
        return None
    start, end = match.group(1), match.group(2)
    return int(end) - int(start) if end else int(start)


def plan_rows(markdown: str, heading: str) -> list[tuple[int, str, int | None]]:
    """(line, time cell, minutes) of each body row of the first table under ``## heading``."""
    rows: list[tuple[int, str, int | None]] = []
    _, body, first = split_front_matter(markdown)
    inside, fence, header_seen = False, None, False
    for number, line in enumerate(body.splitlines(), start=first):
        marker = FENCE_RE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else (fence or marker.group(1))
            continue
        if fence:
            continue
        match = H2_RE.match(line)
        if match:
            text = re.sub(r"\s*\{[^}]*\}\s*$", "", match.group("text")).strip()
            if inside:
                break
            inside = _norm(text) == _norm(heading)
            continue
        if not inside:
            continue
        stripped = line.strip()
        if not stripped.startswith("|"):
            if (rows or header_seen) and stripped:
                break  # the first table ended
            continue
        if TABLE_SEPARATOR_RE.match(stripped):
            continue
        if not header_seen:
            header_seen = True
            continue
        cell = stripped.strip("|").split("|", 1)[0].strip()
        rows.append((number, cell, slot_minutes(cell)))
    return rows


def check_timings(
    lesson: Lesson, catalog: Catalog, lang: str, *, markdown: str, page: str | None = None
) -> None:
    """Fail unless the first column of the plan's table adds up to ``lesson.duration``."""
    name = page or str(lesson.path)
    plan = next((s for s in catalog.sections if s.key == "plan"), None)
    if plan is None:
        return
    heading = plan.titles[lang]
    line = next((n for n, text in lesson.headings if _norm(text) == _norm(heading)), None)
    rows = [row for row in plan_rows(markdown, heading) if row[2] is not None]
    if not rows:
        raise SiteDataError(
            name,
            f"'## {heading}' has no table of time slots",
            "add a table whose first column is the time of each activity, e.g. | 0–5 min | … |",
            line,
        )
    total = sum(minutes for _, _, minutes in rows if minutes is not None)
    if total != lesson.duration:
        slots = ", ".join(f"{cell} (line {n})" for n, cell, _ in rows)
        raise SiteDataError(
            name,
            f"the time slots of '## {heading}' add up to {total} minutes, "
            f"but lesson duration is {lesson.duration} ({slots})",
            f"make the first column add up to {lesson.duration} minutes (give every activity "
            "and discussion its slot), or change duration: in the front matter",
            rows[0][0],
        )


def find_lessons(folder: Path, catalog: Catalog) -> dict[str, Lesson]:
    """Every lesson page directly in ``folder`` (``docs/<lang>/teachers``), by slug."""
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob("*.md")):
        lesson = read_lesson(path, catalog)
        if lesson is not None:
            found[lesson.slug] = lesson
    return found


def collect(
    docs_dir: Path, section: str, lang: str, default: str, catalog: Catalog
) -> dict[str, tuple[Lesson, bool]]:
    """The lessons a reader of ``lang`` sees: slug -> (lesson, is a fallback to ``default``)."""
    source = find_lessons(docs_dir / default / section, catalog)
    own = find_lessons(docs_dir / lang / section, catalog) if lang != default else source
    result = {slug: (lesson, False) for slug, lesson in own.items()}
    for slug, lesson in source.items():
        result.setdefault(slug, (lesson, True))
    return result


def metadata_mismatches(
    docs_dir: Path, section: str, languages: Iterable[str], default: str, catalog: Catalog
) -> list[str]:
    """Translations whose ``lesson:`` metadata differs from the source-language lesson."""
    source = find_lessons(docs_dir / default / section, catalog)
    problems = []
    for lang in languages:
        if lang == default:
            continue
        for slug, lesson in find_lessons(docs_dir / lang / section, catalog).items():
            original = source.get(slug)
            if original and original.metadata() != lesson.metadata():
                problems.append(
                    f"{lesson.path}: lesson metadata {lesson.metadata()} differs from "
                    f"{original.path} {original.metadata()}. Fix: copy the lesson: block of the "
                    f"{default} page"
                )
    return problems


def sort_key(lesson: Lesson, catalog: Catalog) -> tuple[int, str]:
    return (list(catalog.age_bands).index(lesson.age_band), lesson.slug)


def facts(lesson: Lesson, catalog: Catalog, lang: str) -> dict[str, Any]:
    """Age band, duration and topics of a lesson as labels in ``lang``, for templates."""
    return {
        "age_band": lesson.age_band,
        "age_band_label": catalog.age_bands[lesson.age_band][lang],
        "duration": lesson.duration,
        "topics": [{"id": t, "label": catalog.topics[t][lang]} for t in lesson.topics],
    }


def index_model(
    lessons: dict[str, tuple[Lesson, bool]],
    catalog: Catalog,
    lang: str,
    url_for: Callable[[Lesson], str],
) -> dict[str, list[dict[str, Any]]]:
    """The teachers' index: lessons grouped by age band and by topic (empty groups left out)."""
    entries = []
    for lesson, fallback in sorted(lessons.values(), key=lambda item: sort_key(item[0], catalog)):
        entries.append(
            {
                "slug": lesson.slug,
                "title": lesson.title,
                "description": lesson.description,
                "url": url_for(lesson),
                "fallback": fallback,
                **facts(lesson, catalog, lang),
            }
        )
    groups = [
        {
            "id": band,
            "label": labels[lang],
            "lessons": [e for e in entries if e["age_band"] == band],
        }
        for band, labels in catalog.age_bands.items()
    ]
    topics = [
        {
            "id": topic,
            "label": labels[lang],
            "lessons": [e for e in entries if topic in {t["id"] for t in e["topics"]}],
        }
        for topic, labels in catalog.topics.items()
    ]
    return {
        "lessons": entries,
        "groups": [g for g in groups if g["lessons"]],
        "topics": [t for t in topics if t["lessons"]],
    }


def expand_index(markdown: str, render: Callable[[], str]) -> tuple[str, int]:
    """Replace each ``<!-- lessons-index -->`` marker with ``render()``; return the count."""
    count = 0

    def replace(_: re.Match[str]) -> str:
        nonlocal count
        count += 1
        html = "\n".join(row for row in render().splitlines() if row.strip())
        return f"\n{html}\n"

    return INDEX_MARKER_RE.sub(replace, markdown), count
