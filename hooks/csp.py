"""MkDocs hook: the Content-Security-Policy of the built site, written once per build.

Records the base URL of every page and theme template rendered (in every language). When the
outermost build ends (every language written), derives the inline code the templates can
produce for those base URLs (``csp.template_inline``), scans the built pages (a page unchanged
since the last build is not scanned again: .cache/csp-scan.json) and writes the policy for the
template code they use as an nginx include, ``.nginx/csp.conf`` in the site (installed with each
deployment, see DEPLOYING.md). Inline code that is not the templates', inline event handlers
and ``javascript:`` URLs fail the build, naming the page: the policy cannot allow them.
Thin adapter over ``sitekit.csp``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from sitekit import csp, templates
from sitekit.nesting import BuildNesting

log = logging.getLogger("mkdocs.plugins.csp")

_nesting = BuildNesting()
_base_urls: set[str] = set()


def on_pre_build(*, config: MkDocsConfig) -> None:
    if _nesting.enter():
        _base_urls.clear()


def on_page_context(context: dict[str, Any], **_: object) -> dict[str, Any]:
    _base_urls.add(str(context.get("base_url", "")))
    return context


def on_template_context(context: dict[str, Any], **_: object) -> dict[str, Any]:
    _base_urls.add(str(context.get("base_url", "")))
    return context


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built the other languages
def on_post_build(*, config: MkDocsConfig) -> None:
    """At the end of the outermost build: derive what the templates allow, scan, write."""
    if not _nesting.leave():
        return
    site = Path(config.site_dir)
    context = {"config": config, "features": config.theme.get("features") or []}
    env = templates.environment(config.theme)
    allowed = csp.template_inline(env, _base_urls or {"."}, context)
    cache = Path(config.config_file_path).parent / ".cache" / "csp-scan.json"
    inline = csp.scan_site(site, cache_file=cache, allowed=allowed)
    if inline.problems:
        raise PluginError(
            "inline code the Content-Security-Policy cannot allow:\n  "
            + "\n  ".join(inline.problems)
        )
    used = csp.Inline(
        inline.scripts & allowed.scripts,
        inline.styles & allowed.styles,
        inline.style_attrs & allowed.style_attrs,
    )
    target = csp.write_nginx_include(site, csp.policy(used))
    log.info(
        "CSP: %d inline scripts, %d styles, %d style attributes allowed by hash "
        "(the templates', for %d base URLs); wrote %s",
        len(used.scripts),
        len(used.styles),
        len(used.style_attrs),
        len(_base_urls),
        target.relative_to(site),
    )


def on_build_error(*, error: Exception) -> None:
    _nesting.reset()
