"""overrides/main.html loads only assets/site.js (which starts Material's bundle on demand): a
script listed under extra_javascript would be dropped silently, so the build refuses it."""

from __future__ import annotations

import pytest

from sitekit import theme
from sitekit.errors import SiteDataError


def test_no_extra_javascript_is_fine() -> None:
    theme.check_no_extra_javascript([])


@pytest.mark.parametrize("scripts", [["js/extra.js"], ["a.js", "https://cdn.example/x.js"]])
def test_extra_javascript_is_refused_with_the_fix(scripts: list[str]) -> None:
    with pytest.raises(SiteDataError) as caught:
        theme.check_no_extra_javascript(scripts)
    message = str(caught.value)
    assert "mkdocs.yml" in message and scripts[0] in message
    assert "overrides/assets/site.js" in message
