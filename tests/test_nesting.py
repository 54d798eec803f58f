"""sitekit/nesting.py: whole-site work runs once, when the outermost build ends."""

from __future__ import annotations

from sitekit.nesting import BuildNesting


def test_only_the_outermost_build_is_first_and_last() -> None:
    nesting = BuildNesting()
    assert nesting.enter() is True  # lv starts
    # mkdocs-static-i18n builds ru, uk, en inside lv's on_post_build
    for _ in range(3):
        assert nesting.enter() is False
        assert nesting.leave() is False
    assert nesting.leave() is True  # lv ends: the whole site is written


def test_reset_after_an_error_makes_the_next_build_outermost_again() -> None:
    nesting = BuildNesting()
    nesting.enter()
    nesting.enter()  # a nested build fails before its on_post_build
    nesting.reset()
    assert nesting.enter() is True
    assert nesting.leave() is True
