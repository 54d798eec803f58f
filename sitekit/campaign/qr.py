"""QR codes (segno) for the site's own pages: a PNG for print, an SVG path for images.

Each is kept per address for the life of the process: a kit has three addresses per language,
and choosing a code's mask is most of what a warm build of the kit costs."""

from __future__ import annotations

import base64
import functools
import io

import segno

from sitekit.errors import SiteDataError


def page_url(site_url: str, prefix: str, page: str) -> str:
    """The public address of ``page`` (a path inside docs/<lang>/) with directory URLs:
    ``https://example.lv/ru/parents/``; no query string, no fragment, no tracking."""
    if not site_url.startswith(("https://", "http://")):
        raise SiteDataError(
            "mkdocs.yml", f"site_url {site_url!r} is not an http(s) address", "set site_url"
        )
    path = page.removesuffix(".md")
    if path == "index" or path.endswith("/index"):
        path = path.removesuffix("index")
    else:
        path += "/"
    return site_url.rstrip("/") + "/" + prefix + path


@functools.lru_cache(maxsize=64)
def make(url: str) -> segno.QRCode:
    # Error correction M survives a scuffed poster corner; no micro codes (phones skip them).
    return segno.make(url, error="m", micro=False, boost_error=False)


@functools.lru_cache(maxsize=64)
def png_data_uri(url: str, scale: int = 10) -> str:
    """A black-on-white PNG of the code, with the standard four-module quiet zone."""
    out = io.BytesIO()
    make(url).save(out, kind="png", scale=scale, border=4, dark="#000", light="#fff")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


@functools.lru_cache(maxsize=64)
def svg_group(url: str, size: float) -> str:
    """An SVG ``<g>`` drawing the code (quiet zone included) in a ``size`` × ``size`` square."""
    code = make(url)
    modules = code.symbol_size(scale=1, border=4)[0]
    rows = []
    for y, row in enumerate(code.matrix_iter(scale=1, border=4)):
        x = 0
        while x < modules:
            if row[x]:
                start = x
                while x < modules and row[x]:
                    x += 1
                rows.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    unit = size / modules
    return (
        f'<g transform="scale({unit:.5f})"><rect width="{modules}" height="{modules}" '
        f'fill="#fff"/><path d="{"".join(rows)}" fill="#000" shape-rendering="crispEdges"/></g>'
    )
