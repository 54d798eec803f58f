"""sitekit/precompress.py, and the .gz copies of the real build."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from sitekit import precompress


def test_writes_reproducible_gzip_next_to_text_files(tmp_path: Path) -> None:
    page = tmp_path / "ru" / "index.html"
    page.parent.mkdir()
    page.write_text("<p>Привет</p>\n" * 200, "utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG" + b"\0" * 2000)
    (tmp_path / "tiny.css").write_text("a{}", "utf-8")
    (tmp_path / ".nginx").mkdir()
    (tmp_path / ".nginx" / "big.txt").write_text("x" * 5000, "utf-8")
    summary = precompress.precompress_site(tmp_path)
    packed = page.with_name("index.html.gz")
    assert summary.files == 1 and summary.compressed == packed.stat().st_size
    assert gzip.decompress(packed.read_bytes()) == page.read_bytes()
    first = packed.read_bytes()
    assert first[4:8] == b"\0\0\0\0", "gzip header time stamp must be zero"
    precompress.precompress_site(tmp_path)
    assert packed.read_bytes() == first, "same input, same bytes"
    assert not (tmp_path / "logo.png.gz").exists()
    assert not (tmp_path / "tiny.css.gz").exists()
    assert not (tmp_path / ".nginx" / "big.txt.gz").exists()


def test_removes_a_gz_that_would_not_be_smaller(tmp_path: Path) -> None:
    noise = tmp_path / "noise.js"
    noise.write_bytes(os.urandom(4000))
    stale = tmp_path / "noise.js.gz"
    stale.write_bytes(b"stale")
    precompress.precompress_site(tmp_path)
    assert not stale.exists()


def test_built_site_has_a_current_gz_for_every_text_file(site_dir: Path) -> None:
    """Also proves the step ran last: the search index is rewritten after every language."""
    checked = 0
    for path in site_dir.rglob("*"):
        if ".nginx" in path.parts or not path.is_file():
            continue
        if path.suffix == ".gz":
            assert path.with_suffix("").is_file(), f"{path}: .gz without its file"
            continue
        if path.suffix not in precompress.SUFFIXES or path.stat().st_size < 4096:
            continue
        packed = path.with_name(path.name + ".gz")
        assert packed.is_file(), f"{path.relative_to(site_dir)}: no .gz"
        assert gzip.decompress(packed.read_bytes()) == path.read_bytes(), f"{packed}: stale"
        checked += 1
    assert (site_dir / "search" / "search_index.json.gz").is_file()
    assert (site_dir / "sitemap.xml.gz").is_file()
    assert checked > 50
