"""sitekit/precompress.py, and the .gz copies of the real build."""

from __future__ import annotations

import gzip
import os
import time
from pathlib import Path

import pytest

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


def test_cache_gives_the_same_bytes_without_compressing_again(tmp_path: Path, monkeypatch) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>Sveiki</p>\n" * 200, "utf-8")
    first = precompress.precompress_site(site, cache_dir=cache)
    packed = page.with_name("index.html.gz").read_bytes()
    assert first.files == 1 and len(list(cache.glob("*/*.gz"))) == 1

    def fail(data: bytes) -> bytes:
        raise AssertionError("compressed again although the cache has it")

    monkeypatch.setattr(precompress, "compress", fail)
    page.with_name("index.html.gz").unlink()
    precompress.precompress_site(site, cache_dir=cache)
    assert page.with_name("index.html.gz").read_bytes() == packed
    page.write_text("<p>Labdien</p>\n" * 200, "utf-8")  # changed: compressed again
    with pytest.raises(AssertionError, match="compressed again"):
        precompress.precompress_site(site, cache_dir=cache)


def test_prune_removes_entries_unused_for_a_month(tmp_path: Path) -> None:
    old, recent = tmp_path / "ab" / "ab1.gz", tmp_path / "cd" / "cd1.gz"
    for path in (old, recent):
        path.parent.mkdir()
        path.write_bytes(b"x")
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert precompress.prune(tmp_path) == 1
    assert not old.exists() and recent.exists()


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
