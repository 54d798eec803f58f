"""Tell the outermost build from the per-language builds that run inside it.

mkdocs-static-i18n builds the other languages from inside the source language's
``on_post_build``, so every build event fires once per language. Work on the whole site (the
sitemap, the CSP, compressed copies) must run once, after the last file is written: at the end
of the outermost build. Count ``enter`` in ``on_pre_build`` and ``leave`` in a late
``on_post_build``; ``reset`` on a build error (``mkdocs serve`` keeps hook modules loaded).
"""

from __future__ import annotations


class BuildNesting:
    """Depth of the builds in progress."""

    def __init__(self) -> None:
        self.depth = 0

    def enter(self) -> bool:
        """A build starts; True when it is the outermost one."""
        self.depth += 1
        return self.depth == 1

    def leave(self) -> bool:
        """A build ends; True when it was the outermost one (the whole site is written)."""
        self.depth = max(self.depth - 1, 0)
        return self.depth == 0

    def reset(self) -> None:
        """Forget unfinished builds (after an error)."""
        self.depth = 0
