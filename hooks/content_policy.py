"""MkDocs hook: page content within the allow-list (``sitekit.content_policy``), every language.

Checks each page's rendered content (raw HTML, Markdown links and images, ``attr_list``
attributes, expanded markers) and its front matter. A page with a problem fails the build,
with or without ``--strict``: a PluginError lists every problem with the Markdown file and line.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import content_policy


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fail on anything outside the content allow-list; return the content unchanged."""
    source_path = Path(page.file.abs_src_path or "")
    root = Path(config.config_file_path).parent
    try:
        name = source_path.relative_to(root).as_posix()
        source = source_path.read_text(encoding="utf-8")
    except (ValueError, OSError):  # a generated page: nothing an editor wrote
        name, source = f"docs/{page.file.src_uri}", ""
    problems = content_policy.check_page(html, source=source, path=name, meta=page.meta)
    if problems:
        raise PluginError(
            f"{name}: the page's content is outside what the site allows:\n  "
            + "\n  ".join(problems)
        )
    return html
