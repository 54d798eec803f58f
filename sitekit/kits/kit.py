"""A lesson's kit: the plan PDF, the handouts PDF, the DOCX, the slides and the ZIP (with the
shared sheets of the kit), made (or taken from the cache) from the lesson page's rendered HTML;
and the downloads of a shared kit page (safeguarding sheet, incident plan, parent letters,
evaluation form, teaching guide)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitekit.errors import SiteDataError
from sitekit.kits.archive import make_zip
from sitekit.kits.cache import DownloadCache, Entry, digest, package_version
from sitekit.kits.htmltree import Node, parse_html
from sitekit.kits.pdf import PDF_VARIANT, OfflineError, render_pdf
from sitekit.kits.sections import local_resources
from sitekit.kits.slides import DeckInput, deck, make_pptx
from sitekit.kits.word import html_to_docx
from sitekit.sandbox import Sandbox

# Bump when the output of the package changes for the same input.
GENERATOR_VERSION = "9"
KINDS = ("plan", "handouts", "docx", "slides", "kit")
FORMATS = {
    "plan": "PDF", "handouts": "PDF", "docx": "DOCX", "slides": "PPTX", "kit": "ZIP",
    "pdf": "PDF",
}  # fmt: skip
MEDIA_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ZIP": "application/zip",
}
README = "README.txt"


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
    deck: DeckInput | None = None  # what the slides are made from (no slides without it)
    extras: tuple[tuple[str, bytes], ...] = ()  # more ZIP members: the kit's shared sheets
    listing: str = ""  # the ZIP's README.txt: what each file is

    def sandbox(self) -> Sandbox:
        return Sandbox.of(self.roots, self.page, self.source)


@dataclass(frozen=True)
class Download:
    """One file of a kit, as stored in the cache."""

    kind: str  # plan, handouts, docx, slides, kit; pdf or docx for a shared sheet
    filename: str
    format: str  # PDF, DOCX, PPTX, ZIP
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
        "slides": f"{stem}-slides.pptx",
        "kit": f"{stem}-kit.zip",
    }


def _pdf_key(kit: KitInput, html: str, sandbox: Sandbox) -> str:
    resources = [part for item in local_resources(html, kit.base_url, sandbox) for part in item]
    return digest(
        "pdf", GENERATOR_VERSION, package_version("weasyprint"), PDF_VARIANT, html,
        kit.stylesheet, *resources,
    )  # fmt: skip


def _pdf_maker(
    kit: KitInput,
    sandbox: Sandbox,
    html: str,
    warn: Callable[[str], None] | None,
    fit: bool = False,
    one_page: bool = False,
) -> Callable[[], bytes]:
    def make() -> bytes:
        try:
            data, messages = render_pdf(
                html, kit.stylesheet, kit.base_url, sandbox, fit=fit,
                fallbacks=(balance_cards(html),) if fit else (), one_page=one_page,
            )  # fmt: skip
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


def balance_cards(html: str) -> str:
    """CSS that starts the second half of the scenario cards on a new page, so that no card is
    left alone on a page of its own."""
    root = parse_html(html)
    stack: list[Node | str] = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, Node):
            continue
        if node.tag == "section" and "lesson-section--cards" in node.classes:
            lists = [c for c in node.children if isinstance(c, Node) and c.tag in ("ol", "ul")]
            if not lists:
                return ""
            count = sum(1 for c in lists[0].children if isinstance(c, Node) and c.tag == "li")
            if count < 2:
                return ""
            k = (count + 1) // 2 + 1
            return (
                f".print--handouts .lesson-section--cards > ol > li:nth-child({k}),"
                f".print--handouts .lesson-section--cards > ul > li:nth-child({k})"
                " { break-before: page; }"
            )
        stack.extend(node.children)
    return ""


def _docx_entry(kit: KitInput, cache: DownloadCache, name: str) -> Entry:
    key = digest(
        "docx", GENERATOR_VERSION, package_version("python-docx"), kit.lang, kit.title,
        kit.description, kit.author, kit.keywords, kit.content_html,
    )  # fmt: skip
    return cache.get(
        name,
        key,
        lambda: html_to_docx(
            kit.content_html,
            title=kit.title,
            lang=kit.lang,
            description=kit.description,
            author=kit.author,
            keywords=kit.keywords,
        ),
    )


def _download(kind: str, filename: str, entry: Entry) -> Download:
    fmt = FORMATS[kind]
    return Download(
        kind=kind,
        filename=filename,
        format=fmt,
        media_type=MEDIA_TYPES[fmt],
        size=len(entry.data),
        data=entry.data,
        path=entry.path,
        generated=entry.made,
    )


def make_kit(
    kit: KitInput, cache: DownloadCache, warn: Callable[[str], None] | None = None
) -> list[Download]:
    """Make (or take from the cache) the plan PDF, handouts PDF, DOCX, slides (when the kit has
    a deck) and ZIP of a lesson; the ZIP also holds ``kit.extras`` and the listing."""
    names = filenames(kit.name)
    sandbox = kit.sandbox()
    for html in (kit.content_html, kit.plan_html, kit.handouts_html):
        sandbox.check_html(html, kit.base_url)  # before the cache: a bad page never passes

    made: dict[str, Entry] = {}
    for kind, html in (("plan", kit.plan_html), ("handouts", kit.handouts_html)):
        made[kind] = cache.get(
            names[kind],
            _pdf_key(kit, html, sandbox),
            _pdf_maker(kit, sandbox, html, warn, fit=kind == "handouts"),
        )
    made["docx"] = _docx_entry(kit, cache, names["docx"])
    if kit.deck is not None:
        slides = deck(kit.deck)
        key = digest(
            "pptx", GENERATOR_VERSION, package_version("python-pptx"), kit.lang, kit.title,
            kit.author, repr(slides),
        )  # fmt: skip
        made["slides"] = cache.get(
            names["slides"],
            key,
            lambda: make_pptx(slides, title=kit.title, lang=kit.lang, author=kit.author),
        )
    kinds = [kind for kind in KINDS if kind in made]
    members = [(names[kind], made[kind].data) for kind in kinds]
    members += list(kit.extras)
    if kit.listing:
        members.append((README, kit.listing.encode("utf-8")))
    # Keyed by the members' bytes: every generator gives the same bytes for the same input, so
    # two builds sharing the cache (e.g. a preview and a test run) cannot mix versions.
    zip_key = digest(
        "zip", GENERATOR_VERSION, *(part for name, data in members for part in (name, data))
    )
    made["kit"] = cache.get(names["kit"], zip_key, lambda: make_zip(members))
    return [_download(kind, names[kind], made[kind]) for kind in [*kinds, "kit"]]


def make_sheet(
    kit: KitInput,
    cache: DownloadCache,
    kinds: tuple[str, ...] = ("pdf", "docx"),
    warn: Callable[[str], None] | None = None,
    one_page: bool = False,
) -> list[Download]:
    """The downloads of a shared kit page: ``kit.name``.pdf from ``kit.plan_html`` and
    ``kit.name``.docx from ``kit.content_html``, as ``kinds`` asks; ``one_page``: the PDF is
    set in smaller type if it would run over one page."""
    sandbox = kit.sandbox()
    for html in (kit.content_html, kit.plan_html):
        sandbox.check_html(html, kit.base_url)
    found = []
    if "pdf" in kinds:
        name = f"{kit.name}.pdf"
        entry = cache.get(
            name,
            _pdf_key(kit, kit.plan_html, sandbox) + ("1" if one_page else ""),
            _pdf_maker(kit, sandbox, kit.plan_html, warn, one_page=one_page),
        )
        found.append(_download("pdf", name, entry))
    if "docx" in kinds:
        name = f"{kit.name}.docx"
        found.append(_download("docx", name, _docx_entry(kit, cache, name)))
    return found


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
