"""Tagged PDF/UA-1 documents made by WeasyPrint, reading only what the sandbox allows."""

from __future__ import annotations

import logging

from sitekit.sandbox import Sandbox

PDF_VARIANT = "pdf/ua-1"
MIN_FILL = 0.25  # no page of a multi-page handout may be less than a quarter full
# Tighter spacing, tried when a page of a document is nearly empty (a card that spilled over):
# the type stays as large, only the room around it shrinks.
COMPACT_CSS = """
.print--handouts .lesson-section--cards li { padding: 3mm 4mm; margin-bottom: 2mm; }
.print--handouts .lesson-section--check li { margin-bottom: 3mm; }
.print--handouts h2 { margin-top: 3mm; }
html { line-height: 1.3; }
.help-card { padding: 3mm 5mm; margin-bottom: 5mm; }
"""


class OfflineError(Exception):
    """A document tried to load something the sandbox does not allow (``url``)."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


VISIBLE = {"LineBox", "BlockReplacedBox", "InlineReplacedBox"}


def _bordered(box: object) -> bool:
    style = getattr(box, "style", None)
    if style is None:
        return False
    return any(style[f"border_{side}_width"] for side in ("top", "bottom", "left", "right"))


# Tried in turn when a one-page sheet runs over: smaller type and margins, never under 7.5 pt.
ONE_PAGE_CSS = (
    "@page { margin: 12mm 14mm 14mm; } .print--sheet { font-size: 8.5pt; line-height: 1.25; }",
    "@page { margin: 10mm 12mm 12mm; } .print--sheet { font-size: 7.5pt; line-height: 1.2; }"
    " .print--sheet h2 { margin-top: 2mm; }",
    "@page { margin: 10mm 12mm 12mm; } .print--sheet { font-size: 7.5pt; line-height: 1.2; }"
    " .print--sheet h2 { margin-top: 2mm; } .print--sheet .helplines { columns: 3; }"
    " .print--sheet .helpline__when { display: none; }",
)


def page_fill(document: object) -> list[float]:
    """For each page of a rendered WeasyPrint document, how much of the height inside the
    page margins its content takes (0–1): lines of text, images and boxes with a border (answer
    boxes, cards). Margin boxes and the outer blocks, which run on to the next page, don't count.
    """
    fractions = []
    for page in document.pages:  # type: ignore[attr-defined]
        box = page._page_box
        top, height = box.content_box_y(), box.height
        bottom = top
        stack = list(box.children)
        while stack:
            child = stack.pop()
            kind = type(child).__name__
            if kind == "MarginBox":
                continue
            if kind in VISIBLE or _bordered(child):
                bottom = max(bottom, child.position_y + child.border_height())
            stack.extend(getattr(child, "children", ()))
        fractions.append(max(0.0, min(1.0, (bottom - top) / height)) if height else 1.0)
    return fractions


def render_pdf(
    html: str,
    stylesheet: str,
    base_url: str,
    sandbox: Sandbox | None = None,
    *,
    fit: bool = False,
    fallbacks: tuple[str, ...] = (),
    one_page: bool = False,
) -> tuple[bytes, list[str]]:
    """A tagged PDF/UA-1 of ``html`` styled by ``stylesheet``; (bytes, WeasyPrint warnings).

    ``fit``: when a page of a multi-page document is less than :data:`MIN_FILL` full, lay it
    out again with tighter spacing (:data:`COMPACT_CSS`), then with each of ``fallbacks``
    (extra CSS) added, until no page is; keep the layout with the fewest such pages.
    ``one_page``: when the document runs over one page, try :data:`ONE_PAGE_CSS` in turn.
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
        rendered = document.render(stylesheets=[css], pdf_variant=PDF_VARIANT)
        low = _low_pages(rendered) if fit else 0
        for extra in (COMPACT_CSS, *(COMPACT_CSS + f for f in fallbacks)) if low else ():
            again = document.render(
                stylesheets=[css, weasyprint.CSS(string=extra)], pdf_variant=PDF_VARIANT
            )
            if _low_pages(again) < low:
                rendered, low = again, _low_pages(again)
            if not low:
                break
        for extra in ONE_PAGE_CSS if one_page and len(rendered.pages) > 1 else ():
            again = document.render(
                stylesheets=[css, weasyprint.CSS(string=extra)], pdf_variant=PDF_VARIANT
            )
            if len(again.pages) < len(rendered.pages):
                rendered = again
            if len(rendered.pages) == 1:
                break
        pdf = rendered.write_pdf(pdf_variant=PDF_VARIANT)
    except FatalURLFetchingError as exc:
        raise OfflineError(str(exc), getattr(exc, "url", "")) from None
    finally:
        logger.removeHandler(handler)
    if fetcher.refused:  # refused inside an SVG image, where WeasyPrint carries on
        url = fetcher.refused[0]
        raise OfflineError(f"refused to fetch {url}", url)
    return pdf, messages


def _low_pages(document: object) -> int:
    """How many pages of a multi-page document are less than :data:`MIN_FILL` full."""
    fill = page_fill(document)
    return sum(f < MIN_FILL for f in fill) if len(fill) > 1 else 0
