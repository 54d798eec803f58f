"""A lesson's kit: the plan PDF, the handouts PDF, the DOCX and the ZIP, made (or taken from
the cache) from the lesson page's rendered HTML."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitekit.errors import SiteDataError
from sitekit.kits.archive import make_zip
from sitekit.kits.cache import DownloadCache, Entry, digest, package_version
from sitekit.kits.pdf import PDF_VARIANT, OfflineError, render_pdf
from sitekit.kits.sections import local_resources
from sitekit.kits.word import html_to_docx
from sitekit.sandbox import Sandbox

# Bump when the output of the package changes for the same input.
GENERATOR_VERSION = "2"
KINDS = ("plan", "handouts", "docx", "kit")
FORMATS = {"plan": "PDF", "handouts": "PDF", "docx": "DOCX", "kit": "ZIP"}
MEDIA_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "ZIP": "application/zip",
}


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


def _pdf_key(kit: KitInput, html: str, sandbox: Sandbox) -> str:
    resources = [part for item in local_resources(html, kit.base_url, sandbox) for part in item]
    return digest(
        "pdf", GENERATOR_VERSION, package_version("weasyprint"), PDF_VARIANT, html,
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
    docx_version = package_version("python-docx")
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
