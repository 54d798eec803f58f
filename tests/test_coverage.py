"""sitekit.coverage and the sitekit command on small fixture trees: one test per state, stamp
behaviour, safety parity, interface text, policy and each kind of bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from coverage_site import SOURCE, edit, git, make_site, settings, stamp_all, write

from sitekit import cli, coverage
from sitekit.errors import SiteDataError


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Every translation present and stamped: 100% current."""
    return make_site(tmp_path / "site")


def states(report: coverage.Report) -> dict[str, str]:
    return {t.file: t.state for page in report.pages for t in page.translations.values()}


def texts(report: coverage.Report, level: str | None = None) -> list[str]:
    return [str(p) for p in report.problems if level is None or p.level == level]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --------------------------------------------------------------------------- the stamp hash


def test_hash_is_12_hex_digits_of_the_normalised_text() -> None:
    import hashlib

    text = "# Virsraksts\n\nTeksts  ar\tatstarpēm.\n"
    expected = hashlib.sha256(b"# Virsraksts Teksts ar atstarp\xc4\x93m.").hexdigest()[:12]
    assert coverage.source_hash(text) == expected
    assert coverage.normalise(text) == "# Virsraksts Teksts ar atstarpēm."


@pytest.mark.parametrize(
    "variant",
    [
        "# Virsraksts\r\n\r\nTeksts ar atstarpēm.\r\n",  # Windows line endings
        "# Virsraksts   \n\n\n\nTeksts ar atstarpēm.   \n",  # trailing spaces, blank lines
        "  # Virsraksts\n\nTeksts\nar\natstarpēm.",  # indentation, re-wrapped paragraph
        "# Virsraksts\n\nTeksts\u00a0ar\tatstarpēm.\n",  # no-break space, tab
        "\ufeff# Virsraksts\n\nTeksts ar atstarpēm.\n",  # byte-order mark
        "# Virsraksts\n\nTeksts ar atstarpe\u0304m.\n",  # ē typed as e + combining macron
    ],
)
def test_whitespace_only_variants_hash_alike(variant: str) -> None:
    assert coverage.source_hash(variant) == coverage.source_hash(
        "# Virsraksts\n\nTeksts ar atstarpēm.\n"
    )


@pytest.mark.parametrize(
    "change", ["# Virsraksts\n\nTeksts ar atstarpem.\n", "# Virsraksts\n\nTekstsar atstarpēm.\n"]
)
def test_any_other_change_changes_the_hash(change: str) -> None:
    assert coverage.source_hash(change) != coverage.source_hash(
        "# Virsraksts\n\nTeksts ar atstarpēm.\n"
    )


# --------------------------------------------------------------------------- states


def test_fully_stamped_site_is_current_everywhere(site: Path) -> None:
    report = coverage.check(settings(site))
    assert set(states(report).values()) == {coverage.CURRENT}
    assert report.problems == []
    assert report.exit_code == 0
    for lang in ("ru", "uk", "en"):
        assert report.summary()[lang] == {
            "current": 3,
            "outdated": 0,
            "missing": 0,
            "orphan": 0,
            "total": 3,
            "percent": 100.0,
            "minimum": 100.0,
        }


def test_each_state_is_classified_exactly(site: Path) -> None:
    edit(site / "docs/lv/about.md", "12 cilvēki", "14 cilvēki")  # ru/uk/en about: outdated
    (site / "docs/uk/index.md").unlink()  # missing
    write(site / "docs/en/old-page.md", "# Old\n")  # orphan
    write(site / "docs/ru/img/map.png", b"\x89PNG")  # orphan that is not a page
    edit(site / "docs/en/index.md", "source_hash:", "title_note: x\nsource_hash_removed:")
    report = coverage.check(settings(site))
    assert states(report) == {
        "docs/ru/about.md": "outdated",
        "docs/uk/about.md": "outdated",
        "docs/en/about.md": "outdated",
        "docs/ru/help.md": "current",
        "docs/uk/help.md": "current",
        "docs/en/help.md": "current",
        "docs/ru/index.md": "current",
        "docs/uk/index.md": "missing",
        "docs/en/index.md": "outdated",
    }
    assert report.translation("en", "about.md").reason == "changed"
    assert report.translation("en", "index.md").reason == "unstamped"
    assert report.orphans == {"ru": ["docs/ru/img/map.png"], "en": ["docs/en/old-page.md"]}
    summary = report.summary()
    assert (summary["ru"]["current"], summary["ru"]["outdated"], summary["ru"]["orphan"]) == (
        2,
        1,
        1,
    )
    assert summary["uk"]["missing"] == 1 and summary["uk"]["percent"] == 33.3
    assert summary["en"]["percent"] == 33.3
    assert report.exit_code == 1
    assert (
        "docs/en/old-page.md: orphan: there is no source docs/lv/old-page.md. Fix: rename it to "
        "the path of the page it translates, or delete it"
    ) in texts(report, "warning")


