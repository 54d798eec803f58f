"""Which pages are measured, and what Chromium loads for each: bytes by kind, raw and sent."""

from __future__ import annotations

import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

from common import CHROMIUM, LANGS, SERVER_NAME, lang_path

# Page type -> candidate paths relative to a language root; the first one built is measured.
PAGE_TYPES = {
    "home": [""],
    "article": ["how-it-works/", "help/"],
    "lesson": ["teachers/lesson-13-15/", "teachers/lesson-10-12/"],
    "help": ["help/"],
    "self-check": ["self-check/"],
}


def page_types(site: Path, only: set[str] | None = None) -> dict[str, str]:
    """Page path (relative to a language root) of each page type measured that the build has."""
    types = {}
    for kind, candidates in PAGE_TYPES.items():
        if only and kind not in only:
            continue
        found = [path for path in candidates if (site / path / "index.html").is_file()]
        if found:
            types[kind] = found[0]
    return types


KINDS = {
    ".html": "HTML",
    ".css": "CSS",
    ".js": "JS",
    ".json": "search index",
    ".svg": "images",
    ".png": "images",
    ".jpg": "images",
    ".jpeg": "images",
    ".webp": "images",
    ".avif": "images",
    ".ico": "images",
    ".woff2": "fonts",
    ".woff": "fonts",
}


def _file_for(site: Path, url_path: str) -> Path | None:
    rel = urllib.request.url2pathname(url_path).lstrip("/")
    candidate = site / rel
    if rel == "" or url_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    return candidate if candidate.is_file() else None


def page_weights(url: str, site: Path, types: dict[str, str]) -> dict[str, dict[str, Any]]:
    """For each page type and language: what Chromium requests while loading the page (until
    the network is idle), in bytes, raw and as transferred (the .gz copy where the build made
    one, as nginx sends it)."""
    from conftest import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Any]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                *CHROMIUM_ARGS,
                "--ignore-certificate-errors",
                f"--host-resolver-rules=MAP {SERVER_NAME} 127.0.0.1",
            ],
        )
        context = browser.new_context(
            viewport={"width": 412, "height": 823}, ignore_https_errors=True
        )
        for kind, path in types.items():
            for lang in LANGS:
                page = context.new_page()
                requested: list[str] = []
                page.on("request", lambda request, r=requested: r.append(request.url))
                page.goto(f"{url}/{lang_path(lang, path)}", wait_until="networkidle")
                page.close()
                raw: dict[str, int] = defaultdict(int)
                sent: dict[str, int] = defaultdict(int)
                files = []
                for request_url in dict.fromkeys(requested):
                    parts = urllib.parse.urlsplit(request_url)
                    if not request_url.startswith(url):
                        continue
                    file = _file_for(site, urllib.parse.unquote(parts.path))
                    if file is None:
                        continue
                    kind_of = KINDS.get(file.suffix, "other")
                    gz = file.with_name(file.name + ".gz")
                    raw[kind_of] += file.stat().st_size
                    sent[kind_of] += gz.stat().st_size if gz.is_file() else file.stat().st_size
                    files.append(file.relative_to(site).as_posix())
                results[f"{kind}/{lang}"] = {
                    "path": "/" + lang_path(lang, path),
                    "raw": dict(raw),
                    "sent": dict(sent),
                    "files": files,
                }
        browser.close()
    return results
