"""Documents to files: PDF with WeasyPrint (as the lesson kits), PNG with CairoSVG, and small
PNG previews of the PDFs with PDFium (pypdfium2)."""

from __future__ import annotations

from collections.abc import Callable

from sitekit import downloads
from sitekit.errors import SiteDataError


def pdf(html: str, css: str, base_url: str, name: str, warn: Callable[[str], None] | None) -> bytes:
    """A tagged PDF of ``html``; nothing is fetched from the network."""
    try:
        data, messages = downloads.render_pdf(html, css, base_url)
    except downloads.OfflineError as exc:
        raise SiteDataError(
            "sitekit/campaign/templates", f"{name} needs a file from the network ({exc})",
            "use local files only",
        ) from None  # fmt: skip
    for message in messages:
        if warn:
            warn(f"campaign kit {name}: PDF: {message}")
    return data


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
