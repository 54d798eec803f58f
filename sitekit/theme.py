"""What our templates need from the installed Material theme: its hashed asset file names.

Material names its stylesheet, bundle and search worker by content hash, and a new release
changes the names. Our copy of ``base.html`` (overrides/base.html) takes them from here, through
``config.extra.theme_assets``, instead of spelling them out.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sitekit.errors import SiteDataError

PATTERNS = {
    "main_css": "assets/stylesheets/main.*.min.css",
    "palette_css": "assets/stylesheets/palette.*.min.css",
    "bundle_js": "assets/javascripts/bundle.*.min.js",
    "search_worker": "assets/javascripts/workers/search.*.min.js",
}


def templates_dir() -> Path:
    """The installed Material theme's templates folder."""
    import material

    return Path(material.__file__).parent / "templates"


@cache
def assets(root: Path | None = None) -> dict[str, str]:
    """Each asset's path inside the theme, e.g. ``assets/stylesheets/main.57a0d79d.min.css``."""
    root = root or templates_dir()
    found = {}
    for key, pattern in PATTERNS.items():
        matches = sorted(root.glob(pattern))
        if len(matches) != 1:
            raise RuntimeError(
                f"{root}: expected one {pattern}, found {len(matches)}: reinstall mkdocs-material"
            )
        found[key] = matches[0].relative_to(root).as_posix()
    return found


def check_no_extra_javascript(scripts: list[object], where: str = "mkdocs.yml") -> None:
    """Refuse ``extra_javascript``: overrides/main.html replaces the theme's script block with
    assets/site.js, which loads Material's bundle on demand, so a listed script would be dropped
    without a word."""
    if scripts:
        names = ", ".join(str(s) for s in scripts)
        raise SiteDataError(
            where,
            f"extra_javascript ({names}) is not loaded: overrides/main.html loads only "
            "assets/site.js (which starts Material's bundle on demand)",
            "put the code in overrides/assets/site.js as its own function, and remove "
            "extra_javascript",
        )
