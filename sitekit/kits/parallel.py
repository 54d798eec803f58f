"""Making many kit files at once, in worker processes (one per core), with the same result as
making them one after the other.

A :class:`Task` is a module-level function and its arguments (both picklable). :func:`run`
returns the results by task key, in no particular order of work but always the same mapping;
tasks with the same key (identical documents) run once. A task that raises is left out: the
caller makes that file again the ordinary way, which raises the proper error. Where a pool
cannot start (no ``/dev/shm``, a sandbox without ``fork``, one core) the tasks run in this
process, one after the other.

``KIT_WORKERS`` sets the number of worker processes (``1``: none; default: the cores this
process may use).
"""

from __future__ import annotations

import atexit
import concurrent.futures
import logging
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("mkdocs.plugins.lesson_downloads")

_pool: dict[str, Any] = {}  # "executor", "workers": kept for the build process's lifetime


@dataclass(frozen=True)
class Task:
    """``fn(*args, **kwargs)``, whose result is known by ``key``."""

    key: str
    fn: Callable[..., Any]
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)

    def __call__(self) -> Any:
        return self.fn(*self.args, **self.kwargs)


def workers() -> int:
    """How many worker processes to use: ``KIT_WORKERS``, else the usable cores."""
    raw = os.environ.get("KIT_WORKERS", "").strip()
    if raw.isdigit():
        return max(1, int(raw))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    """``fork`` (cheap: the workers share what is loaded) when this process runs one thread;
    with more threads (``mkdocs serve``) ``forkserver``, as forking a threaded process may
    copy a held lock."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        return multiprocessing.get_context("forkserver")
    return multiprocessing.get_context("spawn")


def _executor(count: int) -> concurrent.futures.ProcessPoolExecutor:
    executor = _pool.get("executor")
    if executor is not None and _pool.get("workers") == count:
        return executor
    shutdown()
    executor = concurrent.futures.ProcessPoolExecutor(max_workers=count, mp_context=_context())
    _pool.update(executor=executor, workers=count)
    return executor


def shutdown() -> None:
    """Stop the worker processes (at exit, or before a pool of another size)."""
    executor = _pool.pop("executor", None)
    _pool.pop("workers", None)
    if executor is not None:
        executor.shutdown(wait=True, cancel_futures=True)


atexit.register(shutdown)


def _serial(tasks: list[Task]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for task in tasks:
        try:
            found[task.key] = task()
        except Exception:  # noqa: BLE001 - made again by the caller, which reports it
            log.debug("kit task %s failed; the caller makes it again", task.key, exc_info=True)
    return found


def run(tasks: Iterable[Task], count: int | None = None) -> dict[str, Any]:
    """The results of ``tasks`` by key (a failed task is absent), using ``count`` workers."""
    unique: dict[str, Task] = {}
    for task in tasks:
        unique.setdefault(task.key, task)
    todo = list(unique.values())
    count = min(workers() if count is None else max(1, count), len(todo))
    if count < 2:
        return _serial(todo)
    try:
        executor = _executor(count)
        futures = [(task.key, executor.submit(task.fn, *task.args, **task.kwargs)) for task in todo]
    except (OSError, NotImplementedError, ImportError, RuntimeError, ValueError) as exc:
        log.debug("no worker processes (%s): making the kit files one by one", exc)
        shutdown()
        return _serial(todo)
    found: dict[str, Any] = {}
    broken = False
    for key, future in futures:
        try:
            found[key] = future.result()
        except concurrent.futures.process.BrokenProcessPool:
            broken = True
        except Exception:  # noqa: BLE001 - made again by the caller, which reports it
            log.debug("kit task %s failed; the caller makes it again", key, exc_info=True)
    if broken:  # a worker died (out of memory, killed): finish here
        shutdown()
        found.update(_serial([t for t in todo if t.key not in found]))
    return found
