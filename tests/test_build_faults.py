"""Builds under hostile conditions: two builds of one checkout at once, damaged cache entries,
a read-only or full cache folder.
"""

from __future__ import annotations

import builtins
import errno
import gzip
import io
import json
import logging
import os
import re
import shutil
import stat
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LANGS, ROOT, mkdocs_build
from lesson_fixtures import make_site

from sitekit import atomic, cachefiles, csp, precompress
from sitekit import kits as downloads
from sitekit.buildlock import BuildLock, BuildLockTimeout

# These builds look at the 404 pages and the caches, not at lesson kits.
NO_DOWNLOADS = {"LESSON_DOWNLOADS": "false"}
HTML_LANG = re.compile(r'<html lang="([a-z]+)"')


def copy_site(root: Path) -> Path:
    """A copy of the real site (its own checkout folder, so its own lock and .cache/)."""
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root / "mkdocs.yml"


def error_page_langs(site: Path) -> dict[str, str | None]:
    """The language of each 404 page, by the folder it was found in."""
    found = {}
    for lang in LANGS:
        page = site / ("404.html" if lang == LANGS[0] else f"{lang}/404.html")
        match = HTML_LANG.search(page.read_text("utf-8")) if page.is_file() else None
        found[lang] = match.group(1) if match else None
    return found


def start_build(config: Path, site: Path, log: Path) -> subprocess.Popen:
    """``mkdocs build --strict`` in the background; its output goes to ``log``."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
    with open(log, "wb") as out:
        return subprocess.Popen(
            [*command, "-d", str(site)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **NO_DOWNLOADS},
        )


# --- two builds of one checkout at once -----------------------------------------------------


def test_two_builds_at_once_into_one_folder_keep_every_404_in_its_language(tmp_path: Path) -> None:
    config = copy_site(tmp_path / "checkout")
    site = tmp_path / "site"
    logs = [tmp_path / "one.log", tmp_path / "two.log"]
    builds = [start_build(config, site, log) for log in logs]
    for build, log in zip(builds, logs, strict=True):
        assert build.wait(timeout=600) == 0, log.read_text("utf-8")
    assert error_page_langs(site) == {lang: lang for lang in LANGS}
    for lang in LANGS:
        prefix = "" if lang == LANGS[0] else f"{lang}/"
        assert (site / prefix / "index.html").is_file(), f"{prefix}index.html missing"
        assert (site / prefix / "404.html.gz").is_file(), f"{prefix}404.html.gz missing"


def test_a_build_waits_for_the_one_running_and_says_so(tmp_path: Path) -> None:
    config = copy_site(tmp_path / "checkout")
    log = tmp_path / "build.log"
    running = BuildLock(config.parent)  # stands for a build in progress
    running.acquire(lambda message: None)
    try:
        build = start_build(config, tmp_path / "site", log)
        deadline = time.monotonic() + 120
        while "waiting for it to finish" not in log.read_text("utf-8"):
            assert build.poll() is None, log.read_text("utf-8")
            assert time.monotonic() < deadline, "the build neither waited nor ended"
            time.sleep(0.1)
        time.sleep(1)
        assert build.poll() is None, "the build ended while another one held the lock"
        assert not (tmp_path / "site").exists(), "the build wrote while another one ran"
    finally:
        running.release()
    assert build.wait(timeout=600) == 0, log.read_text("utf-8")
    output = log.read_text("utf-8")
    assert f"another build of {config.parent} is running" in output
    assert "the other build has finished: building now" in output
    assert error_page_langs(tmp_path / "site") == {lang: lang for lang in LANGS}


def test_lock_gives_up_after_its_wait_with_a_clear_message(tmp_path: Path) -> None:
    holder = BuildLock(tmp_path)
    holder.acquire(lambda message: None)
    messages: list[str] = []
    try:
        with pytest.raises(BuildLockTimeout, match="stop it .* or wait for it to finish"):
            BuildLock(tmp_path, wait=0.3, poll=0.05).acquire(messages.append)
        assert len(messages) == 1 and "waiting for it to finish" in messages[0]
    finally:
        holder.release()
    second = BuildLock(tmp_path, wait=0.3)
    second.acquire(messages.append)  # free again: taken at once, without a message
    assert second.held and len(messages) == 1
    second.release()


def test_lock_leaves_no_file_behind(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    lock = BuildLock(tmp_path)
    lock.acquire(lambda message: None)
    lock.release()
    assert [p.name for p in tmp_path.iterdir()] == ["mkdocs.yml"]


def test_a_failed_build_lets_go_of_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``mkdocs serve`` stays running after a failed build: the next build must not wait."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    config_file = copy_site(tmp_path / "checkout")
    page = tmp_path / "checkout/docs/lv/index.md"
    page.write_text(page.read_text("utf-8") + "\n<!-- helplines: no-such-line -->\n", "utf-8")
    monkeypatch.setenv("LESSON_DOWNLOADS", "false")
    config = load_config(str(config_file), site_dir=str(tmp_path / "site"), strict=True)
    with pytest.raises(Abort, match="BuildError"):
        build(config)
    lock = BuildLock(config_file.parent, wait=0)
    lock.acquire(lambda message: pytest.fail(f"the failed build still holds the lock: {message}"))
    lock.release()


# --- cache entries: damaged, unwritable, full ---------------------------------------------------


def temporaries(*folders: Path) -> list[Path]:
    """Temporary files an atomic write could have left behind."""
    return [p for folder in folders if folder.exists() for p in folder.rglob("*.tmp")]


def oserror(code: int) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise OSError(code, os.strerror(code))

    return fail


def make_unwritable(monkeypatch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Every change under ``folder`` fails with ``code`` (read-only: EROFS; not ours: EACCES;
    full: ENOSPC); reading still works. Tests run as root, whom chmod does not stop."""
    inside = str(folder)

    def under(path: object) -> bool:
        return str(path).startswith(inside)

    def guard(real: Callable[..., object], changes: Callable[..., bool]) -> Callable[..., object]:
        def guarded(*args: object, **kwargs: object) -> object:
            if changes(*args, **kwargs):
                raise OSError(code, os.strerror(code), str(args[0]))
            return real(*args, **kwargs)

        return guarded

    def writes(path: object, mode: str = "r", *args: object, **kwargs: object) -> bool:
        return under(path) and any(flag in mode for flag in "wxa+")

    def any_call(path: object, *args: object, **kwargs: object) -> bool:
        return under(path)

    monkeypatch.setattr(builtins, "open", guard(builtins.open, writes))
    for name in ("mkdir", "utime", "unlink", "replace", "rename", "rmdir"):
        monkeypatch.setattr(os, name, guard(getattr(os, name), any_call))


