"""Editable slides (PPTX, python-pptx) made from a lesson page's rendered sections: a title
slide, the objectives, one slide per row of the timed plan, one per scenario card, the
start-and-end check, the discussion questions and the help numbers. Every slide has speaker
notes: the facilitator notes (model answers for the cards) where the lesson has them, otherwise
the plan's own text. Text only: markup in the page never becomes markup in the slides."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field

from sitekit.kits.archive import repack
from sitekit.kits.htmltree import Node, parse_html

FONT = "DejaVu Sans"  # Latvian and Cyrillic letters
LABEL_RE = re.compile(r"^\s*([A-ZА-ЯЁІЇЄҐ])[.:)]\s")
FIXED_DATE = "2026-01-01T00:00:00"


@dataclass(frozen=True)
class Slide:
    title: str
    body: tuple[str, ...]  # paragraphs or bullet points
    notes: str


@dataclass(frozen=True)
class HelpLine:
    display: str
    name: str
    when: str = ""


@dataclass
class DeckInput:
    """What a lesson's slides are made from."""

    title: str
    subtitle: str  # age band, duration
    sections: list[tuple[str | None, str, str]]  # (key, heading text, html)
    help_title: str = ""
    help_lines: list[HelpLine] = field(default_factory=list)


def clean(text: str) -> str:
    """Text safe for an Office XML part: no control characters, collapsed white space."""
    text = "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cs", "Co") or ch in "\ufffe\uffff" else ch
        for ch in text
    )
    return " ".join(text.split())


def _elements(node: Node, tags: tuple[str, ...]) -> Iterator[Node]:
    for child in node.children:
        if isinstance(child, Node):
            if child.tag in tags:
                yield child
            else:
                yield from _elements(child, tags)


def _items(node: Node) -> list[Node]:
    """The list items of the first list in ``node`` (not nested lists')."""
    for child in _elements(node, ("ol", "ul")):
        return [c for c in child.children if isinstance(c, Node) and c.tag == "li"]
    return []


def _text(node: Node) -> str:
    parts: list[str] = []

    def walk(n: Node) -> None:
        for c in n.children:
            if isinstance(c, str):
                parts.append(c)
            elif c.tag in ("script", "style", "svg", "button", "template") or (
                "headerlink" in c.classes
            ):
                continue
            else:
                if c.tag in ("p", "li", "br", "div", "tr", "h3", "h4"):
                    parts.append(" ")
                walk(c)

    walk(node)
    return clean("".join(parts))


def _body(html: str) -> Node:
    """The section without its ``<h2>`` heading."""
    root = parse_html(html)
    root.children = [c for c in root.children if not (isinstance(c, Node) and c.tag == "h2")]
    return root


def _subsections(root: Node) -> list[tuple[str, Node]]:
    """The ``<h3>`` parts of a section, in order, with their heading text (the facilitator
    notes' check, cards, worksheet and "if a pupil asks" parts)."""
    parts: list[tuple[str, Node]] = []
    for child in root.children:
        if isinstance(child, Node) and child.tag == "h3":
            parts.append((_text(child).casefold(), Node("div")))
            continue
        if parts:
            parts[-1][1].children.append(child)
    return parts


def _label(text: str) -> str | None:
    """A card's own label: "A" of "A. Jauns sekotājs …"."""
    match = LABEL_RE.match(text)
    return match.group(1) if match else None


def _card_notes(root: Node) -> dict[str, str]:
    """Model answers in the facilitator notes by card label (items starting "A. …")."""
    notes: dict[str, str] = {}
    for item in _elements(root, ("li", "p")):
        text = _text(item)
        label = _label(text)
        if label and label not in notes:
            notes[label] = text
    return notes


def _lead(node: Node) -> str:
    """The bold lead of a card or plan row ("A. Jauns draugs spēlē."), else its first words."""
    strong = next(_elements(node, ("strong", "b")), None)
    if strong is not None and _text(strong):
        return _text(strong).rstrip(".:")
    words = _text(node).split()
    return " ".join(words[:8]) + ("…" if len(words) > 8 else "")


