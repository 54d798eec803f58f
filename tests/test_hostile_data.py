"""Hostile or mistaken data files: each is a SiteDataError naming the file, the line and the fix.

Every case edits the real data file in one place (so the rest is known to be valid) and checks
the error points at the edited line. The last tests run ``mkdocs build --strict`` on a copy of
the real site.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import LANGS, ROOT, mkdocs_build

from sitekit import coverage, data, lessons, yamlio
from sitekit.errors import SiteDataError

TODAY = dt.date(2026, 6, 1)  # every check that looks at the date is given this one
HELPLINES = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
UI = (ROOT / "data/ui.yml").read_text(encoding="utf-8")
LESSONS = (ROOT / "data/lessons.yml").read_text(encoding="utf-8")


def edited(text: str, old: str, new: str) -> str:
    """``text`` with the first ``old`` replaced by ``new`` (which must be there)."""
    assert old in text, f"the real data changed: {old!r} is not in it any more"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle``."""
    assert needle in text, needle
    return text.count("\n", 0, text.index(needle)) + 1


def expect_error(path: Path, load: Callable[[], object], problem: str, line: int) -> SiteDataError:
    """``load()`` raises a SiteDataError for ``path`` at ``line`` with ``problem`` and a fix."""
    with pytest.raises(SiteDataError) as caught:
        load()
    err = caught.value
    assert err.path == str(path), err
    assert problem in err.problem, err
    assert err.line == line, f"expected line {line}: {err}"
    assert len(err.fix) > 10, err
    assert str(err).startswith(f"{path}:{line}: ") and ". Fix: " in str(err)
    return err


def load_helplines(path: Path) -> Callable[[], object]:
    return lambda: data.load_helplines(path, LANGS, today=TODAY)


