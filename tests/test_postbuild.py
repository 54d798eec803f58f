"""``sitekit postbuild SITE_DIR`` on a build made without the post-build hook gives the same site
as the normal build (issue 16: every step on the finished site works on any build output)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build
from test_engines import differences

from sitekit import cli

POSTBUILD_HOOK = "  - hooks/postbuild.py\n"


@pytest.fixture(scope="module")
def hookless(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the project whose mkdocs.yml has no post-build hook, built; (config, site)."""
    root = tmp_path_factory.mktemp("hookless")
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert POSTBUILD_HOOK in text
    config = root / "mkdocs.yml"
    config.write_text(text.replace(POSTBUILD_HOOK, ""), encoding="utf-8")
    out = root / "site"
    # The lesson kits come from the checkout's cache, as in the session's build.
    env = {"LESSON_DOWNLOADS_CACHE": str(ROOT / ".cache/downloads")}
    result = mkdocs_build(config, out, env=env)
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
    return config, out


def test_the_hookless_build_lacks_what_postbuild_makes(hookless: tuple[Path, Path]) -> None:
    _, out = hookless
    for name in ("robots.txt", "translation-report.json", ".nginx/csp.conf", "index.html.gz"):
        assert not (out / name).exists(), name
    assert not (out / "ru/search/search_index.json").exists()


def test_postbuild_makes_the_same_site_as_the_normal_build(
    hookless: tuple[Path, Path], site_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config, out = hookless
    assert cli.main(["postbuild", "--config", str(config), str(out)]) == 0
    assert "sitemap.xml: " in capsys.readouterr().out
    assert differences(site_dir, out) == []
    # Run again on its own output: nothing changes (the search indexes are not split twice).
    assert cli.main(["postbuild", "--config", str(config), str(out)]) == 0
    assert "already made" in capsys.readouterr().out
    assert differences(site_dir, out) == []


def test_postbuild_without_a_site_is_bad_input(tmp_path: Path, capsys) -> None:
    code = cli.main(["postbuild", "--config", str(ROOT / "mkdocs.yml"), str(tmp_path / "none")])
    assert code == 2
    assert "no such site folder" in capsys.readouterr().err
