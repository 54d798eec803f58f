"""Templates to documents: the print HTML and CSS of posters, leaflets and card sheets, and the
SVG of social images (with its text wrapped here, as SVG does not wrap)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from sitekit.campaign import palette

TEMPLATES = Path(__file__).parent / "templates"
SVG_ROOT_RE = re.compile(r"^.*?<svg\b[^>]*>(?P<inner>.*)</svg>\s*$", re.S)
# Average advance of DejaVu Sans in em (generous, so that wrapped lines never overflow).
EM_REGULAR, EM_BOLD = 0.6, 0.66


@functools.cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def svg_inner(svg: str) -> str:
    """The content of an SVG file without its root element (for nesting in another SVG)."""
    match = SVG_ROOT_RE.match(svg)
    return match.group("inner").strip() if match else ""


def wrap(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of ``text`` at font ``size`` px into lines at most ``width`` px wide."""
    per_char = size * (EM_BOLD if bold else EM_REGULAR)
    limit = max(1, int(width / per_char))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def print_css(
    paper: str, height: str, scale: float, bleed: bool, background: str, draft: bool
) -> str:
    return environment().get_template("print.css").render(
        p=palette.as_context(), paper=paper, height=height, scale=scale, bleed=bleed,
        background=background, draft=draft,
    )  # fmt: skip


def poster_html(**context: object) -> str:
    return environment().get_template("poster.html").render(**context)


CARD_W, CARD_H = 85.0, 55.0
CARD_XS = [(210 - 2 * CARD_W) / 2 + i * CARD_W for i in range(2)]
CARD_YS = [(297 - 4 * CARD_H) / 2 + i * CARD_H for i in range(4)]


def cards_html(**context: object) -> str:
    return environment().get_template("cards.html").render(
        card_xs=CARD_XS, card_ys=CARD_YS,
        cut_xs=[*CARD_XS, CARD_XS[-1] + CARD_W], cut_ys=[*CARD_YS, CARD_YS[-1] + CARD_H],
        **context,
    )  # fmt: skip


def cards_css() -> str:
    return environment().get_template("cards.css").render(p=palette.as_context())


@dataclass(frozen=True)
class SvgText:
    x: float
    y: float
    size: int
    bold: bool
    fill: str
    text: str


def social_svg(
    *,
    width: int,
    height: int,
    site_name: str,
    draft: str | None,
    logo: str,
    illustration: str,
    headline: str,
    lead: str,
    helplines: list[dict[str, str]],
    scan: str,
    qr_url: str,
    qr_svg: str,
    qr_size: int,
) -> str:
    """The SVG of a social image (feed 1080 × 1350 or story 1080 × 1920); the type gets
    smaller until everything fits. Raises ``ValueError`` if it cannot fit."""
    for factor in (1.0, 0.92, 0.85, 0.78, 0.72, 0.66):
        placed = _place(width, height, factor, draft, headline, lead, helplines, scan, qr_url,
                        qr_size)  # fmt: skip
        if placed is not None:
            break
    else:
        raise ValueError(f"the texts do not fit a {width} x {height} image: {headline!r}")
    lines, boxes, box_lines, art, qr_pos = placed
    return environment().get_template("social.svg").render(
        p=palette.as_context(), width=width, height=height, site_name=site_name, draft=draft,
        logo=logo, illustration=illustration, art=art, lines=lines, boxes=boxes,
        box_lines=box_lines, qr={**qr_pos, "svg": qr_svg},
    )  # fmt: skip


def _place(
    width: int,
    height: int,
    factor: float,
    draft: str | None,
    headline: str,
    lead: str,
    helplines: list[dict[str, str]],
    scan: str,
    qr_url: str,
    qr_size: int,
) -> tuple | None:
    """Positions of everything on a social image at type size ``factor``; None if it overflows."""
    p = palette
    story = height > width * 1.5
    margin, gap = 60, 36
    top = 250 if draft else 180
    lines: list[SvgText] = []
    art_size = round((380 if story else 240) * (factor if not story else 1))

    def size(px: float) -> int:
        return round(px * factor)

    if story:  # illustration centred above the text
        art = {"x": (width - art_size) / 2, "y": top + 30, "scale": art_size / 200}
        y, text_width = top + 30 + art_size + gap + size(62), width - 2 * margin
    else:  # illustration beside the headline
        art = {"x": width - margin - art_size, "y": top + 10, "scale": art_size / 200}
        y, text_width = top + 10 + size(62), width - 3 * margin - art_size
    for row in wrap(headline, size(62), text_width, bold=True):
        lines.append(SvgText(margin, y, size(62), True, p.BLUE_DARK, row))
        y += size(76)
    bottom = y - size(76) + size(16)  # below the last headline line
    if not story:
        bottom = max(bottom, art["y"] + art_size)
    y = bottom + gap + size(42)
    for row in wrap(lead, size(42), width - 2 * margin, bold=True):
        lines.append(SvgText(margin, y, size(42), True, p.INK, row))
        y += size(56)
    y += gap - size(56) + size(14)
    box_lines: list[SvgText] = []
    by = y + 28
    for h in helplines:
        by += size(60)
        box_lines.append(SvgText(margin + 36, by, size(60), True, p.BLUE, h["display"]))
        for row in wrap(h["name"], size(28), width - 2 * margin - 72, bold=True):
            by += size(38)
            box_lines.append(SvgText(margin + 36, by, size(28), True, p.INK, row))
        by += 22
    boxes = [{"x": margin, "y": y, "w": width - 2 * margin, "h": by - y + 14}]
    qr_pos = {"x": margin, "y": by + 14 + gap}
    if story:  # the code and its address at the foot of the image, clear of the app's buttons
        qr_pos["y"] = max(qr_pos["y"], height - 260 - qr_size)
    if qr_pos["y"] + qr_size > height - 40:
        return None
    qy = qr_pos["y"] + size(50)
    for row in wrap(scan, size(36), width - 3 * margin - qr_size, bold=True):
        lines.append(SvgText(2 * margin + qr_size, qy, size(36), True, p.INK, row))
        qy += size(48)
    for row in wrap(qr_url, size(28), width - 3 * margin - qr_size):
        lines.append(SvgText(2 * margin + qr_size, qy + 8, size(28), False, p.INK, row))
        qy += size(38)
    if qy > height - 20:
        return None
    return lines, boxes, box_lines, art, qr_pos
