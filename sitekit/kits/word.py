"""Editable A4 DOCX documents written with python-docx from the structure of a page's HTML:
headings, paragraphs, lists with real numbering, tables, header and footer with page numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from sitekit.kits.archive import repack
from sitekit.kits.htmltree import Node, parse_html, text_of

LANG_TAGS = {"lv": "lv-LV", "ru": "ru-RU", "uk": "uk-UA", "en": "en-GB"}
HANDOUT_KEYS = {"check", "cards", "worksheet"}
LABEL_RE = re.compile(r"^[A-ZА-ЯЁІЇЄҐ]\.\s")  # a card's own label: "A. ", "Б. "
TEXT_WIDTH_MM = 170  # A4 less two 20 mm margins


def column_widths(rows: list[list[Node]], count: int, total: float) -> list[float]:
    """Column widths in mm by the longest word and the length of each column's text: a column
    of short entries (the plan's times) stays narrow, and no column is under its longest word."""
    longest = [0] * count
    amount = [0] * count
    for row in rows:
        for c, cell in enumerate(row):
            text = cell.text().strip()
            amount[c] += len(text)
            longest[c] = max([longest[c], *(len(w) for w in text.split())])
    floor = [min(total / count, max(14.0, 2.6 * n + 6)) for n in longest]
    rest = total - sum(floor)
    weight = sum(amount) or 1
    return [round(f + rest * a / weight, 1) for f, a in zip(floor, amount, strict=True)]


def _repeat_header(row) -> None:  # noqa: ANN001
    """Mark a table row as the header repeated at the top of each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _bottom_border(paragraph) -> None:  # noqa: ANN001
    """A line to write on: the paragraph's bottom border."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "1"), ("w:color", "8A8A8A")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _field(paragraph, instruction: str) -> None:  # noqa: ANN001
    """A Word field (PAGE, NUMPAGES) in ``paragraph``, shown as 1 until the reader updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"),
                       ("end", None)):  # fmt: skip
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        elif text == instruction:
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {instruction} "
            run._r.append(code)
        else:
            run.text = text


def header_and_footer(section, title: str, author: str) -> None:  # noqa: ANN001
    """The title in the header; the site name and "page N / M" in the footer."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    header = section.header.paragraphs[0]
    header.text = title
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if author:
        footer.add_run(f"{author} · ")
    _field(footer, "PAGE")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES")
    for paragraph in (header, footer):
        for run in paragraph.runs:
            run.font.size = Pt(8)


SKIP = {"script", "style", "svg", "button", "nav", "template", "input", "label", "img", "hr"}
INLINE = {"a", "abbr", "b", "br", "code", "em", "i", "kbd", "mark", "small", "span", "strong",
          "sub", "sup", "time", "u", "s"}  # fmt: skip


class _DocxWriter:
    """Walks the HTML tree and writes python-docx paragraphs, lists and tables."""

    def __init__(self, document) -> None:  # noqa: ANN001 - python-docx Document
        self.doc = document
        numbering = document.part.numbering_part.numbering_definitions._numbering
        self.numbering = numbering
        self.abstract = {}
        self.key = ""  # the lesson section being written
        self.page_break = False  # the next "##" heading starts a page
        self.after_handout = False
        for style in ("List Number", "List Number 2", "List Number 3"):
            num_id = document.styles[style].element.pPr.numPr.numId.val
            self.abstract[style] = numbering.num_having_numId(num_id).abstractNumId.val

    # Blocks --------------------------------------------------------------------------------

    def blocks(self, node: Node) -> None:
        pending: list[Node | str] = []
        for child in node.children:
            if isinstance(child, str) or child.tag in INLINE:
                pending.append(child)
                continue
            self._flush(pending)
            pending = []
            self.block(child)
        self._flush(pending)

    def _flush(self, pending: list[Node | str]) -> None:
        if "".join(c if isinstance(c, str) else c.text() for c in pending).strip():
            self.inline(self.doc.add_paragraph(), Node("p", children=pending))

    def block(self, node: Node) -> None:
        tag = node.tag
        if tag in SKIP or "lesson-downloads" in node.classes:
            return
        if tag == "section" and "lesson-section" in node.classes:
            self.section(node)
            return
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            heading = self.doc.add_heading(level=0 if level == 1 else min(level - 1, 4))
            if level == 2:
                self._heading_break(heading)
            self.inline(heading, node)
        elif tag == "p":
            bold = "admonition-title" in node.classes
            self.inline(self.doc.add_paragraph(), node, bold=bold)
        elif tag in ("ul", "ol"):
            self.list(node, level=1)
        elif tag == "table":
            self.table(node)
        elif tag == "dl":
            # One paragraph per term: "Term: description".
            term: Node | None = None
            for item in self._flatten(node, ("dt", "dd")):
                if item.tag == "dt":
                    if term is not None:
                        self.inline(self.doc.add_paragraph(), term, bold=True)
                    term = item
                    continue
                children: list[Node | str] = []
                if term is not None:
                    children = [Node("strong", children=[*term.children, ":"]), " "]
                self.inline(self.doc.add_paragraph(), Node("p", children=children + item.children))
                term = None
            if term is not None:
                self.inline(self.doc.add_paragraph(), term, bold=True)
        elif tag == "blockquote":
            for child in node.children:
                if isinstance(child, Node) and child.tag == "p":
                    self.inline(self.doc.add_paragraph(style="Quote"), child)
                elif isinstance(child, Node):
                    self.block(child)
        elif tag == "summary":
            self.inline(self.doc.add_paragraph(), node, bold=True)
        elif tag == "figcaption":
            self.inline(self.doc.add_paragraph(), node, italic=True)
        elif tag == "pre":
            paragraph = self.doc.add_paragraph()
            run = paragraph.add_run(node.text().rstrip("\n"))
            run.font.name = "Courier New"
        else:  # div, section, figure, details, article, …: their content
            self.blocks(node)

    def section(self, node: Node) -> None:
        """A lesson section (``<section class="lesson-section lesson-section--KEY">``): a page
        break before each handout and after the last; cards in boxes; room to write."""
        key = next((c.split("--", 1)[1] for c in node.classes if c.startswith("lesson-section--")),
                   "")  # fmt: skip
        handout = key in HANDOUT_KEYS
        if (handout or self.after_handout) and self.doc.paragraphs:
            self.page_break = True
        self.after_handout = handout
        self.key = key
        self.blocks(node)
        self.key = ""

    def _heading_break(self, paragraph) -> None:  # noqa: ANN001
        if self.page_break:
            paragraph.paragraph_format.page_break_before = True
            self.page_break = False

    def card(self, item: Node) -> None:
        """A scenario card: a one-cell table with a border, to print and cut out."""
        table = self.doc.add_table(rows=1, cols=1)
        table.style = "Table Grid"
        cell = table.cell(0, 0)
        first = True
        for child in item.children:
            if isinstance(child, Node) and child.tag not in INLINE:
                paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
                self.inline(paragraph, child)
                first = False
        inline = [c for c in item.children if isinstance(c, str) or c.tag in INLINE]
        if text_of(inline).strip():
            paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
            self.inline(paragraph, Node("p", children=inline))
        self.doc.add_paragraph()

    def answer_space(self, item: Node) -> None:
        """Room to write under a worksheet item: lines, a box for a drawing, or nothing."""
        from docx.shared import Mm

        classes = item.classes
        if "answer-none" in classes:
            return
        if "answer-box" in classes:
            table = self.doc.add_table(rows=1, cols=1)
            table.style = "Table Grid"
            row = table.rows[0]
            row.height = Mm(95)
            self.doc.add_paragraph()
            return
        count = next((int(c.rsplit("-", 1)[1]) for c in classes
                      if re.fullmatch(r"answer-lines-[1-9]", c)), 2)  # fmt: skip
        for _ in range(count):
            paragraph = self.doc.add_paragraph()
            paragraph.paragraph_format.space_before = Mm(6)
            _bottom_border(paragraph)

    def _flatten(self, node: Node, tags: tuple[str, ...]) -> Iterator[Node]:
        for child in node.children:
            if isinstance(child, Node):
                if child.tag in tags:
                    yield child
                else:
                    yield from self._flatten(child, tags)

    def list(self, node: Node, level: int) -> None:
        items = [c for c in node.children if isinstance(c, Node) and c.tag == "li"]
        if level == 1 and self.key == "cards":
            for item in items:
                self.card(item)
            return
        # Items that carry their own label ("A. …") are not numbered again ("1. A. …").
        labelled = bool(items) and all(LABEL_RE.match(item.text().strip()) for item in items)
        ordered = node.tag == "ol" and not labelled
        base = "List Number" if ordered else ("List" if labelled else "List Bullet")
        style = base if level == 1 else f"{base} {min(level, 3)}"
        num_id = None
        if ordered:
            num = self.numbering.add_num(self.abstract[style])
            num.add_lvlOverride(0).add_startOverride(int(node.attrs.get("start") or 1))
            num_id = num.numId
        for item in node.children:
            if not isinstance(item, Node) or item.tag != "li":
                continue
            paragraph = self.doc.add_paragraph(style=style)
            if num_id is not None:
                num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
                num_pr.get_or_add_ilvl().val = 0
                num_pr.get_or_add_numId().val = num_id
            inline: list[Node | str] = []
            first = True
            for child in item.children:
                if isinstance(child, Node) and child.tag in ("ul", "ol"):
                    self._list_text(paragraph, inline)
                    inline, first = [], False
                    self.list(child, level + 1)
                elif isinstance(child, Node) and child.tag not in INLINE:
                    if (
                        child.tag == "p"
                        and first
                        and not "".join(
                            c if isinstance(c, str) else c.text() for c in inline
                        ).strip()
                    ):
                        inline = list(child.children)
                        continue
                    self._list_text(paragraph, inline)
                    inline, first = [], False
                    paragraph = self.doc.add_paragraph(style="List Continue")
                    inline = [child] if child.tag != "p" else list(child.children)
                else:
                    inline.append(child)
            self._list_text(paragraph, inline)
            if level == 1 and self.key == "worksheet":
                self.answer_space(item)

    def _list_text(self, paragraph, inline: list[Node | str]) -> None:  # noqa: ANN001
        if inline:
            self.inline(paragraph, Node("span", children=inline))

    def table(self, node: Node) -> None:
        from docx.shared import Mm

        rows = list(self._flatten(node, ("tr",)))
        if not rows:
            return
        cells = [[c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]
                 for row in rows]  # fmt: skip
        width = max(len(r) for r in cells)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        table.autofit = False
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inline(paragraph, cell, bold=cell.tag == "th")
        widths = column_widths(cells, width, TEXT_WIDTH_MM)
        for r in range(len(rows)):
            for c, mm in enumerate(widths):
                table.cell(r, c).width = Mm(mm)
        for c, mm in enumerate(widths):
            table.columns[c].width = Mm(mm)
        if cells[0] and all(cell.tag == "th" for cell in cells[0]):
            _repeat_header(table.rows[0])
        self.doc.add_paragraph()

    # Inline --------------------------------------------------------------------------------

    def inline(self, paragraph, node: Node, *, bold: bool = False, italic: bool = False) -> None:  # noqa: ANN001
        segments: list[tuple[str, dict]] = []
        self._segments(node, {"bold": bold, "italic": italic}, segments)
        # Collapse white space across segments as a browser does.
        out: list[tuple[str, dict]] = []
        space = True
        for text, fmt in segments:
            if fmt.get("br"):
                out.append(("", fmt))
                space = True
                continue
            text = re.sub(r"\s+", " ", text)
            if space:
                text = text.lstrip(" ")
            if not text:
                continue
            space = text.endswith(" ")
            out.append((text, fmt))
        while out and (out[-1][1].get("br") or out[-1][0].endswith(" ")):
            text, fmt = out.pop()
            if not fmt.get("br") and text.rstrip():
                out.append((text.rstrip(), fmt))
                break
        for text, fmt in out:
            if fmt.get("br"):
                paragraph.add_run().add_break()
            elif fmt.get("href"):
                self._hyperlink(paragraph, text, fmt)
            else:
                self._run(paragraph.add_run(text), fmt)

    def _segments(self, node: Node, fmt: dict, out: list[tuple[str, dict]]) -> None:
        for child in node.children:
            if isinstance(child, str):
                out.append((child, fmt))
                continue
            tag = child.tag
            if tag in SKIP or "headerlink" in child.classes:
                continue
            if tag == "br":
                out.append(("", {**fmt, "br": True}))
                continue
            inner = dict(fmt)
            if tag in ("strong", "b", "th", "dt"):
                inner["bold"] = True
            elif tag in ("em", "i"):
                inner["italic"] = True
            elif tag in ("code", "kbd"):
                inner["code"] = True
            elif tag == "a":
                href = child.attrs.get("href", "")
                if href and not href.startswith("#"):
                    inner["href"] = href
            self._segments(child, inner, out)
            if tag == "a" and inner.get("href", "").startswith(("http://", "https://")):
                shown = child.text().strip().rstrip("/")
                target = inner["href"]
                bare = re.sub(r"^https?://", "", target).rstrip("/")
                if shown not in (target.rstrip("/"), bare):
                    out.append((f" ({target})", fmt))
            elif tag in ("p", "div", "li") and out and not out[-1][1].get("br"):
                out.append(("", {**fmt, "br": True}))

    @staticmethod
    def _run(run, fmt: dict) -> None:  # noqa: ANN001
        run.bold = fmt.get("bold") or None
        run.italic = fmt.get("italic") or None
        if fmt.get("code"):
            run.font.name = "Courier New"

    def _hyperlink(self, paragraph, text: str, fmt: dict) -> None:  # noqa: ANN001
        from docx.opc.constants import RELATIONSHIP_TYPE
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import RGBColor

        r_id = paragraph.part.relate_to(fmt["href"], RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), r_id)
        run = paragraph.add_run(text)
        self._run(run, fmt)
        run.font.underline = True
        run.font.color.rgb = RGBColor(0x17, 0x4A, 0x7C)
        run._r.getparent().remove(run._r)
        link.append(run._r)
        paragraph._p.append(link)


def html_to_docx(
    html: str, *, title: str, lang: str, description: str = "", author: str = "",
    keywords: str = "",
) -> bytes:  # fmt: skip
    """An editable A4 DOCX of ``html`` (a page's content), in language ``lang``."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    tag = LANG_TAGS.get(lang, lang)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), tag)
    language.set(qn("w:eastAsia"), tag)
    language.set(qn("w:bidi"), tag)
    rpr.append(language)
    props = document.core_properties
    props.title = title
    props.subject = description
    props.author = author
    props.keywords = keywords
    props.language = tag
    props.revision = 1
    props.comments = description
    # No creation or modification time: the same input gives the same bytes.
    for name in ("created", "modified"):
        for element in props._element.findall(qn(f"dcterms:{name}")):
            props._element.remove(element)
    header_and_footer(section, title, author)
    _DocxWriter(document).blocks(parse_html(html))
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue())