# (id, old text, new text, the line to blame is the one holding this text, problem)
HELPLINE_CASES = [
    (
        "duplicate-key",
        'display: "116111"\n',
        'display: "116111"\n    tel: "116123"\n',
        'tel: "116123"',
        "duplicate key 'tel' (lines ",
    ),
    ("sexagesimal", "en: 24 hours a day", "en: 24:00", "en: 24:00", "base 60"),
    ("yes-flag", "strip: true", "strip: yes", "strip: yes", "'yes' is true or false"),
    ("list-text", "lv: Visu diennakti", "lv: [Visu, diennakti]", "lv: [Visu", "is a list"),
    ("number-text", "en: Emergency", "en: 112", "en: 112", "the number 112, not text"),
    ("bool-text", "en: Emergency", "en: true", "en: true", "yes/no value true, not text"),
    ("empty-text", "en: Emergency", "en:", "en:\n", "has no text for en"),
    ("invisible-text", "en: Emergency", 'en: "\\u200b"', 'en: "\\u200b"', "has no text for en"),
    (
        "direction-override",
        "en: Free from any phone",
        'en: "Call \\u202e211"',
        'en: "Call \\u202e',
        "U+202E (RIGHT-TO-LEFT OVERRIDE)",
    ),
    ("control-character", "en: Emergency", 'en: "a\\x00b"', 'en: "a\\x00', "U+0000"),
    ("string-flag", "strip: true", 'strip: "false"', 'strip: "false"', "true or false"),
    (
        "arabic-indic-tel",
        'tel: "116111"\n    display: "116111"',
        'tel: "١١٦١١١"\n    display: "١١٦١١١"',
        'tel: "١١٦١١١"',
        "digits other than 0-9",
    ),
    (
        "arabic-indic-display",
        'display: "116111"',
        'display: "116 ١١١"',
        'display: "116 ١١١"',
        "digits other than 0-9",
    ),
    ("unquoted-plus-tel", 'tel: "+37128612120"', "tel: +37128612120", "tel: +3712", "in quotes"),
    (
        "http-url",
        "url: https://www.uzticibastalrunis.lv",
        "url: http://www.uzticibastalrunis.lv",
        "url: http://",
        "not https://",
    ),
    (
        "http-source-not-reviewed",
        "source: https://bac.gov.lv/en/children-helpline",
        "source: http://bac.gov.lv/en/children-helpline",
        "source: http://bac",
        "it is http://",
    ),
    ("future-date", "verified: 2026-03-25", "verified: 2999-01-01", "verified: 2999", "future"),
    ("malformed-date", "verified: 2026-03-25", "verified: 2026-3-25", "verified: 2026-3", "date"),
    (
        "phone-without-tel",
        '    tel: "116111"\n    display: "116111"\n',
        "",
        "channels: [phone, chat, app]",
        "channel phone has no tel",
    ),
    (
        "mapping-in-channels",
        "channels: [phone, chat, app]",
        "channels: [phone, {chat: web}]",
        "channels: [phone, {",
        "item 2 is a mapping",
    ),
    (
        "script-in-url",
        "url: https://www.uzticibastalrunis.lv",
        "url: 'https://www.uzticibastalrunis.lv/\"><script>alert(1)</script>'",
        "url: 'https://www.uzticibastalrunis.lv/\"",
        "it contains '\"'",
    ),
    (
        "url-without-host",
        "url: https://www.uzticibastalrunis.lv",
        "url: https:///x",
        "url: htt",
        "host",
    ),
    (
        "url-with-space",
        "url: https://www.uzticibastalrunis.lv",
        'url: "https://www.uzticibastalrunis.lv/a b"',
        'url: "https',
        "it contains ' '",
    ),
    (
        "javascript-url",
        "url: https://www.uzticibastalrunis.lv",
        'url: "javascript:alert(1)"',
        'url: "javascript',
        "does not start with https://",
    ),
    (
        "url-userinfo",
        "url: https://www.uzticibastalrunis.lv",
        "url: https://www.uzticibastalrunis.lv@evil.example",
        "url: https://www.uzticibastalrunis.lv@",
        "user name or password",
    ),
    (
        "url-ip-host",
        "url: https://www.uzticibastalrunis.lv",
        "url: https://192.0.2.1/x",
        "url: https://192",
        "not a domain name",
    ),
    (
        "source-backslash",
        "source: https://bac.gov.lv/en/children-helpline",
        "source: https://bac.gov.lv\\@evil.example/",
        "source: https://bac.gov.lv\\",
        "it contains '\\\\'",
    ),
    (
        "email-angle-brackets",
        "url: https://www.uzticibastalrunis.lv",
        "url: https://www.uzticibastalrunis.lv\n    email: 'a@b.lv><script>'",
        "email: 'a@b",
        "invalid e-mail",
    ),
    ("unknown-key", "strip: true", "strip: true\n    colour: red", "colour: red", "unknown key"),
    (
        "unknown-channel",
        "channels: [phone]",
        "channels: [phone, pigeon]",
        "channels: [phone, p",
        "pigeon",
    ),
    (
        "norway-language",
        "languages: [lv, ru, en]",
        "languages: [lv, no]",
        "languages: [lv, no]",
        "'no' is true or false",
    ),
    ("python-tag", "strip: true", "strip: !!python/name:os.system ''", "strip: !!py", "tag"),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "problem"),
    [case[1:] for case in HELPLINE_CASES],
    ids=[case[0] for case in HELPLINE_CASES],
)
def test_hostile_helplines_entry(
    tmp_path: Path, old: str, new: str, blamed: str, problem: str
) -> None:
    text = edited(HELPLINES, old, new)
    path = tmp_path / "helplines.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), problem, line_of(text, blamed))


def test_duplicate_key_names_both_lines(tmp_path: Path) -> None:
    """The issue's case: childline with tel and display twice; YAML kept the last ones."""
    text = edited(HELPLINES, "    url: https://www.uzticibastalrunis.lv\n", '    tel: "116123"\n')
    path = tmp_path / "helplines.yml"
    path.write_text(text, encoding="utf-8")
    first, second = line_of(text, 'tel: "116111"'), line_of(text, 'tel: "116123"')
    assert second == first + 2
    problem = f"duplicate key 'tel' (lines {first} and {second})"
    expect_error(path, load_helplines(path), problem, second)