def test_whitespace_only_change_in_source_keeps_translations_current(site: Path) -> None:
    page = site / "docs/lv/help.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("\n", "  \r\n").replace(" vai ", "\nvai   "), encoding="utf-8")
    report = coverage.check(settings(site))
    assert set(states(report).values()) == {"current"}
    assert report.exit_code == 0


def test_front_matter_change_in_source_makes_translations_outdated(site: Path) -> None:
    edit(site / "docs/lv/help.md", "Kur saņemt palīdzību.", "Kur saņemt palīdzību tūlīt.")
    report = coverage.check(settings(site))
    assert {report.translation(lang, "help.md").state for lang in ("ru", "uk", "en")} == {
        "outdated"
    }


# --------------------------------------------------------------------------- stamping


def test_stamp_adds_only_the_stamp_line(site: Path) -> None:
    page = site / "docs/ru/about.md"
    original = "---\r\ntitle: О сайте\r\nhide:\r\n  - toc\r\n---\r\n\r\n# О сайте  \r\n"
    page.write_bytes(original.encode("utf-8"))
    conf = settings(site)
    plans, problems = coverage.plan_stamps(conf, [page])
    assert problems == []
    coverage.write_stamps(plans)
    digest = coverage.source_hash(SOURCE["about.md"])
    expected = original.replace("  - toc\r\n", f'  - toc\r\nsource_hash: "{digest}"\r\n')
    assert page.read_bytes() == expected.encode("utf-8")


def test_restamp_rewrites_only_that_line(site: Path) -> None:
    page = site / "docs/ru/help.md"
    before = page.read_bytes()
    old = coverage.source_hash(SOURCE["help.md"])
    edit(site / "docs/lv/help.md", "# Palīdzība", "# Palīdzība tūlīt")
    assert cli.main(["stamp", "--config", str(site / "mkdocs.yml"), str(page)]) == 0
    new = coverage.source_hash((site / "docs/lv/help.md").read_text(encoding="utf-8"))
    assert new != old
    assert page.read_bytes() == before.replace(old.encode(), new.encode())


def test_stamp_without_front_matter_adds_a_block_and_keeps_the_rest(site: Path) -> None:
    page = site / "docs/en/about.md"
    body = "\ufeff# About\n\nIn 2024, 12 people made it.\n"
    page.write_text(body, encoding="utf-8")
    conf = settings(site)
    coverage.write_stamps(coverage.plan_stamps(conf, [page])[0])
    digest = coverage.source_hash(SOURCE["about.md"])
    assert page.read_text(encoding="utf-8") == (
        f'\ufeff---\nsource_hash: "{digest}"\n---\n# About\n\nIn 2024, 12 people made it.\n'
    )
    assert coverage.check(conf).translation("en", "about.md").state == "current"


def test_stamp_refuses_bad_targets_and_writes_nothing(site: Path, capsys) -> None:
    write(site / "docs/ru/orphan.md", "# Orphan\n")
    write(site / "docs/uk/about.md", "---\ntitle: [unclosed\n---\n# Про сайт\n")
    before = snapshot(site)
    args = ["stamp", "--config", str(site / "mkdocs.yml")]
    pages = ["docs/ru/help.md", "docs/lv/help.md", "docs/ru/orphan.md", "docs/uk/about.md"]
    assert cli.main([*args, *(str(site / p) for p in pages)]) == 2
    err = capsys.readouterr().err
    assert "docs/lv/help.md: not a translation" in err
    assert "docs/ru/orphan.md: orphan: there is no source docs/lv/orphan.md" in err
    assert "docs/uk/about.md:2: malformed front matter" in err
    assert "nothing was stamped" in err
    assert snapshot(site) == before


