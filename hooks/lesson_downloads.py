"""MkDocs hook: downloads for every lesson page (a page with ``lesson:`` front matter) in the
language being built: A4 PDF of the plan, A4 PDF of the handouts and scenario cards, editable
DOCX and a ZIP kit, written to ``<lang prefix>teachers/downloads/``, and download buttons
(format and size) on the lesson page.

Thin adapter over ``sitekit.downloads``; templates: partials/lesson-print.html (with
assets/lesson-print.css) and partials/lesson-downloads.html. Options in mkdocs.yml::

    extra:
      lesson_downloads:
        enabled: true               # false: no downloads, no buttons (benchmarks)
        cache_dir: .cache/downloads # files cached by the SHA-256 of their inputs
"""

from __future__ import annotations

import logging
import posixpath
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitekit import kits as downloads
from sitekit import lessons, sandbox, templates
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.lesson_downloads")

PLACEHOLDER = "<!-- lesson-downloads -->"
STYLESHEET = "assets/lesson-print.css"
LABELS = {
    "plan": "lessons_download_plan",
    "handouts": "lessons_download_handouts",
    "docx": "lessons_download_docx",
    "kit": "lessons_download_kit",
}
OFF = {"0", "false", "no", "off"}

_state: dict[str, object] = {}


def _options(config: MkDocsConfig) -> dict[str, object]:
    raw = config.extra.get("lesson_downloads") or {}
    if not isinstance(raw, dict):
        raise PluginError("extra.lesson_downloads in mkdocs.yml must be a mapping")
    unknown = sorted(set(raw) - {"enabled", "cache_dir"})
    if unknown:
        raise PluginError(
            f"extra.lesson_downloads: unknown option {', '.join(unknown)}; use enabled, cache_dir"
        )
    enabled = raw.get("enabled", True)
    if isinstance(enabled, str):
        enabled = enabled.strip().lower() not in OFF
    root = Path(config.config_file_path).parent
    return {
        "enabled": bool(enabled),
        "cache_dir": root / str(raw.get("cache_dir") or ".cache/downloads"),
    }


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the options, the lessons catalogue and the print stylesheet."""
    options = _options(config)
    _state.update(options)
    if not options["enabled"]:
        return config
    try:  # the downloads read the site folder, where MkDocs copies what links point at
        sandbox.check_no_escaping_links(config.docs_dir)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    root = Path(config.config_file_path).parent
    langs = tuple(lang.locale for lang in config.plugins["i18n"].config.languages)
    try:
        _state["catalog"] = lessons.load_catalog(
            root / config.extra.get("data_dir", "data") / "lessons.yml", langs
        )
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    candidates = [Path(folder) / STYLESHEET for folder in config.theme.dirs]
    css = next((path for path in candidates if path.is_file()), None)
    if css is None:
        raise PluginError(f"hooks/lesson_downloads.py: {STYLESHEET} not found in the theme")
    _state["stylesheet"] = css.read_text(encoding="utf-8")
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """A fresh cache object (and counters) for each language build."""
    _state["cache"] = downloads.DownloadCache(_state["cache_dir"])  # type: ignore[arg-type]
    _state["started"] = time.perf_counter()


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Make the lesson's downloads, copy them into the site and add the buttons."""
    if not _state.get("enabled") or page.meta.get("lesson") is None:
        return html
    catalog: lessons.Catalog = _state["catalog"]  # type: ignore[assignment]
    cache: downloads.DownloadCache = _state["cache"]  # type: ignore[assignment]
    lang = config.theme["language"]
    file_lang = getattr(page.file, "locale", lang)
    ui = config.extra["ui"]
    env = templates.environment(config.theme)
    name = f"docs/{page.file.src_uri}"
    site_url = config.site_url or "https://example.invalid/"
    page_url = site_url.rstrip("/") + "/" + page.url
    site_dir = Path(config.site_dir)
    base_url = (site_dir / page.url).as_uri().rstrip("/") + "/"

    printable = downloads.absolute_links(html.replace(PLACEHOLDER, ""), page_url)
    preamble, parts = downloads.split_sections(printable)
    sections = [
        {"key": catalog.section_key(file_lang, title), "title": title, "html": part}
        for title, part in parts
    ]
    handouts = [s for s in sections if s["title"] in catalog.handout_titles(file_lang)]
    template = env.get_template("partials/lesson-print.html")
    context = {
        "lang": file_lang,
        "title": page.meta.get("title") or page.title,
        "description": page.meta.get("description", ""),
        "site_name": config.site_name,
        "page_url": page_url,
        "preamble": preamble,
        "ui": ui,
    }
    lesson = lessons.read_lesson(page.file.abs_src_path, catalog, page=name)
    assert lesson is not None
    kit = downloads.KitInput(
        name=f"{lesson.slug}-{file_lang}",
        page=name,
        lang=file_lang,
        title=str(context["title"]),
        description=str(context["description"]),
        author=config.site_name,
        keywords="; ".join(catalog.topics[t][file_lang] for t in lesson.topics),
        plan_html=template.render(variant="plan", sections=sections, **context),
        handouts_html=template.render(variant="handouts", sections=handouts, **context),
        content_html=printable,
        stylesheet=str(_state["stylesheet"]),
        base_url=base_url,
        roots=(config.docs_dir, config.site_dir),  # all the downloads may read
        source=page.file.content_string,
    )
    try:
        made = downloads.make_kit(kit, cache, warn=log.warning)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None

    folder = posixpath.join(posixpath.dirname(page.url.rstrip("/")), "downloads")
    target = site_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    buttons = []
    units = {"KB": ui["lessons_kb"][lang], "MB": ui["lessons_mb"][lang]}
    for item in made:
        (target / item.filename).write_bytes(item.data)
        buttons.append(
            {
                "label": ui[LABELS[item.kind]][lang],
                "href": get_relative_url(posixpath.join(folder, item.filename), page.url),
                "filename": item.filename,
                "format": item.format,
                "media_type": item.media_type,
                "size": downloads.human_size(item.size, lang, units),
            }
        )
    block = env.get_template("partials/lesson-downloads.html").render(
        downloads=buttons, ui=ui, lang=lang
    )
    block = "\n".join(row for row in block.splitlines() if row.strip())
    if PLACEHOLDER in html:
        return html.replace(PLACEHOLDER, block, 1)
    head, sep, tail = html.partition("</h1>")
    return f"{head}{sep}\n{block}\n{tail}" if sep else f"{block}\n{html}"


def on_post_build(*, config: MkDocsConfig) -> None:
    """Report what was made and what came from the cache."""
    cache = _state.get("cache")
    if not _state.get("enabled") or not isinstance(cache, downloads.DownloadCache):
        return
    stats = cache.stats
    if stats.generated or stats.reused:
        log.info(
            "lesson downloads (%s): %d made in %.1f s, %d from the cache",
            config.theme["language"],
            stats.generated,
            stats.seconds,
            stats.reused,
        )