def test_aliases_and_merge_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "helplines.yml"
    text = edited(HELPLINES, "    strip: true\n", "    <<: {strip: true}\n")
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "merge keys", line_of(text, "<<:"))
    text = edited(
        edited(HELPLINES, "strip: true", "strip: &flag true"), "strip: true", "strip: *flag"
    )
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "an anchor (&name)", line_of(text, "&flag"))
    text = edited(HELPLINES, "en: Emergency", "en: &Co Emergency")  # would read as "Emergency"
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "an anchor (&name)", line_of(text, "&Co"))


def test_unused_or_bad_http_sources(tmp_path: Path) -> None:
    path = tmp_path / "helplines.yml"
    text = edited(HELPLINES, "  marta.lv:", '  example.lv: "no https"\n  marta.lv:')
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "no source is an http://", line_of(text, "example"))
    text = edited(HELPLINES, "  marta.lv:", "  'https://marta.lv':")
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "not a host name", line_of(text, "'https://marta"))


def test_the_reviewed_http_source_is_needed(tmp_path: Path) -> None:
    """Without marta.lv in http_sources, its http:// source is refused."""
    path = tmp_path / "helplines.yml"
    text = re.sub(r"http_sources:\n  marta\.lv: [^\n]*\n", "", HELPLINES)
    assert text != HELPLINES
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "it is http://", line_of(text, "source: http://"))


def test_unknown_top_level_key(tmp_path: Path) -> None:
    path = tmp_path / "helplines.yml"
    text = HELPLINES + "\nhelpline_extra: 1\n"
    path.write_text(text, encoding="utf-8")
    expect_error(path, load_helplines(path), "unknown top-level key", line_of(text, "helpline_e"))


UI_CASES = [
    ("number", "en: Exit this page", "en: 112", "en: 112", "the number 112, not text"),
    ("list", "en: Exit this page", "en: [Exit, page]", "en: [Exit", "is a list"),
    ("bool", "en: Exit this page", "en: false", "en: false", "yes/no value false"),
    ("mapping", "en: Exit this page", "en: {a: b}", "en: {a", "is a mapping"),
    ("ambiguous", "en: Exit this page", "en: off", "en: off", "'off' is true or false"),
    (
        "duplicate-key",
        "  en: Exit this page\n",
        "  en: Exit this page\n  lv: Iziet\n",
        "lv: Iziet",
        "duplicate key 'lv'",
    ),
    ("bad-key", "quick_exit:\n", "Quick Exit:\n", "Quick Exit:", "invalid string key"),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "problem"),
    [case[1:] for case in UI_CASES],
    ids=[case[0] for case in UI_CASES],
)
def test_hostile_ui_strings(tmp_path: Path, old: str, new: str, blamed: str, problem: str) -> None:
    text = edited(UI, old, new)
    path = tmp_path / "ui.yml"
    path.write_text(text, encoding="utf-8")
    expect_error(path, lambda: data.load_ui(path, LANGS), problem, line_of(text, blamed))


LESSON_CASES = [
    (
        "duplicate-key",
        "    en: Ages 13–15\n",
        "    en: Ages 13–15\n    en: Teens\n",
        "en: Teens",
        "duplicate key 'en'",
    ),
    ("number-label", "en: Ages 13–15", "en: 13", "en: 13", "the number 13"),
    ("string-flag", "    handout: true", '    handout: "true"', 'handout: "true"', "true or false"),
    ("bool-max", "max_duration: 240", "max_duration: true", "max_duration: true", "max_duration"),
    (
        "unknown-key",
        "max_duration: 240",
        "max_duration: 240\nmax_pupils: 30",
        "max_pupils",
        "unknown",
    ),
    ("sexagesimal", "max_duration: 240", "max_duration: 4:00", "max_duration: 4:00", "base 60"),
]