def test_atomic_write_flushes_the_file_then_the_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    flushed: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    target = tmp_path / "a" / "entry.gz"
    atomic.write_atomic(target, b"data")
    assert target.read_bytes() == b"data"
    assert flushed == ["file", "folder"]
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EIO])
def test_atomic_write_that_fails_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    target = tmp_path / "entry.gz"
    target.write_bytes(b"old")
    monkeypatch.setattr(os, "fsync", oserror(code))  # the data did not reach the disk
    with pytest.raises(OSError) as raised:
        atomic.write_atomic(target, b"new")
    assert raised.value.errno == code
    assert target.read_bytes() == b"old"
    assert temporaries(tmp_path) == []


@pytest.mark.parametrize(
    ("setup", "code"),
    [
        ("file where the folder should be", None),
        ("read-only", errno.EROFS),
        ("permission denied", errno.EACCES),
        ("disk full", errno.ENOSPC),
    ],
)
def test_an_unwritable_cache_is_information_and_the_output_is_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    setup: str,
    code: int | None,
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>Sveiki, ā č ē</p>\n" * 300, "utf-8")
    expected = precompress.compress(page.read_bytes())
    if code is None:
        cache.write_text("not a folder", "utf-8")
    else:
        make_unwritable(monkeypatch, cache, code)
    with caplog.at_level(logging.INFO):
        summary = precompress.precompress_site(site, cache_dir=cache)
        scan = csp.scan_site(site, cache_file=cache / "csp-scan.json")
    assert summary.files == 1
    assert page.with_name("index.html.gz").read_bytes() == expected
    assert scan.problems == []
    said = [r for r in caplog.records if "cannot write to" in r.getMessage()]
    assert said and all(r.levelno == logging.INFO for r in said), setup
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert temporaries(tmp_path) == []


