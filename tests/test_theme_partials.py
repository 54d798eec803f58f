"""Copies of Material partials in overrides/partials/ stay in step with the pinned Material."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import material
from conftest import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
GENERATED = "{#-\n  This file was automatically generated - do not edit\n-#}\n"
# partial -> (Material's text, our text): the only differences allowed.
CHANGES = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog"'
        " aria-label=\"{{ lang.t('search') }}\">",
    ),
    "partials/alternate.html": (
        '<a href="{{ alt.link | url }}" hreflang="{{ alt.lang }}" class="md-select__link">',
        '<a href="{{ alt.link | url }}" hreflang="{{ alt.lang }}" lang="{{ alt.lang }}"'
        ' class="md-select__link">',
    ),
}


def test_copied_partials_match_material_with_only_our_change() -> None:
    for name, (theirs, ours) in CHANGES.items():
        text = (ROOT / "overrides" / name).read_text(encoding="utf-8")
        copied = re.search(r"Copied from Material for MkDocs ([\d.]+)", text)
        assert copied, f"overrides/{name} must say which Material version it was copied from"
        original = (MATERIAL / name).read_text(encoding="utf-8").removeprefix(GENERATED)
        body = text[text.index("-#}\n") + len("-#}\n") :]
        assert theirs in original, f"Material's {name} changed: re-copy it into overrides/"
        assert body == original.replace(theirs, ours), (
            f"overrides/{name} differs from Material {version('mkdocs-material')}'s copy by more "
            "than the marked change: re-copy it, re-apply the change and update the header"
        )
        assert copied.group(1) == version("mkdocs-material"), f"update the header of {name}"
