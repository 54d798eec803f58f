"""The theme's Jinja environment, made once per build and language for the hooks' partials.

MkDocs' ``Theme.get_env()`` makes a new environment, and so compiles every template again, on
each call; the hooks render partials (helpline cards, lesson blocks) on many pages. Templates
edited during ``mkdocs serve`` are still picked up: each rebuild loads the configuration again,
and a new theme object gets a new environment.
"""

from __future__ import annotations

from typing import Any

import jinja2

_current: list[tuple[Any, str, jinja2.Environment]] = []


def environment(theme: Any) -> jinja2.Environment:
    """``theme.get_env()``, reused while the theme object and its language stay the same."""
    language = str(theme["language"])
    if _current and _current[0][0] is theme and _current[0][1] == language:
        return _current[0][2]
    env = theme.get_env()
    _current[:] = [(theme, language, env)]
    return env
