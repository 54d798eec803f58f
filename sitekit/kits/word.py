"""Editable A4 DOCX documents written with python-docx from the structure of a page's HTML:
headings, paragraphs, lists with real numbering, tables, header and footer with page numbers."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from sitekit.kits.archive import repack
from sitekit.kits.htmltree import Node, parse_html

LANG_TAGS = {"lv": "lv-LV", "ru": "ru-RU", "uk": "uk-UA", "en": "en-GB"}

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
        if re.fullmatch(r"h[1-6]", tag):
            level = int(tag[1])
            heading = self.doc.add_heading(level=0 if level == 1 else min(level - 1, 4))
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

    def _flatten(self, node: Node, tags: tuple[str, ...]) -> Iterator[Node]:
        for child in node.children:
            if isinstance(child, Node):
                if child.tag in tags:
                    yield child
                else:
                    yield from self._flatten(child, tags)

    def list(self, node: Node, level: int) -> None:
        ordered = node.tag == "ol"
        base = "List Number" if ordered else "List Bullet"
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

    def _list_text(self, paragraph, inline: list[Node | str]) -> None:  # noqa: ANN001
        if inline:
            self.inline(paragraph, Node("span", children=inline))

    def table(self, node: Node) -> None:
        rows = list(self._flatten(node, ("tr",)))
        if not rows:
            return
        cells = [[c for c in row.children if isinstance(c, Node) and c.tag in ("th", "td")]
                 for row in rows]  # fmt: skip
        width = max(len(r) for r in cells)
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                paragraph = table.cell(r, c).paragraphs[0]
                self.inline(paragraph, cell, bold=cell.tag == "th")
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
    _DocxWriter(document).blocks(parse_html(html))
    out = io.BytesIO()
    document.save(out)
    return repack(out.getvalue())
