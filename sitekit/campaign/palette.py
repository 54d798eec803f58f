"""The campaign's colours (also the site's, see overrides/assets/site.css) and WCAG contrast.

Every text/background pair the items use is listed in :data:`USES`; the tests hold each to WCAG
AA (4.5:1), so a colour changed here cannot quietly make a poster hard to read.
"""

from __future__ import annotations

BLUE = "#174a7c"  # calm deep blue: headline panels, numbers
BLUE_DARK = "#0f3357"
SKY = "#e8f1f8"  # light background of posters and images
SUN = "#f6c544"  # warm accent (illustrations, draft band)
INK = "#1b1b1b"  # body text
WHITE = "#ffffff"
DRAFT = "#a4161a"  # the draft mark: deep red

# (where, text colour, background colour)
USES: tuple[tuple[str, str, str], ...] = (
    ("body text on the light background", INK, SKY),
    ("body text on white boxes", INK, WHITE),
    ("helpline numbers on white boxes", BLUE, WHITE),
    ("headings on the light background", BLUE_DARK, SKY),
    ("text on the blue panel", WHITE, BLUE),
    ("draft mark", WHITE, DRAFT),
    ("text on the warm accent", INK, SUN),
)
AA_NORMAL = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of ``#rrggbb``."""
    hexa = colour.lstrip("#")
    r, g, b = (int(hexa[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio, 1 to 21."""
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def as_context() -> dict[str, str]:
    """The colours by lower-case name, for templates."""
    return {
        "blue": BLUE, "blue_dark": BLUE_DARK, "sky": SKY, "sun": SUN, "ink": INK,
        "white": WHITE, "draft": DRAFT,
    }  # fmt: skip
