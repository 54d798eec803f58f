"""``sitekit postbuild SITE_DIR``: every step that only reads or writes the finished site.

Works on the output of any engine that built the site from this mkdocs.yml; under MkDocs,
hooks/postbuild.py runs it once, when the outermost build (every language) has ended. Steps,
in order:

1. translation report: ``translation-report.json`` and the editors' page ``translation-status/``
   (when mkdocs.yml has ``extra.translation_coverage``, or the build made the report);
2. search (when the i18n plugin's ``reconfigure_search`` is false): one index per language
   (``search/``, ``<lang>/search/``) from the engine's index of every language; fallback pages
   left out, lesson sections by title only; Material's lunr language files removed;
3. ``sitemap.xml`` and ``robots.txt``: every built page, with its alternates, worked out from the
   docs tree (which file each page came from), as its head has them (``sitekit.i18n``);
4. the Content-Security-Policy (``.nginx/csp.conf``) for the template code the pages use;
5. gzip copies of the text files (skipped by ``mkdocs serve``).

Each language's 404 page and the lesson kits are made during the build (hooks/i18n_pages.py,
hooks/lesson_downloads.py): they need what only the build has (see README, "Engines and the
exit plan"). Problems an editor can cause raise SiteDataError (file and fix).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
import yaml

from sitekit import (
    coverage,
    csp,
    cssprune,
    data,
    i18n,
    lessons,
    precompress,
    resultcache,
    search,
    siteconfig,
    sitemap,
    theme,
    yamlio,
)
from sitekit.errors import SiteDataError
from sitekit.pagecontext import relative_url

REPORT_FILE = "translation-report.json"
STATUS_PAGE = "translation-status"
STATUS_TEMPLATE = "partials/translation-status.html"


# What the build has already made and postbuild can reuse (the coverage report, the re-check
# list), filled by hooks/translation_coverage.py and cleared when a build starts.
handoff: dict[str, Any] = {}


@dataclass
class Options:
    """How to run; the defaults suit the command line."""

    cache_dir: Path | None = None  # .cache/ beside mkdocs.yml (gzip copies, CSP scan)
    precompress: bool = True
    # A coverage report and re-check list the build has already made (saves a second check).
    coverage_report: coverage.Report | None = None
    recheck: dict[str, Any] | None = None
    env: jinja2.Environment | None = None  # templates (default: custom_dir, then Material)
    log: Callable[[str], None] = print


@dataclass
class Site:
    """The finished site and the configuration it was built from."""

    root: Path  # the site folder
    config: siteconfig.SiteConfig
    languages: list[str]  # built languages, the source first
    default: str
    use_directory_urls: bool
    site_url: str
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, site_dir: str | Path, config_file: str | Path) -> Site:
        config = siteconfig.load(config_file)
        options = config.i18n_plugin()
        only = options.get("build_only_locale")
        languages = [lang for lang in config.languages if not only or lang == only]
        raw = config.raw
        return cls(
            root=Path(site_dir),
            config=config,
            languages=languages,
            default=config.default_language,
            use_directory_urls=bool(raw.get("use_directory_urls", True)),
            site_url=str(raw.get("site_url") or ""),
            extra=raw.get("extra") or {},
        )

    def url(self, lang: str, path: str) -> str | None:
        """Site URL of docs page ``path`` in ``lang``; None when the language is not built."""
        if lang not in self.languages:
            return None
        prefix = "" if lang == self.default else f"{lang}/"
        return prefix + coverage.page_url(path, self.use_directory_urls)


def environment(config: siteconfig.SiteConfig) -> jinja2.Environment:
    """The templates as the theme looks them up: ``custom_dir`` first, then Material's."""
    custom = (config.raw.get("theme") or {}).get("custom_dir") or "overrides"
    dirs = [str(config.root / custom), str(theme.templates_dir())]
    return jinja2.Environment(loader=jinja2.FileSystemLoader(dirs), auto_reload=False)


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    """A built page of the docs: where it is and which Markdown file it was made from."""

    path: str  # in the site, e.g. ru/help/index.html
    location: str  # as search indexes and URLs write it, e.g. ru/help/
    lang: str  # the language it was built for
    src: str  # its file inside a language folder, e.g. help.md
    file_lang: str  # the language of the file used (the source language on a fallback page)
    meta: dict[str, Any]  # the file's front matter

    @property
    def fallback(self) -> bool:
        return self.file_lang != self.lang


