"""Shared fixtures: the real site built once with --strict, a local server, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("lv", "ru", "uk", "en")
DEFAULT_LANG = "lv"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# The production host name: the nginx tests serve it on 127.0.0.1 (nginx answers no other name).
SERVER_NAME = "pamaniunaptur.lv"
CHROMIUM_ARGS = [
    f"--host-resolver-rules=MAP {SERVER_NAME} 127.0.0.1",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def mkdocs_build(
    config: Path, site_dir: Path, *extra: str, env: dict | None = None, strict: bool = True
) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` (``--strict`` unless told) in a subprocess; return the result."""
    mode = ["--strict"] if strict else []
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            *mode,
            "-f",
            str(config),
            "-d",
            str(site_dir),
            *extra,
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=False,
    )


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with ``--strict``."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout}\n{result.stderr}"
    return out


def page_lang(site: Path, path: Path) -> str:
    """The language a built file belongs to, from its folder."""
    first = path.relative_to(site).parts[0]
    return first if first in LANGS else DEFAULT_LANG


# Pages for editors, not readers: not linked, not indexed, not themed (no help strip).
EDITOR_PAGES = {"translation-status"}


def html_pages(site: Path) -> list[Path]:
    """Every built page a reader can reach (assets, search and editors' pages excluded)."""
    skip = {"assets", "search", *EDITOR_PAGES}
    return sorted(p for p in site.rglob("*.html") if p.relative_to(site).parts[0] not in skip)


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static server that answers misses with the 404 page of the language folder."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code != 404:
            return super().send_error(code, message, explain)
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0]
        page = root / first / "404.html" if first in LANGS[1:] else root / "404.html"
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="session")
def base_url(site_dir: Path) -> Iterator[str]:
    """The built site served on a loopback port."""
    handler = functools.partial(_Handler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), *CHROMIUM_CANDIDATES):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; skipped outside CI when it is missing."""
    executable = find_chromium()
    if executable is None:
        message = "Chromium not found at /usr/bin/chromium (Debian package 'chromium')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}: CI must install it (.ci/run)")
        pytest.skip(f"{message}; install it to run browser tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("playwright is not installed: run the README's test command")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def mkdocs_extra() -> dict:
    """The ``extra:`` mapping of the real mkdocs.yml."""
    from sitekit import siteconfig

    return siteconfig.load(ROOT / "mkdocs.yml").raw.get("extra", {})


@pytest.fixture(scope="session")
def nginx(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """The built site served by nginx with the shipped configuration (deploy/nginx/), over
    HTTPS with a throw-away certificate; skipped outside CI when nginx or openssl is missing."""
    import nginxserver

    binary = nginxserver.find_nginx()
    missing = None
    if binary is None:
        missing = "nginx not found at /usr/sbin/nginx (Debian package 'nginx')"
    elif shutil.which("openssl") is None:
        missing = "openssl not found (Debian package 'openssl')"
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: CI must install it (.ci/run)")
        pytest.skip(f"{missing}; install it to run the nginx tests")
    site = request.getfixturevalue("site_dir")
    server = nginxserver.start(binary, site, tmp_path_factory.mktemp("nginx"))
    yield server
    server.stop()