def test_a_read_only_cache_that_has_everything_is_used_without_a_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>Labdien</p>\n" * 300, "utf-8")
    precompress.precompress_site(site, cache_dir=cache)
    month_ago = time.time() - 31 * 86400
    for entry in cache.glob("*/*.gz"):
        os.utime(entry, (month_ago, month_ago))  # prune would remove it: it must not crash
    (cache / "ab").mkdir(exist_ok=True)
    (cache / "ab" / ".ab12.gz.99.1.tmp").write_bytes(b"")  # left by a killed build
    os.utime(cache / "ab" / ".ab12.gz.99.1.tmp", (month_ago, month_ago))
    make_unwritable(monkeypatch, cache, errno.EROFS)
    monkeypatch.setattr(precompress, "compress", oserror(errno.EPERM))  # nothing to compress
    with caplog.at_level(logging.INFO):
        summary = precompress.precompress_site(site, cache_dir=cache)
    assert summary.files == 1
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_temporaries_of_a_killed_build_are_swept_and_fresh_ones_kept(tmp_path: Path) -> None:
    old, fresh = tmp_path / "ab" / ".ab1.gz.7.7.tmp", tmp_path / "cd" / ".cd1.gz.8.8.tmp"
    entry = tmp_path / "ab" / "ab1.gz"
    for path in (old, fresh, entry):
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"x")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    os.utime(entry, (hours_ago, hours_ago))
    assert cachefiles.sweep_temporaries(tmp_path, "*/.*.tmp") == 1
    assert not old.exists() and fresh.exists() and entry.exists()


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"", id="empty"),
        pytest.param(lambda data: data[: len(data) // 2], id="cut in half"),
        pytest.param(lambda data: data[:-8], id="no trailer"),
        pytest.param(lambda data: gzip.compress(b"another page", mtime=0), id="other content"),
        pytest.param(lambda data: b"\0" * len(data), id="zeros"),
    ],
)
def test_a_damaged_gzip_entry_is_made_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: Callable[[bytes], bytes]
) -> None:
    site, cache = tmp_path / "site", tmp_path / "cache"
    site.mkdir()
    page = site / "index.html"
    page.write_text("<p>Главная</p>\n" * 300, "utf-8")
    precompress.precompress_site(site, cache_dir=cache)
    good = page.with_name("index.html.gz").read_bytes()
    (entry,) = cache.glob("*/*.gz")
    entry.write_bytes(damage(entry.read_bytes()))
    with caplog.at_level(logging.INFO):
        precompress.precompress_site(site, cache_dir=cache)
    assert page.with_name("index.html.gz").read_bytes() == good
    assert gzip.decompress(page.with_name("index.html.gz").read_bytes()) == page.read_bytes()
    assert entry.read_bytes() == good, "the damaged entry was not replaced"
    assert any("was damaged" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("content", ["", "{", "[1, 2]", '{"x": 5}', "\udcff"])
def test_a_damaged_csp_scan_cache_is_scanned_again(tmp_path: Path, content: str) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<script>alert(1)</script>", "utf-8")
    expected = csp.scan_site(site)
    cache_file = tmp_path / "csp-scan.json"
    cache_file.write_bytes(content.encode("utf-8", "surrogateescape"))
    assert csp.scan_site(site, cache_file=cache_file).scripts == expected.scripts
    assert json.loads(cache_file.read_text("utf-8")), "the cache was not rewritten"


# --- lesson kit entries ---------------------------------------------------------------------------


def small_kit(tmp_path: Path) -> downloads.KitInput:
    head = "<html lang='lv'><head><title>Pārbaude</title></head>"
    return downloads.KitInput(
        name="lesson-f-lv",
        page="docs/lv/teachers/lesson-f.md",
        lang="lv",
        title="Pārbaude",
        description="Bojāta kešatmiņa",
        author="Tests",
        keywords="cache",
        plan_html=f"{head}<body><h1>Plāns</h1><p>ā č ē</p></body></html>",
        handouts_html=f"{head}<body><h1>Kartītes</h1></body></html>",
        content_html="<h1>Plāns</h1><p>ā č ē</p>",
        stylesheet="@page { size: A4 } html { font-family: 'DejaVu Sans' }",
        base_url=tmp_path.as_uri() + "/",
    )


def assert_sound(made: list[downloads.Download]) -> None:
    for item in made:
        assert item.size == len(item.data) > 0, item.kind
        assert cachefiles.check_for(Path(item.filename))(item.data), f"{item.kind} is damaged"
    kit = zipfile.ZipFile(io.BytesIO(made[-1].data))
    for item in made[:-1]:
        assert kit.read(item.filename) == item.data, f"the ZIP holds another {item.kind}"


# How each kind's cache file name goes on after the kit's name.
SUFFIX = {"plan": "-plan.", "handouts": "-handouts.", "docx": ".", "kit": "-kit."}


KIT_DAMAGE = {
    "empty": lambda data: b"",
    "cut in half": lambda data: data[: len(data) // 2],
    "cut at the end": lambda data: data[:-20],
    "zeros": lambda data: b"\0" * len(data),
}


@pytest.fixture(scope="module")
def kit_cache(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, downloads.KitInput]:
    """A cache folder holding one sound kit (made once: PDFs take seconds)."""
    root = tmp_path_factory.mktemp("kit")
    kit = small_kit(root)
    made = downloads.make_kit(kit, downloads.DownloadCache(root / "cache"))
    assert [item.generated for item in made] == [True] * 4
    assert_sound(made)
    return root / "cache", kit


@pytest.mark.parametrize("damage", KIT_DAMAGE)
@pytest.mark.parametrize("kind", ["plan", "docx", "kit"])
def test_a_damaged_kit_entry_is_made_again(
    kit_cache: tuple[Path, downloads.KitInput], tmp_path: Path, kind: str, damage: str
) -> None:
    source, kit = kit_cache
    cache_dir = tmp_path / "cache"
    shutil.copytree(source, cache_dir)
    cache = downloads.DownloadCache(cache_dir)
    entry = cache_dir / next(
        p.name for p in cache_dir.iterdir() if p.name.startswith(f"lesson-f-lv{SUFFIX[kind]}")
    )
    entry.write_bytes(KIT_DAMAGE[damage](entry.read_bytes()))
    made = {item.kind: item for item in downloads.make_kit(kit, cache)}
    assert made[kind].generated, f"a damaged {kind} was used"
    assert_sound(list(made.values()))
    assert made["handouts"].generated is False
    assert cachefiles.check_for(entry)(entry.read_bytes()), "the damaged entry was not replaced"


@pytest.mark.parametrize("code", [errno.EROFS, errno.ENOSPC])
def test_kit_without_a_writable_cache_is_made_in_memory(
    kit_cache: tuple[Path, downloads.KitInput],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    code: int,
) -> None:
    _, kit = kit_cache
    make_unwritable(monkeypatch, tmp_path / "cache", code)
    cache = downloads.DownloadCache(tmp_path / "cache")
    with caplog.at_level(logging.INFO):
        made = downloads.make_kit(kit, cache)
    assert [item.generated for item in made] == [True] * 4
    assert [item.path for item in made] == [None] * 4
    assert_sound(made)
    said = [r for r in caplog.records if "cannot write to" in r.getMessage()]
    assert len(said) == 1 and said[0].levelno == logging.INFO
    assert temporaries(tmp_path) == []


# --- whole builds with a damaged or unwritable .cache/ ------------------------------------------


@pytest.fixture(scope="module")
def built_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the site built once (its .cache/ filled); (checkout, site)."""
    root = tmp_path_factory.mktemp("built")
    config = copy_site(root / "checkout")
    result = mkdocs_build(config, root / "site", env=NO_DOWNLOADS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert list((root / "checkout/.cache/gzip").glob("*/*.gz"))
    return root / "checkout", root / "site"


def checkout_copy(built: tuple[Path, Path], target: Path) -> Path:
    """The built checkout (with its filled .cache/) copied to ``target``; its mkdocs.yml."""
    shutil.copytree(built[0], target, symlinks=True)
    return target / "mkdocs.yml"


def assert_same_server_files(first: Path, second: Path) -> None:
    """Every .gz matches its file, and equals the first build's; the same CSP include."""
    zipped = sorted(p.relative_to(second) for p in second.rglob("*.gz"))
    assert zipped == sorted(p.relative_to(first) for p in first.rglob("*.gz"))
    assert len(zipped) > 50
    for name in zipped:
        data = (second / name).read_bytes()
        plain = (second / name.with_suffix("")).read_bytes()
        assert gzip.decompress(data) == plain, f"{name} does not match its file"
        assert data == (first / name).read_bytes(), name
    assert (second / csp.NGINX_INCLUDE).read_text("utf-8") == (first / csp.NGINX_INCLUDE).read_text(
        "utf-8"
    )


def test_a_build_after_a_power_cut_makes_the_empty_entries_again(
    built_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    config = checkout_copy(built_copy, tmp_path / "checkout")
    cache = config.parent / ".cache"
    entries = [p for p in cache.rglob("*") if p.is_file()]
    for entry in entries:  # every rename reached the disk, no data did
        entry.write_bytes(b"")
    result = mkdocs_build(config, tmp_path / "site", env=NO_DOWNLOADS)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "was damaged (0 bytes): removed, making it again" in result.stderr
    assert_same_server_files(built_copy[1], tmp_path / "site")
    assert all(p.stat().st_size > 0 for p in cache.rglob("*") if p.is_file())
    home = gzip.decompress((tmp_path / "site/index.html.gz").read_bytes())
    assert b"<html" in home


def test_a_cache_path_taken_by_a_file_builds_all_the_same(
    built_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    config = checkout_copy(built_copy, tmp_path / "checkout")
    shutil.rmtree(config.parent / ".cache")
    (config.parent / ".cache").write_text("not a folder\n", "utf-8")
    result = mkdocs_build(config, tmp_path / "site", env=NO_DOWNLOADS)
    assert result.returncode == 0, result.stdout + result.stderr  # --strict: no warning
    assert re.search(r"INFO +- +cache: cannot write to .*\.cache", result.stderr)
    assert_same_server_files(built_copy[1], tmp_path / "site")
    assert temporaries(config.parent, tmp_path / "site") == []


def can_mount() -> bool:
    if shutil.which("unshare") is None or shutil.which("mount") is None:
        return False
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=4k tmpfs /mnt"],
        capture_output=True,
        check=False,
    )
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not can_mount(), reason="needs mount namespaces (root with CAP_SYS_ADMIN)"
)


def build_with_mount(
    config: Path, site: Path, mount: str, after: str = "true"
) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` in a private mount namespace where ``mount`` (a shell command)
    has been run first and ``after`` runs last: the mount disappears with the process."""
    script = f'{mount} && {{ "$@"; status=$?; {after}; exit $status; }}'
    return subprocess.run(
        ["unshare", "-m", "--propagation", "private", "sh", "-c", script, "sh"]
        + [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)]
        + ["-d", str(site)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **NO_DOWNLOADS},
        check=False,
    )


@needs_mount
def test_a_read_only_cache_with_everything_in_it_builds_all_the_same(
    built_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    config = checkout_copy(built_copy, tmp_path / "checkout")
    cache = config.parent / ".cache"
    before = {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()}
    result = build_with_mount(
        config,
        tmp_path / "site",
        f"mount --bind {cache} {cache} && mount -o remount,ro,bind {cache}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Read-only file system" in result.stderr, "the build never tried to write"
    assert not re.search(r"WARNING|Traceback", result.stderr)
    assert_same_server_files(built_copy[1], tmp_path / "site")
    assert {p: p.read_bytes() for p in cache.rglob("*") if p.is_file()} == before


@needs_mount
def test_a_full_cache_disk_builds_all_the_same_and_leaves_no_temporary(
    built_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    config = checkout_copy(built_copy, tmp_path / "checkout")
    cache = config.parent / ".cache"
    shutil.rmtree(cache)
    cache.mkdir()
    # 64 KiB: room for a few entries, then ENOSPC in the middle of writing one.
    result = build_with_mount(
        config,
        tmp_path / "site",
        f"mount -t tmpfs -o size=64k tmpfs {cache}",
        after=f"find {cache} -type f -printf 'IN-CACHE %P\\n'",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No space left on device" in result.stderr
    in_cache = re.findall(r"IN-CACHE (.*)", result.stdout)
    assert in_cache, "nothing was stored before the disk was full"
    assert not [name for name in in_cache if name.endswith(".tmp")], in_cache
    assert not re.search(r"WARNING|Traceback", result.stderr)
    assert_same_server_files(built_copy[1], tmp_path / "site")
    assert temporaries(tmp_path / "site") == []


def test_lesson_kits_are_published_when_their_cache_cannot_be_written(tmp_path: Path) -> None:
    config = make_site(tmp_path, downloads=True)
    (tmp_path / "cache").write_text("not a folder\n", "utf-8")  # cache_dir: cache
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cache: cannot write to" in result.stderr
    for lang, prefix in (("lv", ""), ("en", "en/")):
        folder = tmp_path / "site" / prefix / "teachers/downloads"
        for slug in ("lesson-a", "lesson-b"):
            names = downloads.filenames(f"{slug}-{lang}")
            for name in names.values():
                data = (folder / name).read_bytes()
                assert cachefiles.check_for(Path(name))(data), f"{name} is damaged"
            kit = zipfile.ZipFile(folder / names["kit"])
            assert kit.read(names["plan"]) == (folder / names["plan"]).read_bytes()
    assert temporaries(tmp_path) == []