def _front_matter(path: Path) -> dict[str, Any]:
    front, _, _ = lessons.split_front_matter(path.read_text(encoding="utf-8"))
    try:
        meta = yamlio.parse(front)[0] if front else None
    except yaml.YAMLError:
        return {}  # the build reports it
    return meta if isinstance(meta, dict) else {}


def _candidates(path: str, use_directory_urls: bool) -> list[str]:
    """The Markdown files (inside a language folder) a page URL path can come from."""
    if not use_directory_urls:
        stem = path.removesuffix(".html")
        return [f"{stem}.md"] + (
            [f"{stem[: -len('index')]}README.md"] if stem.endswith("index") else []
        )
    folder = path.removesuffix("index.html")
    found = [f"{folder}index.md", f"{folder}README.md"]
    if folder:
        found.insert(0, f"{folder.rstrip('/')}.md")
    return found


def pages(site: Site) -> list[Page]:
    """Every built page that comes from a Markdown file, in a stable order (not 404 pages,
    not the editors' page), with the file it was made from: from the docs tree, whatever
    theme or engine rendered it."""
    docs = site.config.docs_dir
    found = []
    for file in csp.html_files(site.root):
        rel = file.relative_to(site.root).as_posix()
        first, _, rest = rel.partition("/")
        lang = first if first in site.languages and first != site.default and rest else site.default
        inner = rest if lang != site.default else rel
        for src in _candidates(inner, site.use_directory_urls):
            file_lang = lang if (docs / lang / src).is_file() else site.default
            source = docs / file_lang / src
            if source.is_file():
                location = rel.removesuffix("index.html") if site.use_directory_urls else rel
                found.append(Page(rel, location, lang, src, file_lang, _front_matter(source)))
                break
    return found


# --------------------------------------------------------------------------- steps


