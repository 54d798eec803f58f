"""Documents to files: PDF with WeasyPrint (as the lesson kits), PNG with CairoSVG."""

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
