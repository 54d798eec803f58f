"""One build at a time per checkout.

Two builds of one checkout at once (``make build`` in two terminals, a test run beside
``mkdocs serve``) write the same site folder and the same ``.cache/``: each cleans away what the
other wrote, and the languages' 404 pages end up swapped, while both exit 0. The build therefore
holds an exclusive ``flock(2)`` on the folder of mkdocs.yml from its first event to its last. A
lock on the folder needs no lock file (so it works in a read-only checkout and leaves nothing
behind), and the kernel drops it when the process ends: a crashed build never leaves it stale.
A second build waits for the first, then runs.
"""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows has no flock
    fcntl = None  # type: ignore[assignment]

# How long a build waits for another one before giving up (a first build with empty caches makes
# every lesson PDF: minutes, not hours).
WAIT_SECONDS = 30 * 60
POLL_SECONDS = 0.1


class BuildLockTimeout(Exception):
    """Another build held the lock for longer than we wait."""


class BuildLock:
    """An exclusive lock on a folder, held by at most one build (process) at a time."""

    def __init__(
        self, folder: Path, *, wait: float = WAIT_SECONDS, poll: float = POLL_SECONDS
    ) -> None:
        self.folder = folder
        self.wait = wait
        self.poll = poll
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, info: Callable[[str], None]) -> None:
        """Take the lock, waiting for another build if needed; ``info`` says why we wait.

        Where the file system cannot lock, ``info`` says so and the build goes on unlocked.
        Raises :class:`BuildLockTimeout` after ``wait`` seconds.
        """
        if self._fd is not None:
            return
        if fcntl is None:  # pragma: no cover
            info(f"cannot lock {self.folder} on this system: run one build at a time")
            return
        fd = os.open(self.folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_CLOEXEC)
        deadline = time.monotonic() + self.wait
        waiting = False
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    pass
                except OSError as exc:
                    if exc.errno not in (errno.ENOLCK, errno.EINVAL, errno.ENOTSUP, errno.EBADF):
                        raise
                    info(
                        f"cannot lock {self.folder} ({exc.strerror}): two builds of this "
                        "folder at the same time would mix their output; run one at a time"
                    )
                    os.close(fd)
                    return
                if not waiting:
                    info(
                        f"another build of {self.folder} is running (mkdocs build or serve): "
                        f"waiting for it to finish (at most {self.wait / 60:g} minutes)"
                    )
                    waiting = True
                if time.monotonic() >= deadline:
                    raise BuildLockTimeout(
                        f"another build of {self.folder} has been running for more than "
                        f"{self.wait / 60:g} minutes; stop it (mkdocs build or serve in that "
                        "folder) or wait for it to finish, then build again"
                    )
                time.sleep(self.poll)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        if waiting:
            info("the other build has finished: building now")

    def release(self) -> None:
        """Let the next build run (closing the descriptor drops the lock)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)
