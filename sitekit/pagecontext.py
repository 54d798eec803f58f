"""What the Markdown extensions (``sitekit.mdext``) need to know about the page and the site.

A Python-Markdown extension sees only the Markdown text. The helpline and lesson markers also
need the page's language, its file (for errors with file and line), its front matter, and the
site's data and templates. This module holds them:

- :class:`PageContext`: language, source path, front matter, line offset (the lines before the
  Markdown in the file), and how to link to another page of the same language.
- :class:`SiteContext`: the template data (``sitekit.template_data``), a Jinja environment for
  the partials, the docs folder and languages, the lessons catalogue.

Under MkDocs, hooks/site_data.py sets both before each page is converted (``on_page_markdown``),
with the theme's Jinja environment. Elsewhere (another engine, a test, a script) they are derived:
:meth:`SiteContext.from_config` reads mkdocs.yml and renders with a plain FileSystemLoader over the
theme's ``custom_dir``; :meth:`PageContext.from_path` takes the language from
``docs/<lang>/…`` and the front matter from the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
import yaml

from sitekit import lessons, siteconfig, template_data, yamlio
from sitekit.coverage.table import page_url
from sitekit.errors import SiteDataError

LESSONS_FOLDER = "teachers"  # docs/<lang>/teachers/: the lessons and their index


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if parts:
                parts.pop()
        else:
            parts.append(part)
    return parts


def relative_url(target: str, base: str) -> str:
    """``target`` relative to the page at ``base`` (both relative to the same root): the same
    result as MkDocs' ``get_relative_url``."""
    folder, _, name = base.rpartition("/")
    base_parts, target_parts = _parts(folder if "." in name else base), _parts(target)
    common = 0
    for a, b in zip(base_parts, target_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(base_parts) - common) + target_parts[common:]) or "."
    return rel + "/" if target.endswith("/") else rel


def front_matter_lines(source: str, markdown: str) -> int:
    """How many lines of the file ``source`` come before its Markdown ``markdown``."""
    body = markdown.lstrip("\n")
    start = source.find(body[:200])
    return source.count("\n", 0, start) - (len(markdown) - len(body)) if start > 0 else 0


@dataclass(frozen=True)
class PageContext:
    """One page, as the Markdown extensions see it."""

    language: str  # the language being built
    source: str  # the file as named in errors, e.g. docs/lv/help.md
    meta: Mapping[str, Any] = field(default_factory=dict)  # front matter
    line_offset: int = 0  # lines of the file before the Markdown (front matter)
    file_language: str = ""  # the language of the file (differs on a fallback page)
    path: Path | None = None  # the file on disk
    url: str = ""  # the page's URL relative to its language root
    # URL of another page of this language (path inside the language folder), relative to this
    # page; None when that page is not part of the build.
    link: Callable[[str], str | None] | None = None

    @property
    def lang_of_file(self) -> str:
        return self.file_language or self.language

    def link_to(self, path: str) -> str | None:
        if self.link is not None:
            return self.link(path)
        return relative_url(page_url(path), self.url)

    @classmethod
    def from_path(
        cls, path: str | Path, docs_dir: str | Path, *, markdown: str = ""
    ) -> PageContext:
        """Derive the context from a file under ``docs_dir/<lang>/`` (or under a folder of the
        same name, e.g. another copy of the site's docs/).

        ``markdown`` is the text the engine converts (the file without its front matter); it
        gives the line offset. Raises SiteDataError when the file is not in a language folder.
        """
        path, docs_dir = Path(path).resolve(), Path(docs_dir).resolve()
        if docs_dir not in path.parents:  # another tree: its own folder of the same name
            docs_dir = next((p for p in path.parents if p.name == docs_dir.name), docs_dir)
        try:
            rel = path.relative_to(docs_dir)
        except ValueError:
            raise SiteDataError(
                path, "not inside the docs folder", f"keep pages under {docs_dir}/<lang>/"
            ) from None
        if len(rel.parts) < 2:
            raise SiteDataError(path, "not inside a language folder", "move it to docs/<lang>/")
        source = path.read_text(encoding="utf-8")
        front, body, _ = lessons.split_front_matter(source)
        shown = PurePosixPath(docs_dir.name, rel.as_posix()).as_posix()
        try:  # the strict loader: a duplicate key is an error too
            meta = yamlio.parse(front)[0] if front else {}
        except yaml.YAMLError as exc:  # the opening "---" is line 1
            raise yamlio.error(shown, exc, line_offset=2, what="invalid front matter") from None
        inner = PurePosixPath(*rel.parts[1:]).as_posix()
        return cls(
            language=rel.parts[0],
            source=shown,
            meta=meta if isinstance(meta, dict) else {},
            line_offset=front_matter_lines(source, markdown or body),
            file_language=rel.parts[0],
            path=path,
            url=page_url(inner),
        )


@dataclass
class SiteContext:
    """The site's data and templates, shared by every page of a build."""

    data: template_data.TemplateData
    env: jinja2.Environment
    docs_dir: Path
    default_language: str
    catalog_path: Path
    # What an editor's mistake becomes: the engine's own error type (MkDocs: PluginError), so
    # the build stops with the message instead of a traceback.
    error_type: type[Exception] | None = None

    def error(self, exc: SiteDataError) -> Exception:
        return exc if self.error_type is None else self.error_type(str(exc))

    @cached_property
    def catalog(self) -> lessons.Catalog:
        return lessons.load_catalog(self.catalog_path, self.data.languages)

    @classmethod
    def from_config(cls, config_file: str | Path = "mkdocs.yml") -> SiteContext:
        """Everything from mkdocs.yml and the files it names; templates from the theme's
        ``custom_dir`` through a plain FileSystemLoader (no theme engine needed)."""
        site = siteconfig.load(config_file)
        extra = site.raw.get("extra") or {}
        custom = (site.raw.get("theme") or {}).get("custom_dir") or "overrides"
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(site.root / custom)))
        return cls.create(
            site.root, extra, site.languages, site.default_language, site.docs_dir, env
        )

    @classmethod
    def create(
        cls,
        root: Path,
        extra: Mapping[str, Any],
        languages: tuple[str, ...],
        default_language: str,
        docs_dir: Path,
        env: jinja2.Environment,
        data: template_data.TemplateData | None = None,
        error_type: type[Exception] | None = None,
    ) -> SiteContext:
        data = data or template_data.load(root, extra, languages)
        return cls(
            data=data,
            env=env,
            docs_dir=Path(docs_dir),
            default_language=default_language,
            catalog_path=Path(root) / str(extra.get("data_dir", "data")) / "lessons.yml",
            error_type=error_type,
        )


_current: dict[str, Any] = {}


def set_current(page: PageContext | None, site: SiteContext | None = None) -> None:
    """Tell the extensions which page comes next (the MkDocs hook calls it per page)."""
    _current["page"] = page
    if site is not None:
        _current["site"] = site


def current_page() -> PageContext | None:
    return _current.get("page")


def current_site() -> SiteContext | None:
    return _current.get("site")


def clear() -> None:
    _current.clear()