def translation_report(site: Site, env: jinja2.Environment, options: Options) -> str:
    """Write translation-report.json and translation-status/; return a summary line."""
    report, recheck = options.coverage_report, options.recheck
    if report is None and coverage.POLICY_KEY not in site.extra:
        return f"no extra.{coverage.POLICY_KEY} in mkdocs.yml: no translation report"
    if report is None or recheck is None:
        settings = coverage.Settings.from_site(site.config)
        report = report or coverage.check(settings)
        if recheck is None:
            path = settings.helplines_path
            recheck = data.recheck_model(
                path,
                settings.languages,
                data.max_age_days(site.extra, settings.config_name),
                dt.date.today(),
                settings.rel(path) if path else "data/helplines.yml",
            )
    site.root.mkdir(parents=True, exist_ok=True)
    (site.root / REPORT_FILE).write_text(
        json.dumps(report.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    page = f"{STATUS_PAGE}/" if site.use_directory_urls else f"{STATUS_PAGE}.html"

    def relative(target: str, base: str) -> str:
        url = relative_url(target, base)
        return (
            url + "/" if (target == "" or target.endswith("/")) and not url.endswith("/") else url
        )

    def link(lang: str, path: str) -> str | None:
        target = site.url(lang, path)
        return None if target is None else relative(target, page)

    html = env.get_template(STATUS_TEMPLATE).render(
        status=coverage.status_model(report, link),
        report_url=relative(REPORT_FILE, page),
        site_name=site.config.raw.get("site_name", ""),
        recheck=recheck,
    )
    out = site.root / (f"{STATUS_PAGE}/index.html" if site.use_directory_urls else page)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return f"wrote {REPORT_FILE} and {out.relative_to(site.root).as_posix()}"


def search_indexes(site: Site, found: list[Page], options: Options | None = None) -> str:
    """One index per language from the engine's index of every language (at ``search/``).

    With a cache folder, each language's index is kept (``search.json``) under a hash of the
    engine's index, the pages left out or cut to titles, the languages and the code.
    """
    if site.config.i18n_plugin().get("reconfigure_search", True) is not False:
        return "i18n reconfigure_search is on: its index of every language is kept"
    source = site.root / search.INDEX
    lunr = site.root / search.LUNR_LANGUAGE_FILES
    if lunr.is_dir():
        shutil.rmtree(lunr)
    if not source.is_file():
        return "no search index in the site: search step skipped"
    raw = source.read_text(encoding="utf-8")
    merged = json.loads(raw)
    if search.LANGUAGE_KEY in (merged.get("config") or {}):
        return "search indexes already made: left as they are"
    leave_out = {p.location for p in found if p.fallback}
    titles_only = {p.location for p in found if p.meta.get("lesson") is not None and not p.fallback}
    merged["docs"] = [
        doc for doc in merged["docs"] if doc["location"].split("#", 1)[0] not in leave_out
    ]
    cache_dir = options.cache_dir if options else None
    store = resultcache.Store(cache_dir / "search.json" if cache_dir else None, "search", keep=8)
    inputs = resultcache.digest(
        resultcache.code_digest(search),
        raw,
        "\n".join(sorted(leave_out)),
        "\n".join(sorted(titles_only)),
        "\n".join(site.config.languages),
        site.default,
    )
    sizes = []
    for lang in site.languages:
        key = resultcache.digest(inputs, lang)
        cached = store.get(key)
        if isinstance(cached, list) and len(cached) == 2 and isinstance(cached[1], str):
            count, text = cached
        else:
            index = search.language_index(
                merged,
                lang=lang,
                languages=site.config.languages,
                default=site.default,
                titles_only=titles_only,
            )
            count, text = len(index["docs"]), search.dumps(index)
            store.put(key, [count, text])
        target = search.index_path(site.root, lang, site.default)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        target.write_bytes(data)
        sizes.append(f"{lang} {count} sections, {len(data)} bytes")
    store.save()
    return "search indexes: " + "; ".join(sizes)


def sitemap_and_robots(site: Site, found: list[Page]) -> str:
    """sitemap.xml (every indexable page with its alternates) and robots.txt."""
    options = site.extra.get("sitemap") or {}
    disallow = sitemap.check_disallow(
        options.get("disallow", []), str(site.config.root / "mkdocs.yml")
    )
    docs = site.config.docs_dir
    entries = []
    for page in found:
        languages = i18n.page_languages(
            url=page.location,
            src_path=page.src,
            lang=page.lang,
            file_lang=page.file_lang,
            languages=site.config.languages,
            default=site.default,
            site_url=site.site_url,
            has_translation=lambda code, path: (docs / code / path).is_file(),
        )
        robots = page.meta.get("robots")
        entry = sitemap.entry_for(
            languages, robots=str(robots) if robots else None, disallow=disallow
        )
        if entry is not None:
            entries.append(entry)
    (site.root / sitemap.SITEMAP).write_text(sitemap.render_sitemap(entries), encoding="utf-8")
    (site.root / f"{sitemap.SITEMAP}.gz").unlink(missing_ok=True)
    robots_txt = sitemap.render_robots(site.site_url, site.default, disallow)
    (site.root / sitemap.ROBOTS).write_text(robots_txt, encoding="utf-8")
    pages_listed = len({entry.loc for entry in entries})
    return f"sitemap.xml: {pages_listed} pages in all languages; robots.txt written"


def base_urls(site: Site, found: list[Page]) -> set[str]:
    """Every base URL a page or theme template can have been rendered with."""
    urls = {".", "", urlsplit(site.site_url).path or "/"}
    for page in found:
        depth = page.path.count("/")
        urls.add("/".join([".."] * depth) if depth else ".")
    return urls


def content_security_policy(
    site: Site, env: jinja2.Environment, found: list[Page], options: Options
) -> str:
    """Scan the pages and write the policy for the template code they use."""
    raw_theme = dict(site.config.raw.get("theme") or {})
    config = {**site.config.raw, "theme": raw_theme}
    context = {"config": config, "features": raw_theme.get("features") or []}
    urls = base_urls(site, found)
    cache = options.cache_dir / "csp-scan.json" if options.cache_dir else None
    templates = options.cache_dir / "csp-templates.json" if options.cache_dir else None
    allowed = csp.template_inline_cached(env, urls, context, templates)
    inline = csp.scan_site(site.root, cache_file=cache, allowed=allowed)
    if inline.problems:
        raise SiteDataError(
            str(site.root),
            "inline code the Content-Security-Policy cannot allow:\n  "
            + "\n  ".join(inline.problems),
            "move the code into a file under overrides/assets/, or remove it",
        )
    used = csp.Inline(
        inline.scripts & allowed.scripts,
        inline.styles & allowed.styles,
        inline.style_attrs & allowed.style_attrs,
    )
    target = csp.write_nginx_include(site.root, csp.policy(used))
    return (
        f"CSP: {len(used.scripts)} inline scripts, {len(used.styles)} styles, "
        f"{len(used.style_attrs)} style attributes allowed by hash (the templates', for "
        f"{len(urls)} base URLs); wrote {target.relative_to(site.root).as_posix()}"
    )


def compress(site: Site, options: Options) -> str:
    cache = options.cache_dir / "gzip" if options.cache_dir else None
    summary = precompress.precompress_site(site.root, cache_dir=cache)
    return (
        f"precompressed {summary.files} files: {summary.original / 1e6:.1f} MB -> "
        f"{summary.compressed / 1e6:.1f} MB (gzip -9)"
    )


def prune_css(site: Site, options: Options) -> str:
    cache = options.cache_dir / "cssprune.json" if options.cache_dir else None
    result = cssprune.prune_site(site.root, cache_file=cache)
    if result is None:
        raise SiteDataError(site.root, f"no single {cssprune.CSS_GLOB} to prune", "rebuild")
    return (
        f"stylesheet {result.old} -> {result.new}: {result.before} -> {result.after} bytes, "
        f"{result.pages} pages"
    )


STEPS = ("report", "search", "sitemap", "csp", "css", "gzip")


def run(
    site_dir: str | Path,
    config_file: str | Path,
    options: Options | None = None,
    steps: tuple[str, ...] = STEPS,
) -> Site:
    """The post-build ``steps`` (default: every one, in order) on the site in ``site_dir``."""
    options = options or Options()
    site = Site.load(site_dir, config_file)
    if not site.root.is_dir():
        raise SiteDataError(site_dir, "no such site folder", "build the site first")
    env = options.env or environment(site.config)
    if "report" in steps:
        options.log(translation_report(site, env, options))
    found = pages(site) if {"search", "sitemap", "csp"} & set(steps) else []
    if "search" in steps:
        options.log(search_indexes(site, found, options))
    if "sitemap" in steps:
        options.log(sitemap_and_robots(site, found))
    if "csp" in steps:
        options.log(content_security_policy(site, env, found, options))
    # Material's stylesheet cut to the rules the pages use, renamed by its hash (not under
    # `mkdocs serve`, whose pages change under it: there precompress is off too).
    if "css" in steps and options.precompress:
        options.log(prune_css(site, options))
    if "gzip" in steps and options.precompress:
        options.log(compress(site, options))
    return site
