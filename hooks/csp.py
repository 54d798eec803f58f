"""MkDocs hook: the Content-Security-Policy of the built site, written once per build.

When the outermost build ends (every language written), hashes every inline script and style
of the built pages (a page unchanged since the last build is not scanned again: .cache/
csp-scan.json) and writes the policy as an nginx include, ``.nginx/csp.conf`` in the site
(installed with each deployment, see DEPLOYING.md). Inline event handlers and ``javascript:``
URLs are warnings (``mkdocs build --strict`` fails): the policy cannot allow them.
Thin adapter over ``sitekit.csp``.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from sitekit import csp
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.csp")

_nesting = BuildNesting()


def on_pre_build(*, config: MkDocsConfig) -> None:
    _nesting.enter()


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    """At the end of the outermost build: scan the pages, write the policy."""
    if not _nesting.leave():
        return
    site = Path(config.site_dir)
    cache = Path(config.config_file_path).parent / ".cache" / "csp-scan.json"
    inline = csp.scan_site(site, cache_file=cache)
    for problem in inline.problems:
        log.warning("%s", problem)
    target = csp.write_nginx_include(site, csp.policy(inline))
    log.info(
        "CSP: %d inline scripts, %d styles, %d style attributes allowed by hash; wrote %s",
        len(inline.scripts),
        len(inline.styles),
        len(inline.style_attrs),
        target.relative_to(site),
    )


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
