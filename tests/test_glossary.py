"""The glossary (data/glossary.yml): no variant it forbids is in a built page or data file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import LANGS, ROOT
from site_text import data_text, site_segments

from sitekit import glossary
from sitekit.errors import SiteDataError
from sitekit.pagetext import Segment

GLOSSARY = ROOT / "data" / "glossary.yml"


def _report(findings: list[glossary.Finding]) -> str:
    lines = sorted({f.describe() for f in findings})
    return f"{len(lines)} glossary variant(s) to replace:\n" + "\n".join(lines)


def test_the_glossary_loads_and_covers_every_language() -> None:
    variants = glossary.load(GLOSSARY, LANGS)
    assert {v.lang for v in variants} == set(LANGS)


def test_no_forbidden_variant_in_the_data_files() -> None:
    findings = glossary.check(data_text(), glossary.load(GLOSSARY, LANGS))
    assert not findings, _report(findings)


def test_no_forbidden_variant_on_any_page(site_dir: Path) -> None:
    findings = glossary.check(site_segments(site_dir), glossary.load(GLOSSARY, LANGS))
    assert not findings, _report(findings)


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


TERM = """terms:
  - id: risk
    use: {ru: зона риска, uk: зона ризику}
    avoid:
      ru: ['сред\\w* риска']
      uk: ['(?-i:Молоді):']
"""


def test_variants_match_inflected_whole_words_in_their_own_language_only(tmp_path: Path) -> None:
    variants = glossary.load(_write(tmp_path, TERM), LANGS)
    text = "Агентства называют СРЕДОЙ\u00a0риска. Посреда риска. "
    found = glossary.check([Segment("ru", text, "ru/x/index.html")], variants)
    assert [(f.where, f.found, f.use) for f in found] == [
        ("ru/x/index.html", "СРЕДОЙ риска", "зона риска")
    ]
    assert "write 'зона риска'" in found[0].describe()
    assert not glossary.check([Segment("uk", text, "uk/x")], variants)
    # (?-i:...) is case-sensitive: the genitive "молоді" is fine, the label "Молоді:" is not.
    uk = [Segment("uk", "Для молоді: поради. Молоді: поради.", "uk/y")]
    assert [f.found for f in glossary.check(uk, variants)] == ["Молоді:"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("terms: []\n", "no `terms:` list"),
        ("terms:\n  - id: a\n    use: {ru: x}\n    avoid: {ru: ['(']}\n", "not a valid pattern"),
        ("terms:\n  - id: a\n    use: {ru: зона}\n    avoid: {ru: ['зон\\w*']}\n", "matches"),
        ("terms:\n  - id: a\n    use: {lv: x}\n    avoid: {ru: ['y']}\n", "no ru wording"),
        ("terms:\n  - id: a\n    use: {de: x}\n", "unknown languages"),
        ("terms:\n  - id: a\n    use: {ru: x}\n  - id: a\n    use: {ru: y}\n", "given twice"),
        ("terms:\n  - id: a\n    use: {ru: x}\n    avod: {ru: [y]}\n", "unknown keys"),
        ("terms:\n  - id: a\n    use: {ru: x}\n    avoid: {ru: [1]}\n", "not a list of texts"),
        ("terms:\n  - id: a\n    use: {ru: x}\n    use: {ru: y}\n", "duplicate key"),
        ("terms:\n  - use: {ru: x}\n", "no `id`"),
        ("terms:\n  - id: a\n    use: {ru: 5}\n", "empty or not text"),
        ("- id: a\n", "no `terms:` list"),
    ],
)
def test_glossary_mistakes_are_errors_naming_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(SiteDataError, match=problem) as caught:
        glossary.load(path, LANGS)
    assert caught.value.path == str(path)
