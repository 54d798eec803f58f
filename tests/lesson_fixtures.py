"""A small two-language site (lv, en) with lessons, for tests of the lesson hooks."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

from sitekit import lessons

LANGS = ("lv", "ru", "uk", "en")
TITLES = {
    "lv": {"lesson-a": "Ģimene, ķēde un ūdens: pārbaude", "lesson-b": "Vecāku sarunas ēnā"},
    "en": {"lesson-a": "Lesson A: checking offers", "lesson-b": "Lesson B: parents talk"},
}
META = {
    "lesson-a": 'lesson:\n  age_band: "13-15"\n  duration: 40\n  topics: [grooming, sextortion]\n',
    "lesson-b": "lesson:\n  age_band: parents\n  duration: 30\n  topics: [job-offers]\n",
}
CONFIG = """\
site_name: Fixture
site_url: https://example.org/
docs_dir: docs
theme:
  name: material
  custom_dir: overrides
  language: lv
  font: false
validation:
  nav:
    omitted_files: warn
    not_found: warn
  links:
    not_found: warn
    anchors: warn
markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc
hooks:
  - hooks/site_data.py
  - hooks/i18n_pages.py
  - hooks/lessons.py
  - hooks/lesson_downloads.py
extra:
  data_dir: data
  helplines_max_age_days: 100000
  lesson_downloads:
    enabled: {downloads}
    cache_dir: cache
plugins:
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      languages:
        - locale: lv
          default: true
          name: Latviešu
        - locale: ru
          name: Русский
          build: false
        - locale: uk
          name: Українська
          build: false
        - locale: en
          name: English
nav:
  - index.md
  - teachers/index.md
  - teachers/lesson-a.md
  - teachers/lesson-b.md
"""


def catalog() -> lessons.Catalog:
    return lessons.load_catalog(ROOT / "data/lessons.yml", LANGS)


def lesson_markdown(lang: str, slug: str, *, meta: str | None = None, drop: str = "") -> str:
    """A lesson page with every required section of ``lang`` (except ``drop``)."""
    title = TITLES[lang][slug]
    body = [
        f'---\ntitle: "{title}"\ndescription: Fixture.\n{META[slug] if meta is None else meta}---'
    ]
    body.append(f"\n# {title}\n\nIevads ar garumzīmēm: ā č ē ģ ī ķ ļ ņ š ū ž.\n")
    for section in catalog().sections:
        heading = section.titles[lang]
        if heading == drop:
            continue
        body.append(f"## {heading}\n\n- {section.key}: teksts.\n")
        if section.key == "help":
            body.append("<!-- helplines: emergency childline -->\n")
    return "\n".join(body)


def make_site(root: Path, *, downloads: bool = False) -> Path:
    """Write the fixture site under ``root``; return its mkdocs.yml."""
    for name in ("data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    for lang in ("lv", "en"):
        folder = root / "docs" / lang / "teachers"
        folder.mkdir(parents=True)
        (root / "docs" / lang / "index.md").write_text("# Home\n", "utf-8")
        title = "Nodarbības" if lang == "lv" else "Lessons"
        (folder / "index.md").write_text(
            f"---\ntitle: {title}\n---\n\n# {title}\n\n<!-- lessons-index -->\n", "utf-8"
        )
        for slug in ("lesson-a", "lesson-b"):
            (folder / f"{slug}.md").write_text(lesson_markdown(lang, slug), "utf-8")
    config = root / "mkdocs.yml"
    config.write_text(CONFIG.format(downloads="true" if downloads else "false"), "utf-8")
    return config
