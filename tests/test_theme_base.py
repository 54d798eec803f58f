"""overrides/base.html is Material's base.html plus the changes listed in tests/theme_copy.py."""

from __future__ import annotations

import re
from pathlib import Path

import theme_copy
from conftest import ROOT

from sitekit import theme


def test_base_template_is_materials_plus_the_listed_changes() -> None:
    ours = (ROOT / "overrides/base.html").read_text(encoding="utf-8")
    expected = theme_copy.copy_text()  # fails, naming the change, if Material moved its text
    assert ours == expected, (
        "overrides/base.html is not Material's base.html plus the changes in tests/theme_copy.py: "
        "run `python tests/theme_copy.py` and review the diff"
    )


def test_no_template_of_ours_names_a_hashed_material_asset() -> None:
    hashed = re.compile(r"(main|palette|bundle|search)\.[0-9a-f]{8}\.min\.(css|js)")
    found = [
        f"{p.relative_to(ROOT)}: {m.group(0)}"
        for p in sorted((ROOT / "overrides").rglob("*"))
        if p.is_file()
        for m in hashed.finditer(p.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not found, "take hashed names from sitekit.theme.assets():\n" + "\n".join(found)


def test_theme_assets_exist_in_the_installed_theme() -> None:
    for path in theme.assets().values():
        assert (theme.templates_dir() / path).is_file(), path


def test_a_moved_line_in_material_names_the_change(monkeypatch, tmp_path: Path) -> None:
    original = theme_copy.original().replace('"base": base_url,', '"base": base_url ,')
    monkeypatch.setattr(theme_copy, "original", lambda: original)
    try:
        theme_copy.copy_text()
    except AssertionError as exc:
        assert "search in a translation" in str(exc)
    else:
        raise AssertionError("a change whose text Material no longer has must fail")