def test_stamp_lang_stamps_that_language_only_and_all_stamps_every_one(site: Path) -> None:
    edit(site / "docs/lv/about.md", "12 cilvēki", "14 cilvēki")
    config = ["--config", str(site / "mkdocs.yml")]
    assert cli.main(["stamp", *config, "--lang", "uk"]) == 0
    report = coverage.check(settings(site))
    assert [t.file for _, t in report.not_current()] == ["docs/ru/about.md", "docs/en/about.md"]
    assert cli.main(["stamp", *config, "--all"]) == 0
    assert coverage.check(settings(site)).exit_code == 0


def test_stamp_needs_an_explicit_choice(site: Path, capsys) -> None:
    config = ["--config", str(site / "mkdocs.yml")]
    assert cli.main(["stamp", *config]) == 2
    assert "name the translations to stamp" in capsys.readouterr().err
    assert cli.main(["stamp", *config, "--lang", "lv"]) == 2
    assert "--lang lv is not a translation language" in capsys.readouterr().err


def test_check_writes_nothing(site: Path) -> None:
    write(site / "docs/ru/help.md", "---\ntitle: x\n---\n# Помощь\n")  # unstamped, parity fails
    write(site / "docs/en/about.md", b"# About \xff\n")
    before = snapshot(site)
    report = coverage.check(settings(site))
    assert report.exit_code == 2
    assert snapshot(site) == before


# --------------------------------------------------------------------------- safety parity


def test_dropped_phone_is_a_warning_whatever_the_stamp(site: Path) -> None:
    edit(site / "docs/ru/help.md", " или [+371 28612120](tel:+37128612120)", "")
    report = coverage.check(settings(site))
    assert report.translation("ru", "help.md").state == "current"
    assert [i.value for i in report.translation("ru", "help.md").parity] == ["+37128612120"]
    assert texts(report) == [
        "docs/ru/help.md: safety parity with docs/lv/help.md: missing or altered phone number "
        "+37128612120 (line 8). Fix: write each exactly as in docs/lv/help.md; a translation "
        "never drops or changes one"
    ]
    assert report.exit_code == 1


def test_altered_phone_names_what_the_translation_has_instead(site: Path) -> None:
    edit(site / "docs/en/help.md", "[116111](tel:116111)", "[116112](tel:116112)")
    problem, added = coverage.check(settings(site)).problems
    assert problem.path == "docs/en/help.md"
    assert "missing or altered phone number 116111 (line 8)" in problem.message
    assert "(the translation has phone number 116112, not in the source)" in problem.message
    # The new number is also an item the translation adds (sitekit.parity_extra).
    assert (added.path, added.line) == ("docs/en/help.md", 9)  # the stamp is line 4
    assert added.message.startswith("phone number 116112 is in this translation but not in")


@pytest.mark.parametrize(
    ("old", "new", "item"),
    [
        ("pasts@vp.gov.lv", "pasts@vp.gov.com", "e-mail address pasts@vp.gov.lv"),
        ("https://www.vp.gov.lv/lv/zinot", "https://www.vp.gov.lv/ru", "web address"),
        (
            "<!-- helplines: emergency childline -->",
            "<!-- helplines: emergency -->",
            "helpline childline",
        ),
        ("[112](tel:112)", "[911](tel:911)", "phone number 112"),
    ],
)
def test_each_kind_of_item_is_checked(site: Path, old: str, new: str, item: str) -> None:
    page = "help.md" if "112" not in old else "index.md"
    edit(site / "docs/uk" / page, old, new)
    problems = texts(coverage.check(settings(site)))
    assert f"docs/uk/{page}:" in problems[0] and item in problems[0]
    # A changed number, e-mail or URL is also one the translation adds (sitekit.parity_extra).
    added = problems[1:]
    if "helpline" in item:
        assert added == []
    else:
        assert len(added) == 1 and f"docs/uk/{page}:" in added[0]
        assert f"{new.split('(')[-1].strip(')').removeprefix('tel:')} is in this" in added[0]


def test_parity_accepts_other_spellings(site: Path) -> None:
    edit(site / "docs/ru/help.md", "[+371 28612120](tel:+37128612120)", "28 612 120")
    edit(site / "docs/ru/help.md", "[116111](tel:116111)", "116 111")
    edit(site / "docs/ru/help.md", "pasts@vp.gov.lv", "Pasts@VP.gov.lv")
    edit(
        site / "docs/ru/help.md",
        "https://www.vp.gov.lv/lv/zinot",
        "https://WWW.vp.gov.lv/lv/zinot/",
    )
    stamp_all(site)
    report = coverage.check(settings(site))
    assert report.problems == [] and report.exit_code == 0


