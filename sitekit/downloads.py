"""Downloadable lesson kits: an A4 PDF of the plan, an A4 PDF of the handouts and scenario cards,
an editable DOCX and a ZIP of the three, made from a lesson page's rendered HTML.

PDFs are made by WeasyPrint (tagged PDF/UA-1, fonts found through fontconfig and embedded).
Every download reads only files inside docs/ and the site folder (:mod:`sitekit.sandbox`):
nothing from the network, no ``rel="attachment"``, no file elsewhere on the machine. The DOCX is
built with python-docx from the structure of the same HTML: headings, paragraphs, lists and
tables. Every file is cached under a name that holds the SHA-256 of what it is made from, so a
rebuild regenerates only what changed.
"""

from __future__ import annotations

import functools
import hashlib
import html as htmllib
import importlib.metadata
import io
import logging
import posixpath
import re
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from sitekit import cachefiles
from sitekit.errors import SiteDataError
from sitekit.sandbox import Sandbox

# Bump when the output of this module changes for the same input.
GENERATOR_VERSION = "2"
PDF_VARIANT = "pdf/ua-1"
LANG_TAGS = {"lv": "lv-LV", "ru": "ru-RU", "uk": "uk-UA", "en": "en-GB"}
KINDS = ("plan", "handouts", "docx", "kit")
FORMATS = {"plan": "PDF", "handouts": "PDF", "docx": "DOCX", "kit": "ZIP"}
MEDIA_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ZIP": "application/zip",
}
H2_SPLIT_RE = re.compile(r"(?=<h2[\s>])")
H2_TEXT_RE = re.compile(r"<h2[^>]*>(?P<inner>.*?)</h2>", re.S)
TAG_RE = re.compile(r"<[^>]+>")
ATTR_URL_RE = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"]*)"')
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


# --------------------------------------------------------------------------------------------
# Splitting and rewriting the page HTML


@dataclass(frozen=True)
class Chunk:
    """A ``<h2>`` section of the page: its heading text, the key of the required section it is
    (``None`` for other sections) and its HTML, heading included."""

    title: str
    key: str | None
    html: str


def split_sections(html: str) -> tuple[str, list[tuple[str, str]]]:
    """Split rendered page HTML at its ``<h2>`` headings: (preamble, [(heading text, html)])."""
    parts = H2_SPLIT_RE.split(html)
    preamble, sections = parts[0], []
    for part in parts[1:]:
        match = H2_TEXT_RE.match(part)
        inner = match.group("inner") if match else ""
        sections.append((" ".join(htmllib.unescape(TAG_RE.sub("", inner)).split()), part))
    return preamble, sections


def absolute_links(html: str, page_url: str) -> str:
    """Make relative ``href`` links absolute against ``page_url`` (a PDF or DOCX has no site
    around it); in-page anchors and ``src`` attributes stay as they are."""

    def replace(match: re.Match[str]) -> str:
        url = htmllib.unescape(match.group("url"))
        if match.group("attr") != "href" or not url or url.startswith("#") or urlsplit(url).scheme:
            return match.group(0)
        return f'{match.group("attr")}="{htmllib.escape(urljoin(page_url, url))}"'

    return ATTR_URL_RE.sub(replace, html)


def local_resources(html: str, base_url: str, sandbox: Sandbox) -> Iterator[tuple[str, bytes]]:
    """(url, bytes) of every local file an ``src`` attribute of ``html`` points at; a file the
    sandbox does not allow raises :class:`SiteDataError`."""
    for match in ATTR_URL_RE.finditer(html):
        if match.group("attr") != "src":
            continue
        url = urljoin(base_url, htmllib.unescape(match.group("url")))
        if urlsplit(url).scheme == "file":
            path = sandbox.path(url)
            if path.is_file():
                yield url, path.read_bytes()


# --------------------------------------------------------------------------------------------
# The cache


def digest(*parts: str | bytes) -> str:
    """SHA-256 over ``parts``, each length-prefixed so that no two inputs collide."""
    sha = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        sha.update(len(data).to_bytes(8, "big"))
        sha.update(data)
    return sha.hexdigest()


@dataclass
class CacheStats:
    generated: int = 0
    reused: int = 0
    seconds: float = 0.0  # time spent making files (cache misses)


