"""A small four-language site for the translation-coverage tests, written into a tmp folder.

Latvian pages with every kind of safety item (tel: links, a +371 number, an e-mail address, a
URL, a helplines marker), their translations, a mkdocs.yml with the coverage policy, and data.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml
from conftest import LANGS, ROOT

from sitekit import coverage, siteconfig

SOURCE = {
    "index.md": "---\ntitle: Sākums\n---\n\n# Sākums\n\nJa draud briesmas, zvani [112](tel:112).\n",
    "help.md": (
        "---\ntitle: Palīdzība\ndescription: Kur saņemt palīdzību.\n---\n\n# Palīdzība\n\n"
        "Zvani [116111](tel:116111) vai [+371 28612120](tel:+37128612120).\n"
        "Raksti uz pasts@vp.gov.lv vai ziņo <https://www.vp.gov.lv/lv/zinot>.\n\n"
        "<!-- helplines: emergency childline -->\n"
    ),
    "about.md": (
        "---\ntitle: Par\n---\n\n# Par šo vietni\n\nVietni 2024. gadā veidoja 12 cilvēki.\n"
    ),
}
TRANSLATED = {
    "ru": {
        "index.md": "---\ntitle: Главная\n---\n\n# Главная\n\nЕсли опасно, звони [112](tel:112).\n",
        "help.md": (
            "---\ntitle: Помощь\ndescription: Где получить помощь.\n---\n\n# Помощь\n\n"
            "Звони [116111](tel:116111) или [+371 28612120](tel:+37128612120).\n"
            "Пиши на pasts@vp.gov.lv или сообщи <https://www.vp.gov.lv/lv/zinot>.\n\n"
            "<!-- helplines: emergency childline -->\n"
        ),
        "about.md": (
            "---\ntitle: О сайте\n---\n\n# О сайте\n\nСайт в 2024 году сделали 12 человек.\n"
        ),
    },
    "uk": {
        "index.md": (
            "---\ntitle: Головна\n---\n\n# Головна\n\nЯкщо небезпечно, дзвони [112](tel:112).\n"
        ),
        "help.md": (
            "---\ntitle: Допомога\ndescription: Де отримати допомогу.\n---\n\n# Допомога\n\n"
            "Дзвони [116111](tel:116111) або [+371 28612120](tel:+37128612120).\n"
            "Пиши на pasts@vp.gov.lv або повідом <https://www.vp.gov.lv/lv/zinot>.\n\n"
            "<!-- helplines: emergency childline -->\n"
        ),
        "about.md": (
            "---\ntitle: Про сайт\n---\n\n# Про сайт\n\nСайт у 2024 році зробили 12 людей.\n"
        ),
    },
    "en": {
        "index.md": (
            "---\ntitle: Home\n---\n\n# Home\n\nIf you are in danger, call [112](tel:112).\n"
        ),
        "help.md": (
            "---\ntitle: Help\ndescription: Where to get help.\n---\n\n# Help\n\n"
            "Call [116111](tel:116111) or [+371 28612120](tel:+37128612120).\n"
            "Write to pasts@vp.gov.lv or report at <https://www.vp.gov.lv/lv/zinot>.\n\n"
            "<!-- helplines: emergency childline -->\n"
        ),
        "about.md": "---\ntitle: About\n---\n\n# About this site\n\nIn 2024, 12 people made it.\n",
    },
}
NAV = [{"Sākums": "index.md"}, {"Palīdzība": "help.md"}, {"Par": "about.md"}]
NAV_TRANSLATIONS = {
    "ru": {"Sākums": "Главная", "Palīdzība": "Помощь", "Par": "О сайте"},
    "uk": {"Sākums": "Головна", "Palīdzība": "Допомога", "Par": "Про сайт"},
    "en": {"Sākums": "Home", "Palīdzība": "Help", "Par": "About"},
}
UI = {"quick_exit": {"lv": "Iziet", "ru": "Выйти", "uk": "Вийти", "en": "Exit"}}
POLICY = {"critical": ["help.md"], "minimum": {"ru": 100, "uk": 100, "en": 100}}
HOOKS = ("site_data.py", "i18n_pages.py", "translation_coverage.py", "postbuild.py")


def make_site(
    root: Path,
    *,
    policy: dict | None = None,
    nav_translations: dict | None = None,
    theme: bool = False,
    stamp: bool = True,
) -> Path:
    """Write the site into ``root``; ``theme``: the real overrides, hooks and data (buildable)."""
    for page, text in SOURCE.items():
        write(root / "docs/lv" / page, text)
    for lang, pages in TRANSLATED.items():
        for page, text in pages.items():
            write(root / "docs" / lang / page, text)
    translations = NAV_TRANSLATIONS if nav_translations is None else nav_translations
    languages = [{"locale": "lv", "default": True, "name": "Latviešu", "build": True}]
    for lang in LANGS[1:]:
        languages.append(
            {"locale": lang, "name": lang, "build": True, "nav_translations": translations[lang]}
        )
    extra: dict = {
        "translation_coverage": POLICY if policy is None else policy,
        "data_dir": str(ROOT / "data") if theme else "data",
        "quick_exit_url": "https://www.meteo.lv/",
    }
    config: dict = {
        "site_name": "Fixture",
        "site_url": "https://example.org/",
        "docs_dir": "docs",
        "theme": {"name": "material", "language": "lv"},
        "nav": NAV,
        "plugins": [
            {
                "i18n": {
                    "docs_structure": "folder",
                    "fallback_to_default": True,
                    "reconfigure_material": True,
                    "languages": languages,
                }
            }
        ],
        "extra": extra,
    }
    if theme:
        config["theme"]["custom_dir"] = str(ROOT / "overrides")
        config["hooks"] = [str(ROOT / "hooks" / hook) for hook in HOOKS]
    else:
        write(root / "data/ui.yml", yaml.safe_dump(UI, allow_unicode=True))
    write(root / "mkdocs.yml", yaml.safe_dump(config, allow_unicode=True, sort_keys=False))
    if stamp:
        stamp_all(root)
    return root


def write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


def settings(root: Path) -> coverage.Settings:
    return coverage.Settings.from_site(siteconfig.load(root / "mkdocs.yml"))


def stamp_all(root: Path) -> None:
    conf = settings(root)
    files, _ = coverage.translation_files(conf, conf.translations)
    plans, problems = coverage.plan_stamps(conf, files)
    assert not problems, problems
    coverage.write_stamps(plans)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def git(root: Path, *args: str) -> str:
    """Run git in a test repository (never the project's) with a fixed identity."""
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    result = subprocess.run(
        ["git", *args], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()
