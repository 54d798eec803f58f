"""overrides/base.html is a copy of Material's base.html: keep it in step with the pin."""

from __future__ import annotations

import re
from importlib.metadata import version

from conftest import ROOT


def test_base_template_copy_matches_pinned_material() -> None:
    text = (ROOT / "overrides/base.html").read_text(encoding="utf-8")
    copied = re.search(r"Copied from Material for MkDocs ([\d.]+)", text)
    assert copied, "overrides/base.html must say which Material version it was copied from"
    assert copied.group(1) == version("mkdocs-material"), (
        "Material was upgraded: re-copy its templates/base.html into overrides/base.html, "
        "re-apply the changes marked 'site:' and update the version in the header"
    )
    for change in ("site: 1", "site: 2", "site: 3"):
        assert change in text, f"overrides/base.html lost the change marked '{change}'"
