"""The sitemap, CSP and gzip steps of hooks/postbuild.py (``sitekit postbuild``) on a small
two-language fixture site: each runs once, after every language (and the merged search index) is
written.
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from sitekit import csp

CONFIG = f"""\
site_name: Fixture
site_url: https://example.org/
docs_dir: docs
theme:
  name: material
  language: lv
hooks:
  - {ROOT}/hooks/i18n_pages.py
  - {ROOT}/hooks/postbuild.py
extra:
  sitemap:
    disallow: [/private/]
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: true
      languages:
        - {{locale: lv, default: true, name: Latviešu, build: true}}
        - {{locale: ru, name: Русский, build: true}}
"""
PAGES = {
    "lv/index.md": "# Sākums\n\nTeksts.\n",
    "lv/page.md": "# Lapa\n\nTeksts.\n",
    "lv/hidden.md": "---\nrobots: noindex\n---\n# Slēpta\n",
    "lv/private/index.md": "# Privāta\n",
    "ru/index.md": "# Главная\n\nТекст.\n",
}
SITE = "https://example.org/"


def make_site(root: Path, extra_pages: dict[str, str] | None = None) -> Path:
    for name, text in {**PAGES, **(extra_pages or {})}.items():
        path = root / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("whole-site")
    out = root / "site"
    result = mkdocs_build(make_site(root), out)
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def test_each_step_runs_once_per_build(fixture_build) -> None:
    _, log = fixture_build
    for line in ("sitemap.xml: ", "CSP: ", "precompressed "):
        assert log.count(line) == 1, f"{line!r} logged {log.count(line)} times:\n{log}"
    order = [log.index(line) for line in ("sitemap.xml: ", "CSP: ", "precompressed ")]
    assert order[2] == max(order), "compression must come last"


def test_sitemap_has_every_real_page_and_no_fallback_noindex_or_disallowed(fixture_build):
    out, _ = fixture_build
    ns = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(out / "sitemap.xml").getroot()
    locs = sorted(loc.text for loc in root.findall("sm:url/sm:loc", ns))
    # ru/page/ is a fallback, hidden/ is noindex, private/ is disallowed.
    assert locs == [SITE, SITE + "page/", SITE + "ru/"]
    assert (out / "ru" / "page" / "index.html").is_file()
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert "Disallow: /private/\n" in robots and f"Sitemap: {SITE}sitemap.xml" in robots


def test_csp_include_and_compressed_copies_are_of_the_final_files(fixture_build) -> None:
    out, _ = fixture_build
    policy = csp.read_nginx_include(out / csp.NGINX_INCLUDE)
    assert policy == csp.policy(csp.scan_site(out))
    assert "'sha256-" in policy
    for name in ("search/search_index.json", "sitemap.xml", "ru/index.html", "index.html"):
        packed = (out / name).with_name(Path(name).name + ".gz")
        assert gzip.decompress(packed.read_bytes()) == (out / name).read_bytes(), name
    index = json.loads((out / "search/search_index.json").read_text(encoding="utf-8"))
    titles = {doc["title"] for doc in index["docs"]}
    assert {"Главная", "Sākums"} <= titles, "not the merged search index"


def test_inline_event_handler_fails_the_strict_build_naming_the_page(tmp_path: Path) -> None:
    config = make_site(tmp_path, {"lv/page.md": '# Lapa\n\n<button onclick="go()">Go</button>\n'})
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "page/index.html:" in result.stderr
    assert "inline event handler onclick= on <button>" in result.stderr


def test_inline_script_not_from_the_templates_fails_the_build_naming_the_page(tmp_path):
    """Even without the content check (not in this fixture): the policy allows only what the
    templates produce, and the build fails with or without --strict."""
    config = make_site(tmp_path, {"ru/page.md": "# Страница\n\n<script>evil()</script>\n"})
    result = mkdocs_build(config, tmp_path / "site", strict=False)
    assert result.returncode != 0
    assert f"ru/page/index.html: inline script {csp.source_hash('evil()')}" in result.stderr
    assert "is not one the templates produce" in result.stderr
