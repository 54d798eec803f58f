"""What every part of the benchmark shares: paths, languages, Chromium, logging, ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "BENCHMARKS.md"
LANGS = ("lv", "ru", "uk", "en")
DEFAULT_LANG = "lv"
CHROMIUM = "/usr/bin/chromium"
# The host name the shipped nginx configuration answers to (deploy/nginx/pamaniunaptur.conf);
# Chromium resolves it to loopback (--host-resolver-rules), so nginx sees the real name.
SERVER_NAME = "pamaniunaptur.lv"


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def command_version(*command: str) -> str:
    """The last line a ``--version``-style command prints, or why there is none."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "not found"
    text = (result.stdout or result.stderr).strip().splitlines()
    return text[-1] if text else "unknown"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def lang_path(lang: str, path: str) -> str:
    """A page path relative to the site root, for a path relative to a language root."""
    return path if lang == DEFAULT_LANG else f"{lang}/{path}"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, e.g. ``0.52 / 0.61 / 0.70``."""
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())
