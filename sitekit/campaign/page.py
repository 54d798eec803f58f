"""The campaign kit's block on the materials page: the print items with format and size, and
each social image with its preview, post text and alternative text."""

from __future__ import annotations

import struct
from pathlib import Path

from sitekit.campaign.content import Campaign
from sitekit.campaign.kit import Item
from sitekit.downloads import human_size

PRINT_MARKER = "<!-- campaign-kit: print -->"
SOCIAL_MARKER = "<!-- campaign-kit: social -->"


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG, from its header (no image library needed)."""
    with path.open("rb") as file:
        header = file.read(24)
    return struct.unpack(">II", header[16:24])


def _name(campaign: Campaign, item: Item, lang: str) -> str:
    spec = item.spec
    key = "item_cards" if spec.kind == "cards" else f"item_{spec.kind}_{spec.audience}"
    return campaign.text(key, lang)


def _format(campaign: Campaign, item: Item, lang: str) -> str:
    spec, t = item.spec, (lambda key: campaign.text(key, lang))
    if spec.kind == "social":
        label = t("label_story") if spec.size[1] > 1500 else t("label_feed")
        return f"PNG, {spec.size[0]} × {spec.size[1]} px, {label}"
    if spec.kind == "cards":
        return f"PDF, A4, {t('label_eight_cards')}"
    extra = f", {t('label_two_sided')}" if spec.kind == "leaflet" else ""
    return f"PDF, {spec.paper}{extra}, {t('label_bleed')}"


def context(
    campaign: Campaign, items: list[Item], lang: str, folder: str, units: dict[str, str]
) -> dict[str, object]:
    """What templates/campaign-kit.html needs; ``folder`` is the files' URL relative to the page."""
    rows = []
    for item in items:
        width, height = _png_size(item.preview) if item.preview is not None else (0, 0)
        audience = "young" if item.spec.audience == "card" else item.spec.audience
        headline = campaign.text("card_title" if item.spec.kind == "cards" else
                                 f"{audience}_headline", lang)  # fmt: skip
        rows.append(
            {
                "name": _name(campaign, item, lang),
                "format": _format(campaign, item, lang),
                "href": f"{folder}/{item.filename}",
                "filename": item.filename,
                "size": human_size(item.size, lang, units),
                "media_type": "image/png" if item.spec.kind == "social" else "application/pdf",
                "preview": f"{folder}/{item.preview_name}" if item.preview else "",
                "preview_alt": f"{_name(campaign, item, lang)}: {headline}",
                "width": width,
                "height": height,
            }
        )
    posts = []
    for item in items:
        if item.spec.kind != "social":
            continue
        posts.append(
            {
                "id": item.spec.id,
                "name": _name(campaign, item, lang),
                "format": _format(campaign, item, lang),
                "href": f"{folder}/{item.filename}",
                "preview": f"{folder}/{item.preview_name}",
                "width": 360,
                "height": round(360 * item.spec.size[1] / item.spec.size[0]),
                "post": item.post,
                "alt": item.alt,
            }
        )
    return {
        "rows": [r for r, item in zip(rows, items, strict=True) if item.spec.kind != "social"],
        "images": [r for r, item in zip(rows, items, strict=True) if item.spec.kind == "social"],
        "posts": posts,
        "t": {key: texts[lang] for key, texts in campaign.texts.items()},
    }
