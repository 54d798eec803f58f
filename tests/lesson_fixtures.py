"""A small two-language site (lv, en) with lessons, for tests of the lesson hooks."""

from __future__ import annotations

import functools
import shutil
import tempfile
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
{kit_nav}"""


# The two sections issue 15 adds to every lesson (data/lessons.yml requires them since the
# lessons have them); with_kit_sections adds them to a catalogue that lacks them.
KIT_SECTIONS = {
    "materials": """  - key: check
    handout: true
    lv: Sākuma un beigu pārbaude
    ru: Проверка в начале и в конце
    uk: Перевірка на початку і в кінці
    en: Start-and-end check
""",
    "worksheet": """  - key: facilitator
    lv: Piezīmes vadītājam
    ru: Заметки для ведущего
    uk: Нотатки для ведучого
    en: Facilitator notes
""",
}


def with_kit_sections(text: str) -> str:
    """data/lessons.yml with the check and facilitator sections (unchanged if it has them)."""
    for after, block in KIT_SECTIONS.items():
        key = block.split("\n", 1)[0]
        if key in text:
            continue
        start = text.index(f"  - key: {after}\n")
        end = text.index("  - key: ", start + 1)
        text = text[:end] + block + text[end:]
    return text


@functools.cache
def _catalog_file() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="lessons-catalog-"))
    path = folder / "lessons.yml"
    path.write_text(with_kit_sections((ROOT / "data/lessons.yml").read_text("utf-8")), "utf-8")
    return path


def catalog() -> lessons.Catalog:
    """The catalogue of data/lessons.yml with the kit sections."""
    return lessons.load_catalog(_catalog_file(), LANGS)


PLAN = {
    "lv": ("Laiks", "Ko dara"),
    "en": ("Time", "What happens"),
}
# Section bodies that exercise the kit: a timed plan, cards, worksheet items with answer-space
# markers, a start-and-end check and facilitator notes with the three sub-headings.
BODIES = {
    "plan": """| {time} | {what} |
|---|---|
| 0–5 min | **Ievads.** Noteikumi: ja kādam draud briesmas, to nevar paturēt noslēpumā. |
| 5–{mid} min | **Kartītes pāros.** Pāri lasa kartītes un atbild. |
| {mid}–{end} min | **Noslēgums.** Trīs soļi un tālrunis 116111. |

**Ja laika maz:** izlaidiet kartīti C.
""",
    "cards": """1. **A. Spēle.** Tomam raksta svešinieks un sola spēles valūtu.

    *Kas ir aizdomīgs?*

2. **B. Čats.** Lindai kāds raksta katru dienu un lūdz nestāstīt.

    *Kam pastāstīt?*
""",
    "worksheet": """1. **Mana uzticības roka.** Apvelc plaukstu un ieraksti piecus cilvēkus.
    {: .answer-box }
2. Uzraksti vienu labu un vienu sliktu noslēpumu.
    {: .answer-lines-3 }
3. Uz kuru numuru zvanīt? ______
""",
    "check": """Atzīmē „jā” vai „nē” nodarbības sākumā un beigās.

1. Cilvēks internetā var izlikties par bērnu.
2. Sliktu noslēpumu drīkst izstāstīt.
3. Dāvanas no svešiniekiem ir droša lieta.
4. Ja kāds draud, bērns ir vainīgs.
5. 116111 atbild visu diennakti.
""",
    "facilitator": """### Kartītes

1. A: aizdomīgi ir dāvanas un lūgums pēc bildes; Toms pastāsta pieaugušajam.
2. B: tas ir slikts noslēpums; Linda var pastāstīt vecākiem vai skolotājam.

### Darba lapa

1. Jebkuri pieci cilvēki vai dienesti, kam skolēns uzticas.
2. Labs: pārsteigums; slikts: tāds, kas biedē.
3. 116111.

### Jautājumi pārrunām