@dataclass(frozen=True)
class Entry:
    """A file from the cache: its bytes, where the cache keeps it (``None`` when the cache could
    not store it) and whether it was made by this call."""

    data: bytes
    path: Path | None
    made: bool


class DownloadCache:
    """Files kept under ``<stem>.<hash>.<ext>``; storing a new version removes the old ones.

    An entry is checked when read (a PDF must start with %PDF- and end with %%EOF, a ZIP or DOCX
    must pass the ZIP checks) and made again if damaged; a cache folder that cannot be written
    only makes the build slower (``sitekit.cachefiles``).
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.stats = CacheStats()
        cachefiles.sweep_temporaries(self.root, ".*.tmp")

    def path(self, name: str, key: str) -> Path:
        stem, ext = posixpath.splitext(name)
        return self.root / f"{stem}.{key[:24]}{ext}"

    def get(self, name: str, key: str, make: Callable[[], bytes]) -> Entry:
        """The cached file for (name, key), made with ``make()`` on a miss."""
        path = self.path(name, key)
        data = cachefiles.read(path, cachefiles.check_for(path), folder=self.root)
        if data is not None:
            self.stats.reused += 1
            return Entry(data, path, made=False)
        started = time.perf_counter()
        data = make()
        self.stats.seconds += time.perf_counter() - started
        self.stats.generated += 1
        if not cachefiles.write(path, data, folder=self.root):
            return Entry(data, None, made=True)
        stem, ext = posixpath.splitext(name)
        old = re.compile(rf"{re.escape(stem)}\.[0-9a-f]{{24}}{re.escape(ext)}")
        try:
            siblings = list(self.root.glob(f"{stem}.*{ext}"))
        except OSError:
            siblings = []
        for sibling in siblings:
            if sibling != path and old.fullmatch(sibling.name):
                cachefiles.remove(sibling)
        return Entry(data, path, made=True)


# --------------------------------------------------------------------------------------------
# PDF


def render_pdf(
    html: str, stylesheet: str, base_url: str, sandbox: Sandbox | None = None
) -> tuple[bytes, list[str]]:
    """A tagged PDF/UA-1 of ``html`` styled by ``stylesheet``; (bytes, WeasyPrint warnings).

    Loads only what ``sandbox`` allows (no sandbox: no file at all, ``data:`` URLs only).
    Raises :class:`OfflineError` (with the URL) if the document refers to anything else.
    """
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    sandbox = sandbox or Sandbox(roots=())

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fetcher = sandbox.fetcher()
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        css = weasyprint.CSS(string=stylesheet, base_url=base_url, url_fetcher=fetcher)
        pdf = document.write_pdf(stylesheets=[css], pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as exc:
        raise OfflineError(str(exc), getattr(exc, "url", "")) from None
    finally:
        logger.removeHandler(handler)
    if fetcher.refused:  # refused inside an SVG image, where WeasyPrint carries on
        url = fetcher.refused[0]
        raise OfflineError(f"refused to fetch {url}", url)
    return pdf, messages


class OfflineError(Exception):
    """A document tried to load something the sandbox does not allow (``url``)."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