def test_what_counts_as_a_safety_item() -> None:
    text = (
        "Zvani 112, 110 vai [116 006](tel:116006); +371 67 378 539; 0 800 500 335; 1547.\n"
        "Raksti: info@example.lv. Skaties https://example.lv/a/, (http://x.lv/b).\n"
        '2024. gadā 50 000 cilvēku, 8,7 tūkstoši, 1,12 %, <text fill="#222222">x</text>\n'
        "<!-- helplines: emergency marta -->\n"
    )
    items = coverage.Extractor(["1547"]).items(text)
    assert sorted(items) == [
        ("email", "info@example.lv"),
        ("helpline", "emergency"),
        ("helpline", "marta"),
        ("phone", "0800500335"),
        ("phone", "110"),
        ("phone", "112"),
        ("phone", "116006"),
        ("phone", "1547"),
        ("phone", "67378539"),
        ("url", "http://x.lv/b"),
        ("url", "https://example.lv/a"),
    ]
    assert items[("helpline", "marta")].line == 4
    assert items[("url", "http://x.lv/b")].line == 2
    assert "1547" not in {c for _, c in coverage.Extractor().items(text)}


# --------------------------------------------------------------------------- interface text


def test_navigation_title_without_translation_is_a_warning(tmp_path: Path) -> None:
    from coverage_site import NAV_TRANSLATIONS

    partial = {lang: dict(table) for lang, table in NAV_TRANSLATIONS.items()}
    del partial["uk"]["Palīdzība"]
    partial["en"]["Par"] = ""
    site = make_site(tmp_path / "site", nav_translations=partial)
    assert texts(coverage.check(settings(site))) == [
        "mkdocs.yml: navigation title 'Palīdzība' has no uk translation. Fix: add 'Palīdzība: "
        "…' under nav_translations of the uk language (plugins › i18n › languages)",
        "mkdocs.yml: navigation title 'Par' has no en translation. Fix: add 'Par: …' under "
        "nav_translations of the en language (plugins › i18n › languages)",
    ]


def test_interface_string_without_a_language_is_an_error(site: Path) -> None:
    write(site / "data/ui.yml", "quick_exit:\n  lv: Iziet\n  ru: Выйти\n  en: Exit\n")
    report = coverage.check(settings(site))
    assert texts(report) == [
        "data/ui.yml:1: string 'quick_exit' has no text for uk. Fix: add the uk text"
    ]
    assert report.exit_code == 2


# --------------------------------------------------------------------------- policy


