"""i18n behaviour that needs its own build: fallback pages and unknown helpline ids."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

# These builds look at pages, not at lesson kits: skip making the PDF and DOCX files.
NO_DOWNLOADS = {"LESSON_DOWNLOADS": "false"}


@pytest.fixture(scope="module")
def site_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("copy")
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_missing_translation_falls_back_with_notice_and_noindex(site_copy: Path, tmp_path):
    (site_copy / "docs/ru/professionals.md").unlink()
    out = tmp_path / "site"
    result = mkdocs_build(site_copy / "mkdocs.yml", out, strict=False, env=NO_DOWNLOADS)
    assert result.returncode == 0, result.stderr
    html = (out / "ru/professionals/index.html").read_text(encoding="utf-8")
    assert '<html lang="ru"' in html
    assert '<meta name="robots" content="noindex">' in html
    assert '<link rel="canonical" href="https://pamaniunaptur.lv/professionals/">' in html
    assert "Эта страница ещё не переведена" in html
    assert '<div lang="lv">' in html and "Skolotājiem un speciālistiem" in html
    assert 'hreflang="ru"' not in html.split("</head>")[0]


def test_unknown_helpline_id_fails_the_build(site_copy: Path, tmp_path: Path) -> None:
    page = site_copy / "docs/lv/professionals.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(
        text.replace(
            "<!-- helplines: emergency childline -->", "<!-- helplines: emergency no-such-line -->"
        ),
        "utf-8",
    )
    result = mkdocs_build(site_copy / "mkdocs.yml", tmp_path / "site", env=NO_DOWNLOADS)
    assert result.returncode != 0
    line = text.splitlines().index("<!-- helplines: emergency childline -->") + 1
    assert f"docs/lv/professionals.md:{line}: unknown helpline id no-such-line" in (
        result.stdout + result.stderr
    )
