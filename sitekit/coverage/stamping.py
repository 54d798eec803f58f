"""``sitekit stamp``: check the named translations, plan their new stamps, write them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sitekit.coverage.checker import _files, known_numbers
from sitekit.coverage.parity import Extractor, Item
from sitekit.coverage.policy import Settings
from sitekit.coverage.report import ERROR, Problem
from sitekit.coverage.stamps import read_doc, source_hash, with_stamp
from sitekit.errors import SiteDataError


@dataclass(frozen=True)
class StampPlan:
    """A translation to stamp: its new text, and its parity gaps (shown, not blocking)."""

    path: Path
    file: str
    source_file: str
    hash: str
    text: str
    changed: bool
    parity: tuple[Item, ...]


def translation_files(settings: Settings, langs: Iterable[str]) -> tuple[list[Path], list[str]]:
    """Existing translation pages of ``langs`` that have a source page, and the orphans skipped."""
    source = _files(settings.docs_dir / settings.source)
    paths: list[Path] = []
    skipped: list[str] = []
    for lang in langs:
        for rel in sorted(p for p in _files(settings.docs_dir / lang) if p.endswith(".md")):
            if rel in source:
                paths.append(settings.file(lang, rel))
            else:
                skipped.append(settings.rel(settings.file(lang, rel)))
    return paths, skipped


def plan_stamps(settings: Settings, paths: Iterable[Path]) -> tuple[list[StampPlan], list[Problem]]:
    """Check each named translation and prepare its stamp; nothing is written."""
    plans: list[StampPlan] = []
    problems: list[Problem] = []
    docs = settings.docs_dir.resolve()
    known = Extractor(known_numbers(settings, problems))
    for given in paths:
        path = Path(given).resolve()
        file = settings.rel(path)
        try:
            parts = path.relative_to(docs).parts
        except ValueError:
            problems.append(
                Problem(ERROR, str(given), "not inside the docs folder", "name a translation")
            )
            continue
        lang, rel = parts[0], "/".join(parts[1:])
        if lang == settings.source or lang not in settings.translations or not rel:
            problems.append(
                Problem(
                    ERROR,
                    file,
                    f"not a translation (only {', '.join(settings.translations)} pages are "
                    "stamped; the source is never stamped)",
                    f"name a file in docs/{'|'.join(settings.translations)}/",
                )
            )
            continue
        if not rel.endswith(".md") or not path.is_file():
            problems.append(Problem(ERROR, file, "no such Markdown page", "check the path"))
            continue
        source_path = settings.file(settings.source, rel)
        source_file = settings.rel(source_path)
        if not source_path.is_file():
            problems.append(
                Problem(
                    ERROR,
                    file,
                    f"orphan: there is no source {source_file} to stamp it against",
                    "rename it to the path of the page it translates, or delete it",
                )
            )
            continue
        try:
            doc = read_doc(path, file)
            source = read_doc(source_path, source_file)
        except SiteDataError as exc:
            problems.append(Problem(ERROR, exc.path, exc.problem, exc.fix, exc.line))
            continue
        digest = source_hash(source.text)
        text = with_stamp(doc, digest)
        items = known.items(source.body_for_parity())
        plans.append(
            StampPlan(
                path=path,
                file=file,
                source_file=source_file,
                hash=digest,
                text=text,
                changed=doc.stamp != digest,
                parity=tuple(known.missing(items, doc.body_for_parity())),
            )
        )
    return plans, problems


def write_stamps(plans: Iterable[StampPlan]) -> int:
    """Write the planned stamps (only files whose stamp changes); return how many."""
    written = 0
    for plan in plans:
        if plan.changed:
            plan.path.write_bytes(plan.text.encode("utf-8"))
            written += 1
    return written
