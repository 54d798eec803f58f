"""What the project's own hooks add to a build: an in-process build with a timer around
every hook function and hook import. Run as a script by :func:`hook_profile`."""

from __future__ import annotations

import functools
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any


def hook_profile(project: Path, out: Path, env: dict[str, str]) -> dict[str, Any]:
    """Time spent in the project's hooks during one full build, and the build's total.

    A build without the hooks is not possible: the templates need the data they provide (help
    strip, interface strings, hreflang). So the build runs in-process with every hook
    function wrapped in a timer (every event, in every language build), plus the time to
    import each hook module (they import sitekit, WeasyPrint and the like). "Without hooks" is
    the total minus that time; the ratio is total / (total - hooks).
    """
    result = subprocess.run(
        [sys.executable, __file__, str(project / "mkdocs.yml"), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"profiled build failed:\n{result.stdout}\n{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def _hook_profile_main(config_file: str, site_dir: str) -> None:
    """In-process build with timers around the hooks (run by :func:`hook_profile`)."""
    import logging

    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import config_options, load_config
    from mkdocs.plugins import PluginCollection

    logging.basicConfig(level=logging.ERROR)
    hooks_dir = (Path(config_file).parent / "hooks").resolve()
    totals: dict[str, float] = defaultdict(float)
    depth = [0]

    def timed(fn: Callable, label: str) -> Callable:
        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:  # a hook inside a hook: counted once, by the outer one
                return fn(*args, **kwargs)
            depth[0] += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[label] += time.perf_counter() - started
                depth[0] -= 1

        return wrapper

    register = PluginCollection._register_event

    def register_timed(self, event_name, method, plugin_name=None):  # type: ignore[no-untyped-def]
        code = getattr(method, "__code__", None)
        if code and Path(code.co_filename).resolve().parent == hooks_dir:
            method = timed(method, f"{Path(code.co_filename).name} on_{event_name}")
        return register(self, event_name, method, plugin_name)

    PluginCollection._register_event = register_timed  # type: ignore[method-assign]
    load_hook = config_options.Hooks._load_hook

    def load_hook_timed(self, name, path):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return load_hook(self, name, path)
        finally:
            totals[f"{Path(path).name} (import)"] += time.perf_counter() - started

    config_options.Hooks._load_hook = load_hook_timed  # type: ignore[method-assign]
    started = time.perf_counter()
    config = load_config(config_file=config_file, site_dir=site_dir)
    loaded = time.perf_counter()
    config.plugins.on_startup(command="build", dirty=False)
    mkdocs_build(config)
    config.plugins.on_shutdown()
    finished = time.perf_counter()
    per_hook: dict[str, float] = defaultdict(float)
    for label, seconds in totals.items():
        per_hook[label.split(" ", 1)[0]] += seconds
    print(
        json.dumps(
            {
                "total": finished - started,
                "load_config": loaded - started,
                "hooks": sum(totals.values()),
                "per_hook": dict(sorted(per_hook.items(), key=lambda kv: -kv[1])),
                "per_event": dict(sorted(totals.items(), key=lambda kv: -kv[1])[:12]),
            }
        )
    )


if __name__ == "__main__":
    # The project's own sitekit (beside its mkdocs.yml), not an installed one.
    sys.path.insert(0, str(Path(sys.argv[1]).resolve().parent))
    _hook_profile_main(sys.argv[1], sys.argv[2])
