"""What the numbers were measured on: hardware, software versions, load."""

from __future__ import annotations

import os
import platform
import re
from importlib.metadata import version
from pathlib import Path

from common import CHROMIUM, command_version, load_average


def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    cpu = "unknown"
    info = Path("/proc/cpuinfo")
    if info.exists():
        for line in info.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text())[1])  # type: ignore[index]
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    osname = platform.platform()
    release = Path("/etc/os-release")
    if release.exists():
        found = re.search(r'PRETTY_NAME="([^"]+)"', release.read_text())
        osname = found[1] if found else osname
    return {
        "CPU": cpu,
        "CPUs (nproc)": str(len(os.sched_getaffinity(0))),
        "RAM": ram,
        "OS": osname,
        "Python": platform.python_version(),
        "MkDocs / Material / static-i18n": (
            f"{version('mkdocs')} / {version('mkdocs-material')} / {version('mkdocs-static-i18n')}"
        ),
        "Chromium": command_version(CHROMIUM, "--version"),
        "Node": command_version("node", "--version"),
        "nginx": command_version("nginx", "-v"),
        "Load average at start (1/5/15 min)": load_average(),
    }
