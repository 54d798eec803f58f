"""Tagged PDF/UA-1 documents made by WeasyPrint, reading only what the sandbox allows."""

from __future__ import annotations

import logging

from sitekit.sandbox import Sandbox

PDF_VARIANT = "pdf/ua-1"


class OfflineError(Exception):
    """A document tried to load something the sandbox does not allow (``url``)."""

    def __init__(self, message: str, url: str = "") -> None:
        super().__init__(message)
        self.url = url


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