1. Pastāstīt pieaugušajam, kam uzticas.

### Ja skolēns jautā…

- *Vai mani sodīs?* Nē: bērns, kuram draud, nav vainīgs.
""",
}


def lesson_markdown(lang: str, slug: str, *, meta: str | None = None, drop: str = "") -> str:
    """A lesson page with every required section of ``lang`` (except ``drop``)."""
    title = TITLES[lang][slug]
    body = [
        f'---\ntitle: "{title}"\ndescription: Fixture.\n{META[slug] if meta is None else meta}---'
    ]
    body.append(f"\n# {title}\n\nIevads ar garumzīmēm: ā č ē ģ ī ķ ļ ņ š ū ž.\n")
    duration = (
        int((meta or META[slug]).split("duration:")[1].split()[0])
        if "duration:" in (meta or META[slug])
        else 40
    )
    for section in catalog().sections:
        heading = section.titles[lang]
        if heading == drop:
            continue
        text = BODIES.get(section.key, f"- {section.key}: teksts.\n")
        if section.key == "plan":
            time, what = PLAN.get(lang, PLAN["en"])
            mid = 5 + (duration - 5) // 2
            text = text.format(time=time, what=what, mid=mid, end=duration)
        body.append(f"## {heading}\n\n{text}")
        if section.key == "help":
            body.append("<!-- helplines: emergency childline -->\n")
    return "\n".join(body)


# The shared kit pages (Latvian only: the English kits must fall back to nothing).
KIT_PAGES = {
    "guide": """---
title: Rokasgrāmata skolotājam
---

# Rokasgrāmata skolotājam

Kā vadīt nodarbības: ģimene, ķēde, ūdens.

## Ja skolēns uztic {#disclosure}

Uzklausiet, nesoliet noslēpumu, pierakstiet.
""",
    "safeguarding": """---
title: Drošības lapa ģimenei
kit: safeguarding
---

# Drošības lapa ģimenei

Noteikums: ja kādam draud briesmas, to nevar paturēt noslēpumā. Zvaniet [112](tel:112).

1. Uzklausiet mierīgi.
2. Pierakstiet bērna vārdus.
""",
    "incident-plan": """---
title: Skolas rīcības plāns ķēdē
kit: incident-plan
---

# Skolas rīcības plāns ķēdē

1. Neskatieties, nekopējiet un nepārsūtiet attēlu.
2. Atbalstiet skolēnu.
""",
    "parent-letters": """---
title: Vēstules vecākiem ģimenē
kit: parent-letters
---

# Vēstules vecākiem ģimenē

## Vēstule pirms nodarbības {#before}

Cienījamie vecāki, nākamnedēļ būs nodarbība.

## Vēstule pēc nodarbības {#after}

Cienījamie vecāki, nodarbība notika.
""",
    "evaluation": """---
title: Novērtējuma veidlapa ķēdei
kit: evaluation
---

# Novērtējuma veidlapa ķēdei

| Jautājums | 1 | 2 | 3 |
|---|---|---|---|
| Vai skolēni iesaistījās? | | | |
""",
}


def make_site(root: Path, *, downloads: bool = False, kit_pages: bool = False) -> Path:
    """Write the fixture site under ``root``; return its mkdocs.yml. ``kit_pages``: the
    Latvian shared kit pages and the guide too."""
    for name in ("data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    catalog_file = root / "data/lessons.yml"
    catalog_file.write_text(with_kit_sections(catalog_file.read_text("utf-8")), "utf-8")
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
    kit_nav = ""
    if kit_pages:
        for slug, text in KIT_PAGES.items():
            (root / "docs/lv/teachers" / f"{slug}.md").write_text(text, "utf-8")
            kit_nav += f"  - teachers/{slug}.md\n"
    config = root / "mkdocs.yml"
    config.write_text(
        CONFIG.format(downloads="true" if downloads else "false", kit_nav=kit_nav), "utf-8"
    )
    return config