def deck(source: DeckInput) -> list[Slide]:
    """The slides of a lesson."""
    sections = {key: (heading, _body(html)) for key, heading, html in source.sections if key}
    facilitator = sections.get("facilitator")
    parts = dict(_subsections(facilitator[1])) if facilitator else {}
    card_notes = _card_notes(facilitator[1]) if facilitator else {}
    asks = _text(list(parts.values())[-1]) if parts else ""
    plan_text = _text(sections["plan"][1]) if "plan" in sections else ""

    def notes_for(key: str) -> str:
        """The facilitator notes' part headed like section ``key`` ("### Darba lapa")."""
        heading = sections[key][0].casefold() if key in sections else None
        return _text(parts[heading]) if heading in parts else ""

    materials = _text(sections["materials"][1]) if "materials" in sections else ""
    slides = [Slide(source.title, (source.subtitle,), materials or plan_text or source.title)]
    if "objectives" in sections:
        heading, body = sections["objectives"]
        items = tuple(_text(li) for li in _items(body)) or (_text(body),)
        notes = _text(sections["sensitivity"][1]) if "sensitivity" in sections else ""
        slides.append(Slide(heading, items, notes or " ".join(items)))
    if "check" in sections:
        heading, body = sections["check"]
        items = tuple(_text(li) for li in _items(body))
        if not items:  # the statements in a table: its first text column
            items = tuple(
                _text(cells[1] if len(cells) > 1 else cells[0])
                for row in _elements(body, ("tr",))
                if (cells := [c for c in row.children if isinstance(c, Node) and c.tag == "td"])
            )
        slides.append(Slide(heading, items or (_text(body),), notes_for("check") or _text(body)))
    if "plan" in sections:
        _, body = sections["plan"]
        for row in _elements(body, ("tr",)):
            cells = [c for c in row.children if isinstance(c, Node) and c.tag == "td"]
            if len(cells) < 2:
                continue
            slot, what = _text(cells[0]), cells[1]
            slides.append(Slide(f"{_lead(what)} ({slot})", (_lead(what),), _text(what)))
    if "cards" in sections:
        heading, body = sections["cards"]
        for card in _items(body):
            text = _text(card)
            notes = card_notes.get(_label(text) or "", "")
            slides.append(Slide(_lead(card), (text,), notes or plan_text or text))
    if "questions" in sections:
        heading, body = sections["questions"]
        items = tuple(_text(li) for li in _items(body)) or (_text(body),)
        notes = " ".join(n for n in (notes_for("questions"), asks) if n)
        slides.append(Slide(heading, items, notes or " ".join(items)))
    if source.help_lines:
        lines = tuple(f"{h.display} — {h.name}" for h in source.help_lines)
        notes = _text(sections["help"][1]) if "help" in sections else ""
        whens = " ".join(f"{h.display}: {h.when}" for h in source.help_lines if h.when)
        slides.append(Slide(source.help_title, lines, notes or whens or " ".join(lines)))
    return [Slide(clean(s.title), tuple(clean(b) for b in s.body if clean(b)), clean(s.notes))
            for s in slides]  # fmt: skip


def _size(text_length: int) -> int:
    """A font size in points that lets the text fit a 4:3 slide's body."""
    for limit, size in ((120, 28), (260, 24), (420, 20), (650, 16)):
        if text_length <= limit:
            return size
    return 13


def make_pptx(slides: list[Slide], *, title: str, lang: str, author: str = "") -> bytes:
    """An editable PPTX of ``slides`` with speaker notes, in language ``lang``."""
    import datetime as dt

    from pptx import Presentation
    from pptx.util import Pt

    from sitekit.kits.word import LANG_TAGS

    deck_file = Presentation()
    tag = LANG_TAGS.get(lang, lang)
    for index, slide in enumerate(slides):
        layout = deck_file.slide_layouts[0 if index == 0 else 1]
        page = deck_file.slides.add_slide(layout)
        page.shapes.title.text = slide.title
        body = page.placeholders[1]
        frame = body.text_frame
        frame.word_wrap = True
        size = _size(sum(len(b) for b in slide.body))
        for number, text in enumerate(slide.body):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.text = text
        for shape in (page.shapes.title, body):
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    run.font.name = FONT
                    if shape is body and index:
                        run.font.size = Pt(size)
                    run._r.get_or_add_rPr().set("lang", tag)
        notes = page.notes_slide.notes_text_frame
        notes.text = slide.notes
        for paragraph in notes.paragraphs:
            for run in paragraph.runs:
                run.font.name = FONT
                run._r.get_or_add_rPr().set("lang", tag)
    props = deck_file.core_properties
    props.title = title
    props.author = author
    props.language = tag
    props.last_modified_by = author
    props.revision = 1
    fixed = dt.datetime.fromisoformat(FIXED_DATE)
    props.created = fixed
    props.modified = fixed
    out = io.BytesIO()
    deck_file.save(out)
    return repack(out.getvalue())