def test_critical_page_missing_or_outdated_is_a_warning(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", policy={"critical": ["help.md"]})
    (site / "docs/ru/help.md").unlink()
    (site / "docs/ru/about.md").unlink()  # not critical, no minimum: no warning
    edit(site / "docs/en/help.md", "source_hash:", "old_hash:")
    edit(site / "docs/lv/help.md", "# Palīdzība", "# Palīdzība tūlīt")
    report = coverage.check(settings(site))
    assert texts(report) == [
        "docs/ru/help.md: critical page docs/lv/help.md has no ru translation. Fix: translate "
        "docs/lv/help.md into docs/ru/help.md, then run `sitekit stamp docs/ru/help.md`",
        f"docs/uk/help.md:4: translation of critical page docs/lv/help.md is outdated: stamped "
        f"{coverage.source_hash(SOURCE['help.md'])}, the source is now "
        f"{report.pages[1].hash}. Fix: bring it up to date, then run "
        "`sitekit stamp docs/uk/help.md`",
        "docs/en/help.md: translation of critical page docs/lv/help.md has no source_hash "
        "stamp, so it is not known to be current. Fix: check it against docs/lv/help.md, then "
        "run `sitekit stamp docs/en/help.md`",
    ]
    assert report.exit_code == 1


def test_critical_globs_and_a_glob_matching_nothing(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", policy={"critical": ["*elp.md", "platforms/*.md"]})
    report = coverage.check(settings(site))
    assert [p.path for p in report.pages if p.critical] == ["help.md"]
    assert texts(report) == [
        "mkdocs.yml: extra.translation_coverage.critical: 'platforms/*.md' matches no page in "
        "docs/lv/. Fix: correct the path (relative to the language folder) or remove it"
    ]


def test_language_below_its_minimum_is_a_warning_naming_the_files(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", policy={"minimum": {"ru": 60, "uk": 70}})
    (site / "docs/ru/about.md").unlink()  # ru 66.7% >= 60: fine
    (site / "docs/uk/about.md").unlink()  # uk 66.7% < 70
    assert texts(coverage.check(settings(site))) == [
        "docs/uk/: uk translation coverage is 66.7% (2 of 3 pages current), below the minimum "
        "of 70%; not current: docs/uk/about.md (missing). Fix: translate the missing pages and "
        "update the outdated ones, stamping each with `sitekit stamp <file>` "
        "(`sitekit coverage` lists them all)"
    ]


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"critical": "help.md"}, "critical must be a list of page paths"),
        ({"minimum": {"de": 100}}, "minimum names 'de', which is not a translation language"),
        ({"minimum": {"ru": 101}}, "minimum.ru is 101"),
        ({"critcal": ["help.md"]}, "unknown option critcal"),
        (["help.md"], "must be a mapping"),
    ],
)
def test_policy_mistakes_are_configuration_errors(tmp_path: Path, policy, message) -> None:
    site = make_site(tmp_path / "site", policy=policy, stamp=False)
    with pytest.raises(SiteDataError, match=message):
        settings(site)
    assert cli.main(["coverage", "--config", str(site / "mkdocs.yml")]) == 2


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "---\ntitle: [Помощь\nsource_hash: x\n---\n",
            "docs/ru/help.md:2: malformed front matter: did not find expected",
        ),
        (
            "---\ntitle: Помощь\n# Помощь\n",
            "docs/ru/help.md:1: malformed front matter: the opening",
        ),
        ("---\n- a\n- b\n---\n# Помощь\n", "docs/ru/help.md:2: malformed front matter: it is not"),
        (b"---\ntitle: x\n---\n# \xcf\xee\xec\xee\xf9\xfc\n", "docs/ru/help.md:4: not UTF-8"),
        (
            "---\nsource_hash: 12ab\n---\n# Помощь\n",
            "docs/ru/help.md:2: source_hash '12ab' is not 12 hex digits",
        ),
        (
            '---\nsource_hash: "0123456789ab"\nsource_hash: "0123456789ab"\n---\n',
            "docs/ru/help.md:3: duplicate key 'source_hash' (lines 2 and 3)",  # strict YAML
        ),
    ],
)
def test_bad_translation_file_is_an_error_naming_it(site: Path, content, message) -> None:
    write(site / "docs/ru/help.md", content)
    report = coverage.check(settings(site))
    errors = texts(report, "error")
    assert len(errors) == 1 and errors[0].startswith(message), errors
    assert report.translation("ru", "help.md").state == "outdated"
    assert report.exit_code == 2


def test_bad_source_file_is_an_error_naming_it(site: Path) -> None:
    write(site / "docs/lv/about.md", b"# Par \xe8o vietni\n")
    report = coverage.check(settings(site))
    assert texts(report, "error") == [
        "docs/lv/about.md:1: not UTF-8 (byte 0xe8 at offset 6 cannot be decoded). Fix: save "
        "the file as UTF-8"
    ]
    assert {report.translation(lang, "about.md").state for lang in ("ru", "uk", "en")} == {
        "outdated"
    }


def test_unknown_language_folder_is_an_error(site: Path) -> None:
    write(site / "docs/de/index.md", "# Start\n")
    write(site / "docs/assets/logo.svg", "<svg/>")
    report = coverage.check(settings(site))
    assert texts(report) == [
        "docs/de/: unknown language folder 'de': it is not one of the site's languages (lv, "
        "ru, uk, en), and the i18n plugin would treat it as a language. Fix: rename it (shared "
        "files belong in docs/assets/) or add the language to plugins › i18n › languages in "
        "mkdocs.yml"
    ]
    assert report.exit_code == 2


def test_outdated_stamp_without_git_is_outdated_not_an_error(site: Path) -> None:
    edit(site / "docs/ru/about.md", "source_hash: ", 'source_hash: "0123456789ab"\nold: ')
    report = coverage.check(settings(site))
    translation = report.translation("ru", "about.md")
    assert (translation.state, translation.reason, translation.since) == (
        "outdated",
        "changed",
        None,
    )
    assert report.exit_code == 1 and report.git == "absent"


# --------------------------------------------------------------------------- git history


@pytest.fixture
def repo(site: Path) -> Path:
    git(site, "init", "-q")
    git(site, "add", "-A")
    git(site, "commit", "-qm", "first")
    return site


def test_git_names_the_commit_of_the_stamp_and_the_diff_command(repo: Path) -> None:
    first = git(repo, "rev-parse", "HEAD")
    edit(repo / "docs/lv/help.md", "# Palīdzība", "# Palīdzība tūlīt")
    git(repo, "commit", "-qam", "second")
    edit(repo / "docs/lv/help.md", "tūlīt", "tagad")  # uncommitted third version
    report = coverage.check(settings(repo))
    translation = report.translation("ru", "help.md")
    assert translation.state == "outdated"
    assert translation.since == {
        "commit": first,
        "command": f"git diff --word-diff {first[:12]} -- docs/lv/help.md",
    }
    assert f"(what changed: `git diff --word-diff {first[:12]} -- docs/lv/help.md`)" in str(
        report.problems[0]
    )
    assert report.git == "available" and report.exit_code == 1


def test_stamp_matching_no_version_is_an_error(repo: Path) -> None:
    edit(repo / "docs/ru/about.md", "source_hash: ", 'source_hash: "0123456789ab"\nold: ')
    report = coverage.check(settings(repo))
    assert texts(report, "error") == [
        "docs/ru/about.md:3: source_hash 0123456789ab matches no version of docs/lv/about.md "
        "(neither the file now nor any of its 1 versions in git history). Fix: check the whole "
        "translation against docs/lv/about.md, then run `sitekit stamp docs/ru/about.md`"
    ]
    assert report.exit_code == 2


def test_shallow_clone_does_not_call_old_stamps_errors(repo: Path, tmp_path: Path) -> None:
    edit(repo / "docs/lv/about.md", "12 cilvēki", "14 cilvēki")
    git(repo, "commit", "-qam", "second")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    report = coverage.check(settings(clone))
    assert report.git == "shallow"
    assert report.translation("ru", "about.md").state == "outdated"
    assert texts(report, "error") == []


# --------------------------------------------------------------------------- the command


def test_coverage_command_exit_codes_and_output(site: Path, capsys) -> None:
    config = ["--config", str(site / "mkdocs.yml")]
    assert cli.main(["coverage", *config]) == 0
    out = capsys.readouterr().out
    assert "Translation coverage of 3 lv pages:" in out
    assert "  ru          3         0        0       0   100.0%     100%" in out
    assert "every translation is current (exit 0)" in out

    edit(site / "docs/lv/about.md", "12 cilvēki", "14 cilvēki")
    assert cli.main(["coverage", *config]) == 1
    out = capsys.readouterr().out
    assert (
        "  docs/ru/about.md: outdated, docs/lv/about.md changed; then "
        "`sitekit stamp docs/ru/about.md`" in out
    )
    assert "warning: docs/ru/: ru translation coverage is 66.7%" in out

    write(site / "docs/ru/help.md", b"\xff")
    assert cli.main(["coverage", *config, "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["exit_code"] == 2
    assert report["summary"]["ru"]["outdated"] == 2
    assert report["problems"][0]["file"] == "docs/ru/help.md"

    assert cli.main(["coverage", "--config", str(site / "nope.yml")]) == 2


def test_report_dict_is_json_and_complete(site: Path) -> None:
    (site / "docs/en/help.md").unlink()
    data = json.loads(json.dumps(coverage.check(settings(site)).as_dict()))
    assert data["source"] == "lv" and data["languages"] == ["ru", "uk", "en"]
    help_page = next(p for p in data["pages"] if p["path"] == "help.md")
    assert help_page["critical"] is True
    assert help_page["translations"]["en"]["state"] == "missing"
    assert help_page["translations"]["ru"]["stamp"] == help_page["hash"]
    assert data["summary"]["en"]["missing"] == 1


def test_page_urls() -> None:
    assert coverage.page_url("index.md") == ""
    assert coverage.page_url("help.md") == "help/"
    assert coverage.page_url("platforms/index.md") == "platforms/"
    assert coverage.page_url("platforms/tiktok.md", use_directory_urls=False) == (
        "platforms/tiktok.html"
    )


def test_missing_source_folder_is_a_configuration_error(site: Path) -> None:
    shutil.rmtree(site / "docs/lv")
    with pytest.raises(SiteDataError, match="the source-language folder does not exist"):
        coverage.check(settings(site))
