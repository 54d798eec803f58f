"""The ``sitekit`` command for editors and CI.

Each subcommand is one entry of :data:`COMMANDS`: a help line, a function that adds its
arguments, and a function that runs it and returns the exit code. Add a subcommand by adding
an entry.

    sitekit coverage [--json] [--today YYYY-MM-DD] [--config mkdocs.yml]
        Translation coverage. Exit 0: every translation current; 1: out of sync (outdated,
        missing, orphan, parity or policy problem); 2: bad input (unreadable file, malformed
        front matter or stamp, unknown language folder, bad configuration). Also lists the
        helplines due for re-checking (verified more than extra.helplines_max_age_days before
        --today); that list never changes the exit code.
    sitekit stamp FILE… | --lang LANG | --all [--config mkdocs.yml]
        Record in each named translation which version of its Latvian source it translates.
        Run it only after checking the translation. Exit 0: stamped; 2: bad input (nothing
        written).
    sitekit postbuild SITE_DIR [--no-gzip] [--config mkdocs.yml]
        Every step on the finished site (translation report, search indexes, sitemap and
        robots.txt, Content-Security-Policy, gzip copies): what hooks/postbuild.py runs under
        MkDocs, for the output of any engine. Exit 0: done; 2: a problem (nothing is served).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sitekit import coverage, data, postbuild, siteconfig
from sitekit.errors import SiteDataError


@dataclass(frozen=True)
class Command:
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def _site(args: argparse.Namespace) -> siteconfig.SiteConfig:
    path = Path(args.config)
    if not path.is_file():
        raise SiteDataError(
            path, "configuration file not found", "run from the site folder or pass --config"
        )
    return siteconfig.load(path)


def _settings(args: argparse.Namespace) -> coverage.Settings:
    return coverage.Settings.from_site(_site(args))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date YYYY-MM-DD") from None


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config", "-f", default="mkdocs.yml", help="the site's mkdocs.yml (default: %(default)s)"
    )


def _coverage_args(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--today",
        type=_date,
        default=None,
        help="list the helplines due for re-checking on this date, YYYY-MM-DD (default: today)",
    )


def _recheck(site: siteconfig.SiteConfig, settings: coverage.Settings, today: dt.date) -> dict:
    """The helplines due for re-checking (information: never changes the exit code)."""
    extra = site.raw.get("extra") or {}
    path = settings.helplines_path
    shown = settings.rel(path) if path else "data/helplines.yml"
    max_age = data.max_age_days(extra, settings.config_name)
    return data.recheck_model(path, settings.languages, max_age, today, shown)


def _print_recheck(model: dict) -> None:
    entries = model["entries"]
    if not model["present"]:
        return
    if model["error"]:
        print(f"\nHelplines due for re-checking: not known, {model['file']} does not load")
        return
    if not entries:
        print(
            f"\nHelplines due for re-checking on {model['today']}: none (every entry was "
            f"verified within {model['max_age_days']} days)"
        )
        return
    print(
        f"\nHelplines due for re-checking on {model['today']} (verified more than "
        f"{model['max_age_days']} days ago):"
    )
    for entry in entries:
        print(
            f"  {model['file']}:{entry['line']}: {entry['id']} verified {entry['verified']}, "
            f"due since {entry['due']}; re-check it against {entry['source']} and update "
            "'verified'"
        )


def _coverage(args: argparse.Namespace) -> int:
    try:
        site = _site(args)
        settings = coverage.Settings.from_site(site)
        report = coverage.check(settings)
        recheck = _recheck(site, settings, args.today or dt.date.today())
    except SiteDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        result = {**report.as_dict(), "helplines_due": recheck}
        print(json.dumps(result, ensure_ascii=False, indent=2))
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
    _print_recheck(recheck)
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


def _postbuild_args(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("site_dir", type=Path, help="the built site (e.g. site/)")
    parser.add_argument("--no-gzip", action="store_true", help="write no .gz copies")


def _postbuild(args: argparse.Namespace) -> int:
    try:
        _site(args)
        options = postbuild.Options(
            cache_dir=Path(args.config).resolve().parent / ".cache", precompress=not args.no_gzip
        )
        postbuild.run(args.site_dir, args.config, options)
    except SiteDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
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
    "postbuild": Command(
        "run every post-build step on a built site (any engine's output)",
        _postbuild_args,
        _postbuild,
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
