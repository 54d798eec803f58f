"""MkDocs hook: the downloadable kits of the teachers' section, in the language being built,
written to ``<lang prefix>teachers/downloads/`` with download buttons (format and size).

- Every lesson page (``lesson:`` front matter): A4 PDF of the plan (with the facilitator notes
  and, as its last page, the safeguarding sheet), A4 PDF of the handouts (start-and-end check,
  scenario cards, worksheet, the pupils' help card of its age band), editable DOCX, slides
  (PPTX) and a ZIP of these with the safeguarding sheet, the evaluation form and the parent
  letters.
- The shared kit pages (``kit:`` front matter): ``safeguarding`` and ``evaluation`` as PDF,
  ``incident-plan`` as PDF and DOCX, ``parent-letters`` as one DOCX per letter (its ``##``
  sections ``{#before}`` and ``{#after}``); the teaching guide (guide.md, or ``kit: guide``) as
  PDF and DOCX. A language without one of these pages gets nothing in its place (an INFO
  message), never another language's sheet.

All pages are rendered before any kit is made (``on_env``), so a lesson can carry sheets that
come later in the navigation; the buttons replace a marker in ``on_post_page``. Every kit of
the language is keyed first, then the files the cache lacks are made at once in worker
processes (``sitekit.kits.prepare``; ``KIT_WORKERS`` sets how many), then the ZIPs.

Thin adapter over ``sitekit.kits``; templates: partials/lesson-print.html (with
assets/lesson-print.css) and partials/lesson-downloads.html. Options in mkdocs.yml::

    extra:
      lesson_downloads:
        enabled: true               # false: no downloads, no buttons (benchmarks)
        cache_dir: .cache/downloads # files cached by the SHA-256 of their inputs
"""

from __future__ import annotations

import logging
import posixpath
import secrets
import time
from pathlib import Path, PurePosixPath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from sitekit import audience, lessons, sandbox, templates
from sitekit import kits as downloads
from sitekit.errors import SiteDataError
from sitekit.kits import handouts as help_cards

log = logging.getLogger("mkdocs.plugins.lesson_downloads")

PLACEHOLDER = "<!-- lesson-downloads -->"
STYLESHEET = "assets/lesson-print.css"
LABELS = {
    "plan": "lessons_download_plan",
    "handouts": "lessons_download_handouts",
    "docx": "lessons_download_docx",
    "slides": "lessons_download_slides",
    "kit": "lessons_download_kit",
}
SHEET_LABELS = {"pdf": "kit_download_pdf", "docx": "kit_download_docx"}
# The shared kit pages and what each becomes.
KIT_PAGES: dict[str, tuple[str, ...]] = {
    "safeguarding": ("pdf",),
    "incident-plan": ("pdf", "docx"),
    "parent-letters": (),  # one DOCX per letter
    "evaluation": ("pdf",),
    "guide": ("pdf", "docx"),
}
ONE_PAGE = {"safeguarding", "incident-plan", "evaluation"}  # one-page sheets
LETTERS = ("before", "after")
FOLDER = "teachers"
OFF = {"0", "false", "no", "off"}

_state: dict[str, Any] = {}


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
    path = root / config.extra.get("data_dir", "data") / "lessons.yml"
    try:
        _state["catalog"] = catalog = lessons.load_catalog(path, langs)
        known = next(iter(config.extra.get("helplines", {}).values()), {})
        help_cards.check_help_cards(catalog.help_cards, known, path)
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    candidates = [Path(folder) / STYLESHEET for folder in config.theme.dirs]
    css = next((path for path in candidates if path.is_file()), None)
    if css is None:
        raise PluginError(f"hooks/lesson_downloads.py: {STYLESHEET} not found in the theme")
    _state["stylesheet"] = css.read_text(encoding="utf-8")
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    """A fresh cache object (and counters) and fresh page lists for each language build."""
    _state["cache"] = downloads.DownloadCache(_state["cache_dir"])
    _state["started"] = time.perf_counter()
    _state["lessons"] = []
    _state["sheets"] = {}  # (file language, kit) -> page job
    _state["buttons"] = {}  # page url -> HTML of its buttons
    _state["marker"] = f"<!-- kit-downloads {secrets.token_hex(8)} -->"


