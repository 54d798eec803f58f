"""The ``sitekit`` command for editors and CI.

Each subcommand is one entry of :data:`COMMANDS`: a help line, a function that adds its
arguments, and a function that runs it and returns the exit code. Add a subcommand by adding
an entry.

    sitekit coverage [--json] [--config mkdocs.yml]
        Translation coverage. Exit 0: every translation current; 1: out of sync (outdated,
        missing, orphan, parity or policy problem); 2: bad input (unreadable file, malformed
        front matter or stamp, unknown language folder, bad configuration).
    sitekit stamp FILE… | --lang LANG | --all [--config mkdocs.yml]
        Record in each named translation which version of its Latvian source it translates.
        Run it only after checking the translation. Exit 0: stamped; 2: bad input (nothing
        written).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitekit import coverage, siteconfig
from sitekit.errors import SiteDataError


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _settings(args: argparse.Namespace) -> coverage.Settings:
    path = Path(args.config)
    if not path.is_file():
        raise SiteDataError(
            path, "configuration file not found", "run from the site folder or pass --config"
        )
    return coverage.Settings.from_site(siteconfig.load(path))


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)"
    )


def _coverage_args(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")


def _coverage(args: argparse.Namespace) -> int:
    try:
        report = coverage.check(_settings(args))
    except SiteDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return report.exit_code
    print(coverage.summary_table(report))
    behind = list(report.not_current())
    if behind:
        print("\nNot current:")
        for page, translation in behind:
            critical = " [critical]" if page.critical else ""
            print(f"  {coverage.describe(translation, page)}{critical}")
    for problem in report.problems:
        print(f"{problem.level}: {problem}")
    verdict = {0: "every translation is current", 1: "out of sync", 2: "bad input"}
    print(f"\n{verdict[report.exit_code]} (exit {report.exit_code})")
    return report.exit_code


def _stamp_args(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("files", nargs="*", type=Path, help="translations to stamp")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--lang", help="stamp every existing translation in this language")
    which.add_argument("--all", action="store_true", help="stamp every existing translation")


def _stamp(args: argparse.Namespace) -> int:
    chosen = [bool(args.files), bool(args.lang), bool(args.all)]
    if sum(chosen) != 1:
        message = "name the translations to stamp, or give --lang LANG or --all"
        print(f"error: {message}", file=sys.stderr)
        return 2
    try:
        settings = _settings(args)
    except SiteDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    files: list[Path] = list(args.files)
    if not files:
        if args.lang and args.lang not in settings.translations:
            print(
                f"error: --lang {args.lang} is not a translation language "
                f"({', '.join(settings.translations)})",
                file=sys.stderr,
            )
            return 2
        langs = [args.lang] if args.lang else list(settings.translations)
        files, skipped = coverage.translation_files(settings, langs)
        for file in skipped:
            print(f"skipped {file}: orphan, no source page")
    plans, problems = coverage.plan_stamps(settings, files)
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was stamped", file=sys.stderr)
        return 2
    coverage.write_stamps(plans)
    for plan in plans:
        done = "stamped" if plan.changed else "already stamped"
        print(f"{done} {plan.file} ({plan.source_file} {plan.hash})")
        for item in plan.parity:
            print(
                f"  warning: {item.describe()} of {plan.source_file} (line {item.line}) is "
                "missing or altered in the translation"
            )
    return 0


COMMANDS: dict[str, Command] = {
    "coverage": Command(
        "report which translations are current, outdated, missing or orphaned",
        _coverage_args,
        _coverage,
    ),
    "stamp": Command(
        "mark translations as up to date with their Latvian source (after checking them)",
        _stamp_args,
        _stamp,
    ),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``sitekit`` console script."""
    parser = argparse.ArgumentParser(prog="sitekit", description="Site tools for editors and CI.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, command in COMMANDS.items():
        child = sub.add_parser(name, help=command.help, description=command.help)
        command.configure(child)
        child.set_defaults(run=command.run)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