@pytest.mark.parametrize(
    ("old", "new", "blamed", "problem"),
    [case[1:] for case in LESSON_CASES],
    ids=[case[0] for case in LESSON_CASES],
)
def test_hostile_lessons_catalogue(
    tmp_path: Path, old: str, new: str, blamed: str, problem: str
) -> None:
    text = edited(LESSONS, old, new)
    path = tmp_path / "lessons.yml"
    path.write_text(text, encoding="utf-8")
    load = lambda: lessons.load_catalog(path, LANGS)  # noqa: E731
    expect_error(path, load, problem, line_of(text, blamed))


def test_front_matter_duplicate_key_in_a_lesson_and_in_coverage(tmp_path: Path) -> None:
    catalog = lessons.load_catalog(ROOT / "data/lessons.yml", LANGS)
    page = tmp_path / "lesson.md"
    page.write_text(
        "---\ntitle: A\nlesson:\n  age_band: parents\n  duration: 30\n  duration: 300\n"
        "  topics: [grooming]\n---\n# A\n",
        encoding="utf-8",
    )
    load = lambda: lessons.read_lesson(page, catalog)  # noqa: E731
    expect_error(page, load, "duplicate key 'duration' (lines 5 and 6)", 6)
    load = lambda: coverage.read_doc(page, str(page))  # noqa: E731
    expect_error(page, load, "duplicate key 'duration'", 6)


def test_loader_reads_plain_values_and_dates_as_text() -> None:
    value, _ = yamlio.parse(
        "a: true\nb: 40\nc: 1.5\nd: ~\ne: 2026-03-25\nf: '24:00'\ng: 0800500335\nh: 09:30\n"
    )
    assert value == {
        "a": True,
        "b": 40,
        "c": 1.5,
        "d": None,
        "e": "2026-03-25",
        "f": "24:00",
        "g": "0800500335",
        "h": "09:30",
    }


@pytest.mark.parametrize(
    "text", ["a: 0777", "a: 0x1F", "a: 1_000", "a: 1e3", "a: .inf", "a: ON", "a: 1:30:00"]
)
def test_loader_refuses_values_yaml_readers_disagree_on(text: str) -> None:
    with pytest.raises(yamlio.StrictError) as err:
        yamlio.parse(text)
    assert "quote" in err.value.fix


# --------------------------------------------------------------------------- mkdocs build


def copy_site(root: Path) -> Path:
    for name in ("docs", "data", "overrides", "hooks"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


NO_DOWNLOADS = {"LESSON_DOWNLOADS": "false"}


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('display: "116111"\n', 'display: "116111"\n    tel: "116123"\n', "duplicate key 'tel'"),
        ("channels: [phone, chat, app]", "channels: [phone, {chat: web}]", "item 2 is a mapping"),
    ],
    ids=["duplicate-key", "mapping-in-channels"],
)
def test_strict_build_fails_with_the_message(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    root = copy_site(tmp_path / "site")
    text = edited(HELPLINES, old, new)
    (root / "data/helplines.yml").write_text(text, encoding="utf-8")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "out", env=NO_DOWNLOADS)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert re.search(rf"data/helplines\.yml:\d+: .*{re.escape(message)}.*Fix: ", output), output
    assert "Traceback" not in output, output


def test_strict_build_passes_however_old_the_verified_dates(tmp_path: Path) -> None:
    """The calendar moving on never fails a build: entries verified long ago are listed on the
    editors' page, not warned about."""
    root = copy_site(tmp_path / "site")
    text = HELPLINES.replace("verified: 2026-03-25", "verified: 2001-02-03")
    assert text.count("verified: 2001-02-03") == HELPLINES.count("verified: 2026-03-25") > 1
    (root / "data/helplines.yml").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = mkdocs_build(root / "mkdocs.yml", out, env=NO_DOWNLOADS)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "helplines were last verified more than" in output
    status = (out / "translation-status/index.html").read_text(encoding="utf-8")
    section = status[status.index('id="helplines-due"') :]
    assert section.count("<td>2001-02-03</td>") == text.count("verified: 2001-02-03")
    assert "<code>childline</code>" in section and "<td>2002-02-04</td>" in section