# --------------------------------------------------------------------------------------------
# HTML to DOCX


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("root")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index].tag == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(html: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.root


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
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as package:
        return make_zip([(info.filename, package.read(info)) for info in package.infolist()])


# --------------------------------------------------------------------------------------------
# ZIP


def make_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A ZIP of (name, bytes), byte-for-byte the same for the same members."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# A lesson's kit


@dataclass(frozen=True)
class KitInput:
    """Everything a lesson's downloads are made from."""

    name: str  # file stem, e.g. "lesson-13-15-lv"
    page: str  # for error messages, e.g. "docs/lv/teachers/lesson-13-15.md"
    lang: str
    title: str
    description: str
    author: str
    keywords: str
    plan_html: str  # complete print HTML document of the plan
    handouts_html: str  # complete print HTML document of the handouts and scenario cards
    content_html: str  # the page content, for the DOCX
    stylesheet: str  # the print stylesheet (CSS text)
    base_url: str  # where relative src="" of the documents resolve (a file:// URL)
    roots: tuple[str, ...] = ()  # the only folders the downloads may read (docs, site)
    source: str = ""  # the page's Markdown, for line numbers in errors

    def sandbox(self) -> Sandbox:
        return Sandbox.of(self.roots, self.page, self.source)


@dataclass(frozen=True)
class Download:
    """One file of a kit, as stored in the cache."""

    kind: str  # plan, handouts, docx, kit
    filename: str
    format: str  # PDF, DOCX, ZIP
    media_type: str
    size: int
    data: bytes
    path: Path | None  # the copy in the cache; None when the cache could not store it
    generated: bool


def filenames(stem: str) -> dict[str, str]:
    return {
        "plan": f"{stem}-plan.pdf",
        "handouts": f"{stem}-handouts.pdf",
        "docx": f"{stem}.docx",
        "kit": f"{stem}-kit.zip",
    }


@functools.cache
def _package_version(name: str) -> str:
    """An installed package's version, without importing it (WeasyPrint takes ~0.5 s)."""
    return importlib.metadata.version(name)


def _pdf_key(kit: KitInput, html: str, sandbox: Sandbox) -> str:
    resources = [part for item in local_resources(html, kit.base_url, sandbox) for part in item]
    return digest(
        "pdf", GENERATOR_VERSION, _package_version("weasyprint"), PDF_VARIANT, html,
        kit.stylesheet, *resources,
    )  # fmt: skip


def make_kit(
    kit: KitInput, cache: DownloadCache, warn: Callable[[str], None] | None = None
) -> list[Download]:
    """Make (or take from the cache) the plan PDF, handouts PDF, DOCX and ZIP of a lesson."""
    names = filenames(kit.name)
    sandbox = kit.sandbox()
    for html in (kit.content_html, kit.plan_html, kit.handouts_html):
        sandbox.check_html(html, kit.base_url)  # before the cache: a bad page never passes

    def pdf(html: str) -> Callable[[], bytes]:
        def make() -> bytes:
            try:
                data, messages = render_pdf(html, kit.stylesheet, kit.base_url, sandbox)
            except OfflineError as exc:
                raise sandbox.refusal(exc.url) or SiteDataError(
                    kit.page,
                    f"the printable version needs a file it may not read ({exc})",
                    "use files in docs/ only (e.g. docs/assets/)",
                ) from None
            for message in messages:
                if warn:
                    warn(f"{kit.page}: PDF: {message}")
            return data

        return make

    made: dict[str, Entry] = {}
    made["plan"] = cache.get(
        names["plan"], _pdf_key(kit, kit.plan_html, sandbox), pdf(kit.plan_html)
    )
    made["handouts"] = cache.get(
        names["handouts"], _pdf_key(kit, kit.handouts_html, sandbox), pdf(kit.handouts_html)
    )
    docx_version = _package_version("python-docx")
    docx_key = digest(
        "docx", GENERATOR_VERSION, docx_version, kit.lang, kit.title, kit.description,
        kit.author, kit.keywords, kit.content_html,
    )  # fmt: skip
    made["docx"] = cache.get(
        names["docx"],
        docx_key,
        lambda: html_to_docx(
            kit.content_html,
            title=kit.title,
            lang=kit.lang,
            description=kit.description,
            author=kit.author,
            keywords=kit.keywords,
        ),
    )
    members = [(names[kind], made[kind].data) for kind in ("plan", "handouts", "docx")]
    # Keyed by the members' bytes: every generator gives the same bytes for the same input, so
    # two builds sharing the cache (e.g. a preview and a test run) cannot mix versions.
    zip_key = digest(
        "zip", GENERATOR_VERSION, *(part for name, data in members for part in (name, data))
    )
    made["kit"] = cache.get(names["kit"], zip_key, lambda: make_zip(members))
    return [
        Download(
            kind=kind,
            filename=names[kind],
            format=FORMATS[kind],
            media_type=MEDIA_TYPES[FORMATS[kind]],
            size=len(made[kind].data),
            data=made[kind].data,
            path=made[kind].path,
            generated=made[kind].made,
        )
        for kind in KINDS
    ]


def human_size(size: int, lang: str, units: dict[str, str] | None = None) -> str:
    """``84 KB``, ``1,2 MB`` (decimal comma except in English); ``units`` maps KB/MB to labels."""
    units = units or {}
    if size < 1000 * 1000:
        number, unit = f"{max(1, round(size / 1000))}", "KB"
    else:
        number, unit = f"{size / 1_000_000:.1f}", "MB"
        if lang != "en":
            number = number.replace(".", ",")
    return f"{number}\u00a0{units.get(unit, unit)}"
