"""Documents to files: PDF with WeasyPrint (as the lesson kits), PNG with CairoSVG, and small
PNG previews of the PDFs with PDFium (pypdfium2)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import urlsplit

from sitekit import downloads
from sitekit.errors import SiteDataError


def pdf(
    html: str,
    css: str,
    base_url: str,
    name: str,
    warn: Callable[[str], None] | None,
    pages: int | None = None,
) -> bytes:
    """A tagged PDF/UA-1 of ``html``; nothing is fetched from the network. With ``pages``, the
    layout is checked first: that many pages, and on each the text ends above the QR code."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class LocalOnly(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None):  # type: ignore[override]
            if urlsplit(url).scheme.lower() not in ("file", "data"):
                raise FatalURLFetchingError(f"refused to fetch {url}")
            return super().fetch(url, headers)

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        fetcher = LocalOnly()
        document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
            stylesheets=[weasyprint.CSS(string=css, base_url=base_url, url_fetcher=fetcher)]
        )
        if pages is not None:
            problem = layout_problem(document, pages)
            if problem:
                raise SiteDataError(
                    "data/campaign.yml",
                    f"the texts do not fit {name}: {problem}",
                    "shorten this item's texts in that language",
                )
        data = document.write_pdf(pdf_variant=downloads.PDF_VARIANT)
    except FatalURLFetchingError as exc:
        raise SiteDataError(
            "sitekit/campaign/templates", f"{name} needs a file from the network ({exc})",
            "use local files only",
        ) from None  # fmt: skip
    finally:
        logger.removeHandler(handler)
    for message in messages:
        if warn:
            warn(f"campaign kit {name}: PDF: {message}")
    return data


def _classes(box: object) -> set[str]:
    element = getattr(box, "element", None)
    return set((element.get("class") or "").split()) if element is not None else set()


def _boxes(box: object, cls: str) -> list:
    found = [box] if cls in _classes(box) else []
    for child in getattr(box, "children", ()):
        found += _boxes(child, cls)
    return found


def layout_problem(document: object, pages: int) -> str:
    """Why a rendered item does not fit (or ""): its page count, text that runs into the QR
    code or off its page, or off a wallet card."""
    if len(document.pages) != pages:  # type: ignore[attr-defined]
        return f"{len(document.pages)} pages instead of {pages}"  # type: ignore[attr-defined]
    for number, page in enumerate(document.pages, 1):  # type: ignore[attr-defined]
        for sheet in _boxes(page._page_box, "sheet"):
            floor = sheet.position_y + sheet.margin_height()
            flow = [c for c in sheet.children if "qr" not in _classes(c)]
            codes = [c for c in sheet.children if "qr" in _classes(c)]
            if codes:
                floor = min(floor, *(c.position_y for c in codes))
            bottom = max((c.position_y + c.margin_height() for c in flow), default=0)
            if bottom > floor:
                return f"on page {number} the text runs {bottom - floor:.0f} px into the QR code"
        for card in _boxes(page._page_box, "card"):
            edge = card.position_y + card.margin_height()
            bottom = max((c.position_y + c.margin_height() for c in card.children), default=0)
            if bottom > edge:
                return f"the text runs {bottom - edge:.0f} px off a card"
    return ""


def png(svg: str, width: int, height: int) -> bytes:
    """A PNG of exactly ``width`` × ``height`` pixels; CairoSVG loads no external file."""
    import cairosvg

    return cairosvg.svg2png(
        bytestring=svg.encode("utf-8"), output_width=width, output_height=height, unsafe=False
    )


def pdf_preview(data: bytes, width: int) -> bytes:
    """A PNG of the first page of a PDF, ``width`` pixels wide (bleed included), by PDFium."""
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        page = document[0]
        image = page.render(scale=width / page.get_width()).to_pil()
        if image.width != width:  # PDFium rounds the page size up
            image = image.resize((width, round(image.height * width / image.width)))
        out = io.BytesIO()
        image.convert("RGB").save(out, format="PNG", optimize=True)
        return out.getvalue()
    finally:
        document.close()