def _kit_of(page: Page) -> str | None:
    """The shared kit page ``page`` is (``kit:`` front matter; guide.md is the guide)."""
    kit = page.meta.get("kit")
    if kit is None and PurePosixPath(page.file.src_uri).parts[-2:] == (FOLDER, "guide.md"):
        return "guide"
    if kit is None:
        return None
    if not isinstance(kit, str) or kit not in KIT_PAGES:
        raise PluginError(
            f"docs/{page.file.src_uri}: unknown kit: {kit!r}. Fix: write kit: one of "
            f"{', '.join(KIT_PAGES)}, or remove the line"
        )
    return kit


def _job(html: str, page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """What the downloads of a page are made from."""
    site_url = config.site_url or "https://example.invalid/"
    page_url = site_url.rstrip("/") + "/" + page.url
    lang = config.theme["language"]
    return {
        "page": page,
        "name": f"docs/{page.file.src_uri}",
        "lang": lang,
        "file_lang": getattr(page.file, "locale", lang),
        "title": str(page.meta.get("title") or page.title),
        "description": str(page.meta.get("description", "")),
        "page_url": page_url,
        "base_url": (Path(config.site_dir) / page.url).as_uri().rstrip("/") + "/",
        "printable": downloads.answer_classes(
            downloads.absolute_links(html.replace(PLACEHOLDER, ""), page_url)
        ),
    }


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Note the pages that have downloads and mark where their buttons go."""
    if not _state.get("enabled"):
        return html
    kit = _kit_of(page)
    if page.meta.get("lesson") is not None:
        _state["lessons"].append(_job(html, page, config))
    elif kit is not None:
        job = _job(html, page, config)
        job["kit"] = kit
        _state["sheets"][(job["file_lang"], kit)] = job
    else:
        return html
    marker = _state["marker"]
    if PLACEHOLDER in html:
        return html.replace(PLACEHOLDER, marker, 1)
    head, sep, tail = html.partition("</h1>")
    return f"{head}{sep}\n{marker}\n{tail}" if sep else f"{marker}\n{html}"


def _print(config: MkDocsConfig, variant: str, job: dict[str, Any], **context: Any) -> str:
    env = templates.environment(config.theme)
    return env.get_template("partials/lesson-print.html").render(
        variant=variant,
        lang=job["file_lang"],
        title=job["title"],
        description=job["description"],
        site_name=config.site_name,
        page_url=job["page_url"],
        ui=config.extra["ui"],
        **{"preamble": "", "sections": [], "appendix": "", "help_card": None, **context},
    )


def _kit_input(config: MkDocsConfig, job: dict[str, Any], name: str, **fields: Any) -> Any:
    return downloads.KitInput(
        name=name,
        page=job["name"],
        lang=job["file_lang"],
        title=job["title"],
        description=job["description"],
        author=config.site_name,
        stylesheet=str(_state["stylesheet"]),
        base_url=job["base_url"],
        roots=(config.docs_dir, config.site_dir),  # all the downloads may read
        source=job["page"].file.content_string,
        **{"keywords": "", "handouts_html": "", **fields},
    )


def _sheet_plans(config: MkDocsConfig, job: dict[str, Any]) -> list[tuple[str | None, Any]]:
    """The downloads of a shared kit page, keyed but not made: (label or None, plan)."""
    cache: downloads.DownloadCache = _state["cache"]
    kit, lang = job["kit"], job["file_lang"]
    if kit == "parent-letters":
        letters = downloads.section_ids(job["printable"])
        plans: list[tuple[str | None, Any]] = []
        for letter in LETTERS:
            if letter not in letters:
                log.warning(
                    "%s: no '## …  {#%s}' section. Fix: give the letter's heading {#%s}",
                    job["name"], letter, letter,
                )  # fmt: skip
                continue
            item = _kit_input(
                config, job, f"parent-letter-{letter}-{lang}",
                plan_html="", content_html=letters[letter],
            )  # fmt: skip
            plan = downloads.plan_sheet(item, cache, ("docx",), warn=log.warning)
            plans.append((f"kit_download_letter_{letter}", plan))
        return plans
    item = _kit_input(
        config, job, f"{kit}-{lang}",
        plan_html=_print(config, "sheet", job, preamble=job["printable"]),
        content_html=job["printable"],
    )  # fmt: skip
    plan = downloads.plan_sheet(
        item, cache, KIT_PAGES[kit], warn=log.warning, one_page=kit in ONE_PAGE
    )
    return [(None, plan)]


def _sheet_downloads(plans: list[tuple[str | None, Any]]) -> list[tuple[str, Any]]:
    """The files of a shared kit page (from the cache, or made), with their labels."""
    cache: downloads.DownloadCache = _state["cache"]
    return [
        (label or SHEET_LABELS[d.kind], d)
        for label, plan in plans
        for d in downloads.finish(plan, cache)
    ]


def _lesson_plan(config: MkDocsConfig, job: dict[str, Any], safeguarding: dict[str, str]) -> Any:
    """A lesson's kit, keyed but not made (its ZIP waits for the shared sheets)."""
    catalog: lessons.Catalog = _state["catalog"]
    cache: downloads.DownloadCache = _state["cache"]
    file_lang = job["file_lang"]
    ui = config.extra["ui"]
    page: Page = job["page"]
    lesson = lessons.read_lesson(page.file.abs_src_path, catalog, page=job["name"])
    assert lesson is not None
    preamble, parts = downloads.split_sections(job["printable"])
    sections = [
        {"key": catalog.section_key(file_lang, title), "title": title, "html": part}
        for title, part in parts
    ]
    handout_keys = {s.key for s in catalog.sections if s.handout}
    handouts = [s for s in sections if s["key"] in handout_keys]
    helplines = config.extra["helplines"][file_lang]
    ids = catalog.help_cards.get(lesson.age_band, ())
    reader = audience.of_page(page.meta, job["name"], path=Path(page.file.abs_src_path))
    help_title = next((s.titles[file_lang] for s in catalog.sections if s.key == "help"), "")
    facts = lessons.facts(lesson, catalog, file_lang)
    minutes = ui["kit_minutes"][file_lang]
    kit = _kit_input(
        config, job, f"{lesson.slug}-{file_lang}",
        keywords="; ".join(catalog.topics[t][file_lang] for t in lesson.topics),
        plan_html=_print(config, "plan", job, preamble=preamble, sections=sections,
                         appendix=safeguarding.get(file_lang, "")),
        handouts_html=_print(config, "handouts", job, sections=handouts,
                             help_card=help_cards.card_context(help_title, ids, helplines, reader,
                                                               job["name"]) if ids else None),
        content_html="\n".join(
            [preamble] + [f'<section class="lesson-section lesson-section--{s["key"] or "other"}">'
                          f'{s["html"]}</section>' for s in sections]),
        deck=downloads.DeckInput(
            title=job["title"],
            subtitle=f"{facts['age_band_label']} · {lesson.duration} {minutes}",
            sections=[(s["key"], s["title"], s["html"]) for s in sections],
            help_title=help_title,
            help_lines=help_cards.card_lines(ids, helplines, reader, job["name"]),
        ),
    )  # fmt: skip
    return downloads.plan_kit(kit, cache, warn=log.warning)


def _lesson_downloads(
    config: MkDocsConfig, job: dict[str, Any], plan: Any, shared: dict[str, list[Any]]
) -> list[tuple[str, Any]]:
    """A lesson's kit (from the cache, or made) with the shared sheets of its language."""
    cache: downloads.DownloadCache = _state["cache"]
    file_lang = job["file_lang"]
    ui = config.extra["ui"]
    missing = [kit for kit in ("safeguarding", "evaluation", "parent-letters")
               if (file_lang, kit) not in _state["sheets"]]  # fmt: skip
    for kit in missing:
        log.info("%s: no %s page in %s, so the kit has none", job["name"], kit, file_lang)
    extras = [(d.filename, d.data) for _, d in shared.get(file_lang, [])]
    names = downloads.filenames(plan.kit.name)
    listing = [ui["kit_contents"][file_lang] + ":", ""]
    for kind, key in (("plan", "kit_file_plan"), ("handouts", "kit_file_handouts"),
                      ("docx", "kit_file_docx"), ("slides", "kit_file_slides")):  # fmt: skip
        listing.append(f"{names[kind]}: {ui[key][file_lang]}")
    for label, download in shared.get(file_lang, []):
        listing.append(f"{download.filename}: {ui[label][file_lang]}")
    made = downloads.finish(plan, cache, tuple(extras), "\n".join(listing) + "\n")
    return [(LABELS[d.kind], d) for d in made]


def _write(
    config: MkDocsConfig, job: dict[str, Any], made: list[tuple[str, Any]], title: str
) -> None:
    """Copy the files into the site and render the page's buttons."""
    page: Page = job["page"]
    lang = job["lang"]
    ui = config.extra["ui"]
    folder = posixpath.join(posixpath.dirname(page.url.rstrip("/")), "downloads")
    target = Path(config.site_dir) / folder
    target.mkdir(parents=True, exist_ok=True)
    units = {"KB": ui["lessons_kb"][lang], "MB": ui["lessons_mb"][lang]}
    buttons = []
    for label, item in made:
        (target / item.filename).write_bytes(item.data)
        buttons.append(
            {
                "label": ui[label][lang],
                "href": get_relative_url(posixpath.join(folder, item.filename), page.url),
                "filename": item.filename,
                "format": item.format,
                "media_type": item.media_type,
                "size": downloads.human_size(item.size, lang, units),
            }
        )
    env = templates.environment(config.theme)
    block = env.get_template("partials/lesson-downloads.html").render(
        downloads=buttons, ui=ui, lang=lang, title=title
    )
    _state["buttons"][page.url] = "\n".join(row for row in block.splitlines() if row.strip())


def on_env(env: Any, *, config: MkDocsConfig, files: Files) -> Any:
    """Every page is rendered: make the shared sheets, then every lesson's kit."""
    if not _state.get("enabled"):
        return env
    ui = config.extra["ui"]
    cache: downloads.DownloadCache = _state["cache"]
    shared: dict[str, Any] = {}
    safeguarding = {
        file_lang: job["printable"]
        for (file_lang, kit), job in _state["sheets"].items()
        if kit == "safeguarding"
    }
    try:
        sheets = [
            (kit, job, _sheet_plans(config, job))
            for (_, kit), job in sorted(_state["sheets"].items())
        ]
        lessons_ = [(job, _lesson_plan(config, job, safeguarding)) for job in _state["lessons"]]
        # Every file the cache lacks, made at once in worker processes (one per core).
        downloads.prepare(
            [plan for _, _, plans in sheets for _, plan in plans] + [plan for _, plan in lessons_],
            cache,
        )
        for kit, job, plans in sheets:
            file_lang = job["file_lang"]
            made = _sheet_downloads(plans)
            _write(config, job, made, ui["kit_downloads"][job["lang"]])
            if kit in ("safeguarding", "evaluation", "parent-letters"):
                shared.setdefault(file_lang, []).extend(
                    (label, d) for label, d in made if d.format != "DOCX" or kit == "parent-letters"
                )
        for job, plan in lessons_:
            made = _lesson_downloads(config, job, plan, shared)
            _write(config, job, made, ui["lessons_downloads"][job["lang"]])
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    finally:
        cache.ready.clear()
    return env


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    """Put the page's download buttons where its marker is."""
    block = _state.get("buttons", {}).get(page.url)
    marker = _state.get("marker")
    if block is None or not marker:
        return output
    return output.replace(str(marker), block, 1)


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
