"""The check: one pass over the docs tree that classifies every translation, checks its safety
parity, the interface texts and the policy, and returns a :class:`Report`."""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sitekit import data
from sitekit.coverage.git_history import _Git
from sitekit.coverage.parity import Extractor, Item
from sitekit.coverage.policy import POLICY_KEY, Settings
from sitekit.coverage.report import (
    CURRENT,
    ERROR,
    MISSING,
    OUTDATED,
    WARNING,
    PageReport,
    Problem,
    Report,
    Translation,
)
from sitekit.coverage.stamps import HASH_LENGTH, STAMP_KEY, Doc, read_doc, source_hash
from sitekit.coverage.stamps import stamp_command as _stamp_cmd
from sitekit.errors import SiteDataError

if TYPE_CHECKING:
    from sitekit import parity_extra

# A docs/ folder that the i18n plugin would take for a language: two letters, maybe a region.
LANGUAGE_DIR_RE = re.compile(r"^[a-z]{2}(?:[_-][A-Za-z]{2})?$")


def _files(folder: Path) -> set[str]:
    """Every file under ``folder`` (relative POSIX paths), hidden files and folders skipped."""
    if not folder.is_dir():
        return set()
    base = len(str(folder)) + 1
    found = set()
    for path in folder.rglob("*"):
        rel = str(path)[base:].replace("\\", "/")
        if not any(part.startswith(".") for part in rel.split("/")) and path.is_file():
            found.add(rel)
    return found


