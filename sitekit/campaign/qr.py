"""QR codes (segno) for the site's own pages: a PNG for print, an SVG path for images.

Choosing a code's mask is most of what a warm build of the kit would cost, so each drawing is
kept per address: in the process (``functools``) and, through :func:`stored`, in the cache."""

from __future__ import annotations

import base64
import functools
import hashlib
import io
from collections.abc import Callable
from typing import TYPE_CHECKING

from sitekit.downloads import DownloadCache, _package_version, digest
from sitekit.errors import SiteDataError

if TYPE_CHECKING:
    import segno


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
    import segno

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


def stored(store: DownloadCache, draw: Callable[..., str], url: str, *args: object) -> str:
    """``draw(url, *args)`` (:func:`png_data_uri` or :func:`svg_group`), kept in ``store``."""
    which = hashlib.sha256(repr((url, *args)).encode()).hexdigest()[:16]
    name = f"qr-{draw.__name__}-{which}.txt"  # one file per drawing; the key holds the version
    key = digest("qr", _package_version("segno"), draw.__name__, url, *map(repr, args))
    return store.get(name, key, lambda: draw(url, *args).encode("ascii")).data.decode("ascii")
