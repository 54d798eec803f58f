"""Builds under hostile conditions: two builds of one checkout at once, damaged cache entries,
a read-only or full cache folder.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import LANGS, ROOT

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