class _Checker:
    """One pass over the docs tree: states, parity, interface text, policy."""

    def __init__(self, settings: Settings, use_git: bool) -> None:
        self.settings = settings
        self.problems: list[Problem] = []
        self.git = _Git(settings.root, use_git)
        self.source_dir = settings.docs_dir / settings.source
        self.extractor = Extractor(known_numbers(settings, self.problems))
        self.extra: parity_extra.ExtraCheck | None = None

    def add(self, level: str, path: str, message: str, fix: str, line: int | None = None) -> None:
        self.problems.append(Problem(level, path, message, fix, line))

    def add_error(self, exc: SiteDataError) -> None:
        self.add(ERROR, self.settings.rel(Path(exc.path)), exc.problem, exc.fix, exc.line)

    def run(self) -> Report:
        settings = self.settings
        if not self.source_dir.is_dir():
            raise SiteDataError(
                settings.rel(self.source_dir),
                "the source-language folder does not exist",
                f"put the {settings.source} pages there or correct docs_dir in "
                f"{settings.config_name}",
            )
        self.language_folders()
        source_files = _files(self.source_dir)
        pages = sorted(p for p in source_files if p.endswith(".md"))
        present = {lang: _files(settings.docs_dir / lang) for lang in settings.translations}
        self.critical_patterns(pages)
        self.extra = self.extra_check(pages)
        reports = [self.page(page, present) for page in pages]
        self.unused_allowed()
        orphans: dict[str, list[str]] = {}
        for lang in settings.translations:
            for rel in sorted(present[lang] - source_files):
                file = settings.rel(settings.file(lang, rel))
                orphans.setdefault(lang, []).append(file)
                self.add(
                    WARNING,
                    file,
                    f"orphan: there is no source {settings.rel(self.source_dir / rel)}",
                    "rename it to the path of the page it translates, or delete it",
                )
        self.interface()
        report = Report(
            source=settings.source,
            languages=settings.translations,
            pages=reports,
            orphans=orphans,
            problems=self.problems,
            minimum=dict(settings.policy.minimum),
            git=self.git.state(),
        )
        self.minimums(report)
        return report

    def language_folders(self) -> None:
        settings = self.settings
        for folder in sorted(p for p in settings.docs_dir.iterdir() if p.is_dir()):
            if LANGUAGE_DIR_RE.match(folder.name) and folder.name not in settings.known_folders:
                self.add(
                    ERROR,
                    settings.rel(folder) + "/",
                    f"unknown language folder '{folder.name}': it is not one of the site's "
                    f"languages ({', '.join(settings.languages)}), and the i18n plugin would "
                    "treat it as a language",
                    "rename it (shared files belong in docs/assets/) or add the language to "
                    f"plugins › i18n › languages in {settings.config_name}",
                )

    def critical_patterns(self, pages: list[str]) -> None:
        for pattern in self.settings.policy.critical:
            if not any(fnmatch.fnmatchcase(page, pattern) for page in pages):
                self.add(
                    ERROR,
                    self.settings.config_name,
                    f"extra.{POLICY_KEY}.critical: '{pattern}' matches no page in "
                    f"{self.settings.rel(self.source_dir)}/",
                    "correct the path (relative to the language folder) or remove it",
                )

    def page(self, page: str, present: dict[str, set[str]]) -> PageReport:
        settings = self.settings
        source_path, source_file = settings.page_paths(settings.source, page)
        critical = settings.policy.is_critical(page)
        digest: str | None = None
        items: dict[tuple[str, str], Item] = {}
        source_text: str | None = None
        try:
            doc = read_doc(source_path, source_file)
            digest = source_hash(doc.text)
            source_text = doc.body_for_parity()
            items = self.extractor.items(source_text)
        except SiteDataError as exc:
            self.add_error(exc)
        report = PageReport(page, source_file, digest, critical, {})
        for lang in settings.translations:
            file = settings.page_paths(lang, page)[1]
            if page in present[lang]:
                report.translations[lang] = self.translation(report, lang, file, items, source_text)
                continue
            report.translations[lang] = Translation(lang, file, MISSING)
            if critical:
                self.add(
                    WARNING,
                    file,
                    f"critical page {source_file} has no {lang} translation",
                    f"translate {source_file} into {file}, then run `{_stamp_cmd(file)}`",
                )
        return report

    def translation(
        self,
        page: PageReport,
        lang: str,
        file: str,
        items: dict[tuple[str, str], Item],
        source_text: str | None = None,
    ) -> Translation:
        """Classify one existing translation and check its parity with the source."""
        try:
            doc = read_doc(self.settings.page_paths(lang, page.path)[0], file)
        except SiteDataError as exc:
            self.add_error(exc)
            return Translation(lang, file, OUTDATED, reason="unreadable")
        result = Translation(lang, file, CURRENT, stamp=doc.stamp)
        what = f"translation of critical page {page.source_file}"
        if page.hash is None:
            result.state, result.reason = OUTDATED, "unreadable"
        elif doc.stamp is None:
            result.state, result.reason = OUTDATED, "unstamped"
            if page.critical:
                self.add(
                    WARNING,
                    file,
                    f"{what} has no {STAMP_KEY} stamp, so it is not known to be current",
                    f"check it against {page.source_file}, then run `{_stamp_cmd(file)}`",
                )
        elif doc.stamp != page.hash:
            result.state, result.reason = OUTDATED, "changed"
            result.since = self.since(page, file, doc)
            see = f" (what changed: `{result.since['command']}`)" if result.since else ""
            if page.critical:
                self.add(
                    WARNING,
                    file,
                    f"{what} is outdated: stamped {doc.stamp}, the source is now {page.hash}",
                    f"bring it up to date{see}, then run `{_stamp_cmd(file)}`",
                    doc.stamp_line,
                )
        if items:
            result.parity = self.parity(page, file, doc, items)
        if source_text is not None and self.extra is not None:
            for extra in self.extra.extras(
                lang, page.path, file, page.source_file, source_text, doc.body_for_parity()
            ):
                self.add(WARNING, extra.file, extra.message, extra.fix, extra.line)
        return result

    def extra_check(self, pages: list[str]) -> parity_extra.ExtraCheck | None:
        """The reverse parity check (sitekit.parity_extra); None if its allow-list is bad."""
        from sitekit import parity_extra  # it builds on this module's Extractor

        try:
            return parity_extra.build(self.settings, self.extractor, pages)
        except SiteDataError as exc:
            self.add_error(exc)
            return None

    def unused_allowed(self) -> None:
        if self.extra is None:
            return
        for allowed in self.extra.unused():
            self.add(
                WARNING,
                self.extra.allowlist.path,
                f"{allowed.lang} › {allowed.page}: {allowed.value} is allow-listed but "
                f"docs/{allowed.lang}/{allowed.page} no longer needs it (it is gone, or now in "
                "the source or helplines data)",
                "delete the entry",
                allowed.line,
            )

    def since(self, page: PageReport, file: str, doc: Doc) -> dict[str, str] | None:
        """The commit the stamp was made against and the diff command, where git knows."""
        history = self.git.get()
        if history is None or doc.stamp is None:
            return None
        source_path = self.source_dir / page.path
        commit, versions = history.find(self.source_dir, source_path, doc.stamp)
        if commit:
            command = f"git diff --word-diff {commit[:HASH_LENGTH]} -- {page.source_file}"
            return {"commit": commit, "command": command}
        if versions and not history.shallow:
            self.add(
                ERROR,
                file,
                f"{STAMP_KEY} {doc.stamp} matches no version of {page.source_file} (neither "
                f"the file now nor any of its {versions} versions in git history)",
                f"check the whole translation against {page.source_file}, then run "
                f"`{_stamp_cmd(file)}`",
                doc.stamp_line,
            )
        return None

    def parity(
        self, page: PageReport, file: str, doc: Doc, items: dict[tuple[str, str], Item]
    ) -> list[Item]:
        text = doc.body_for_parity()
        missing = self.extractor.missing(items, text)
        if missing:
            found = self.extractor.items(text)
            kinds = {i.kind for i in missing} - {"helpline"}
            extra = [i.describe() for k, i in found.items() if k not in items and i.kind in kinds]
            hint = f" (the translation has {', '.join(extra)}, not in the source)" if extra else ""
            listed = ", ".join(f"{i.describe()} (line {i.line})" for i in missing)
            self.add(
                WARNING,
                file,
                f"safety parity with {page.source_file}: missing or altered {listed}{hint}",
                f"write each exactly as in {page.source_file}; a translation never drops or "
                "changes one",
            )
        return missing

    def interface(self) -> None:
        """Every nav title and every ui.yml string has a text in every language."""
        settings = self.settings
        for lang in settings.translations:
            table = settings.nav_translations.get(lang, {})
            for title in settings.nav_titles:
                if not table.get(title, "").strip():
                    self.add(
                        WARNING,
                        settings.config_name,
                        f"navigation title '{title}' has no {lang} translation",
                        f"add '{title}: …' under nav_translations of the {lang} language "
                        "(plugins › i18n › languages)",
                    )
        if settings.ui_path is not None:
            try:
                data.load_ui(settings.ui_path, settings.languages)
            except SiteDataError as exc:
                self.add_error(exc)

    def minimums(self, report: Report) -> None:
        summary = report.summary()
        for lang, minimum in report.minimum.items():
            row = summary[lang]
            if row[CURRENT] * 100 >= minimum * row["total"]:
                continue
            behind = [t for _, t in report.not_current() if t.lang == lang]
            listed = ", ".join(f"{t.file} ({t.state})" for t in behind[:10])
            more = f" and {len(behind) - 10} more" if len(behind) > 10 else ""
            self.add(
                WARNING,
                self.settings.rel(self.settings.docs_dir / lang) + "/",
                f"{lang} translation coverage is {row['percent']:g}% ({row[CURRENT]} of "
                f"{row['total']} pages current), below the minimum of {minimum:g}%; not "
                f"current: {listed}{more}",
                "translate the missing pages and update the outdated ones, stamping each with "
                "`sitekit stamp <file>` (`sitekit coverage` lists them all)",
            )


def known_numbers(settings: Settings, problems: list[Problem]) -> list[str]:
    """Every helpline number in data/helplines.yml (validated by sitekit.data)."""
    if settings.helplines_path is None:
        return []
    try:
        helplines = data.load_helplines(settings.helplines_path, settings.languages)
    except SiteDataError as exc:
        problems.append(
            Problem(ERROR, settings.rel(Path(exc.path)), exc.problem, exc.fix, exc.line)
        )
        return []
    return [h.tel for h in helplines.values() if h.tel]


def check(settings: Settings, *, use_git: bool = True) -> Report:
    """Scan the docs tree once and classify every translation; nothing is written.

    Bad content is reported as ``error`` problems; a missing source folder raises
    :class:`SiteDataError`.
    """
    return _Checker(settings, use_git).run()
