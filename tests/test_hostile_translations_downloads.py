"""Hostile or mistaken input, issue 12 items 4 and 6.

Item 4, translations add nothing unchecked: a phone number, e-mail address or external link in a
translation must be in its Latvian source, in data/helplines.yml or in the reviewed allow-list
(sitekit/parity_extra.py); otherwise the coverage check warns, naming file, line, item and fix.

Item 6, downloads read only the site: the lesson PDFs and DOCX load nothing but files inside
docs/ and the site folder (sitekit/sandbox.py); anything else is a build error naming the page
and the line.
"""

from __future__ import annotations

import io
import logging
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, mkdocs_build
from coverage_site import edit, make_site, settings, stamp_all, write
from lesson_fixtures import make_site as lesson_site

from sitekit import coverage, sandbox, siteconfig
from sitekit import kits as downloads
from sitekit.errors import SiteDataError

# --------------------------------------------------------------------------- item 4


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The coverage fixture site, all current, with the real helplines data."""
    root = make_site(tmp_path / "site")
    shutil.copyfile(ROOT / "data/helplines.yml", root / "data/helplines.yml")
    assert coverage.check(settings(root)).problems == []
    return root


def add_line(root: Path, lang: str, line: str, page: str = "help.md") -> None:
    """Append a paragraph to a page and re-stamp, so only the added item can be wrong."""
    path = root / "docs" / lang / page
    write(path, path.read_text("utf-8") + f"\n{line}\n")
    stamp_all(root)


def problems(root: Path, path: str | None = None) -> list[coverage.Problem]:
    """The problems of the coverage check (about ``path`` only, if given)."""
    found = coverage.check(settings(root)).problems
    return [p for p in found if path is None or p.path == path]


def allow(root: Path, entries: dict) -> Path:
    path = root / "data/translation_allowlist.yml"
    write(path, yaml.safe_dump(entries, allow_unicode=True))
    return path


@pytest.mark.parametrize(
    ("lang", "line", "label"),
    [
        ("ru", "Или звони [+371 2000 0000](tel:+37120000000).", "phone number"),
        ("ru", "Или звони 2000 0000.", "phone number 2000 0000"),
        ("uk", "Пиши на help@evil.example.", "e-mail address help@evil.example"),
        ("en", "See [the forum](https://evil.example/forum).", "web address"),
        ("en", "Text us: sms:+37120000000", "phone number +37120000000"),
        # Links the safety-parity scan does not look for: other schemes, scheme-relative.
        ("ru", "Пиши боту tg://resolve?domain=rabota_bot", "web address tg://resolve?domain"),
        ("en", "See [the forum](//evil.example/forum).", "web address //evil.example/forum"),
        ("uk", '<a href="HTTPS://Evil.example/">тут</a>', "web address HTTPS://Evil.example/"),
        # A character reference is a digit in the browser: "&#50;" is "2".
        ("ru", "Звони &#50;000 0000.", "phone number 2000 0000"),
        # Markup between the digits: the reader still sees one number.
        ("ru", "Звони 2000<b>0000</b>.", "phone number 20000000"),
        ("uk", "Дзвони 2999**0000**.", "phone number 29990000"),
    ],
)
def test_an_added_item_is_a_warning_naming_file_line_and_fix(
    site: Path, lang: str, line: str, label: str
) -> None:
    add_line(site, lang, line)
    (problem,) = problems(site)
    assert problem.level == coverage.WARNING
    assert problem.path == f"docs/{lang}/help.md"
    assert problem.line == 14  # the appended line (the stamp is in the front matter)
    assert problem.message.startswith(label)
    assert "not in docs/lv/help.md nor in data/helplines.yml" in problem.message
    assert "data/translation_allowlist.yml under" in problem.fix
    assert f"{lang} › help.md" in problem.fix
    assert coverage.check(settings(site)).exit_code == 1


def test_an_item_the_source_has_too_passes(site: Path) -> None:
    add_line(site, "lv", "Vai zvani [20000000](tel:+37120000000), raksti help@example.org.")
    add_line(site, "lv", "Vai 2999<b>0000</b>, tg://resolve?domain=vp_lv")
    add_line(site, "ru", "Или звони +371 2000 0000, пиши Help@Example.org.")
    add_line(site, "ru", "Или 2999<b>0000</b>, tg://resolve?domain=vp_lv")
    assert problems(site, "docs/ru/help.md") == []
    assert problems(site, "docs/uk/help.md")  # uk lacks them: the parity check says so


def test_links_compare_without_scheme_case_trailing_slash_or_anchor(site: Path) -> None:
    add_line(site, "lv", "Skaties https://example.net/Forum.")
    add_line(site, "en", "See <http://EXAMPLE.net/Forum/#top> and https://example.net/Forum/.")
    assert problems(site, "docs/en/help.md") == []
    add_line(site, "en", "And https://example.net/forum (another path: case matters).")
    (problem,) = problems(site, "docs/en/help.md")
    assert "web address https://example.net/forum" in problem.message


def test_items_of_helplines_yml_pass(site: Path) -> None:
    # tel, display, url, email and source of entries the page does not mention.
    add_line(
        site,
        "uk",
        "Також +380 44 284 19 15, 0 800 500 335, https://www.cietusajiem.lv/ і "
        "https://patverums-dm.lv/lv/tiekas-cilveku-tirdzniecibas-noversana-stradajosie/1542",
    )
    assert problems(site) == []


def test_links_to_the_site_itself_are_internal(site: Path) -> None:
    add_line(site, "en", "Read [this](https://example.org/en/about/) or https://www.example.org/.")
    assert problems(site) == []


def test_years_and_section_numbers_are_not_items(site: Path) -> None:
    add_line(site, "ru", "В 2025 году, по статье 154.¹ и § 12, 3.2 пункт, 50 000 человек, 8,7 %.")
    assert problems(site) == []


def test_an_allow_listed_item_passes_and_an_unneeded_entry_warns(site: Path) -> None:
    add_line(site, "uk", "Пиши на help@evil.example.")
    allow(site, {"uk": {"help.md": [{"item": "help@evil.example", "reason": "checked"}]}})
    assert problems(site) == []
    # The same item in another language or page is not allowed by that entry.
    add_line(site, "ru", "Пиши на help@evil.example.")
    (problem,) = problems(site)
    assert problem.path == "docs/ru/help.md"
    # An entry no translation needs any more is a warning naming its line.
    allow(
        site,
        {
            "ru": {"help.md": [{"item": "help@evil.example", "reason": "checked"}]},
            "uk": {
                "help.md": [
                    {"item": "help@evil.example", "reason": "checked"},
                    {"item": "+380 44 000 0000", "reason": "gone"},
                ]
            },
        },
    )
    (problem,) = problems(site)
    assert (problem.path, problem.line) == ("data/translation_allowlist.yml", 9)
    assert "uk › help.md: +380 44 000 0000 is allow-listed but" in problem.message
    assert problem.fix == "delete the entry"


def test_an_allow_list_in_the_front_matter_does_not_count(site: Path) -> None:
    edit(
        site / "docs/ru/help.md",
        "title: Помощь\n",
        'title: Помощь\nallow_extra:\n  - item: "+37120000000"\n    reason: "my number"\n',
    )
    add_line(site, "ru", "Звони +371 2000 0000.")
    # One warning per item, at its first place: the front-matter line that names it.
    (problem,) = problems(site)
    assert (problem.path, problem.line) == ("docs/ru/help.md", 4)
    assert problem.message.startswith("phone number +37120000000 is in this translation")


@pytest.mark.parametrize(
    ("entries", "line", "message"),
    [
        ([], 1, "is not a mapping of languages"),
        ({"xx": {}}, 1, "'xx' is not a translation language"),
        ({"ru": {"nope.md": [{"item": "a@b.lv", "reason": "r"}]}}, 2, "no such page"),
        ({"ru": {"help.md": [{"item": "a@b.lv"}]}}, 3, "exactly 'item' and 'reason'"),
        ({"ru": {"help.md": [{"item": "a@b.lv", "reason": " "}]}}, 3, "has no reason"),
        ({"ru": {"help.md": [{"item": "2025", "reason": "r"}]}}, 3, "is not one phone number"),
        ({"ru": {"help.md": [{"item": "a@b.lv c@d.lv", "reason": "r"}]}}, 3, "is not one"),
        (
            {
                "ru": {
                    "help.md": [
                        {"item": "a@b.lv", "reason": "r"},
                        {"item": "A@b.lv", "reason": "r"},
                    ]
                }
            },
            5,
            "listed twice",
        ),
    ],
)
def test_a_bad_allow_list_is_an_error_naming_the_line(
    site: Path, entries: object, line: int, message: str
) -> None:
    allow(site, entries)
    report = coverage.check(settings(site))
    (problem,) = report.problems
    assert (problem.level, problem.path, problem.line) == (
        "error",
        "data/translation_allowlist.yml",
        line,
    )
    assert message in problem.message
    assert report.exit_code == 2


def test_the_real_site_adds_nothing_unchecked() -> None:
    site_config = siteconfig.load(ROOT / "mkdocs.yml")
    report = coverage.check(coverage.Settings.from_site(site_config), use_git=False)
    assert [str(p) for p in report.problems] == []


def test_an_added_number_fails_the_strict_build(tmp_path: Path, caplog, monkeypatch) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    root = make_site(tmp_path / "src", theme=True)
    add_line(root, "en", "Or call +371 2000 0000.")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    config["strict"] = True
    with caplog.at_level(logging.WARNING), pytest.raises(Abort):
        build(config)
    warnings = [
        r.getMessage()
        for r in caplog.records
        if r.name == "mkdocs.plugins.translation_coverage" and r.levelno == logging.WARNING
    ]
    # The fixture reads the project's data folder, named by its absolute path.
    data = ROOT / "data"
    assert warnings == [
        "docs/en/help.md:14: phone number +371 2000 0000 is in this translation but not in "
        f"docs/lv/help.md nor in {data}/helplines.yml: a Latvian editor never sees it. Fix: "
        "remove it, or add it to docs/lv/help.md first; if only this translation should have "
        f"it, list it in {data}/translation_allowlist.yml under en › help.md with the reason "
        "(never in the page's front matter)"
    ]


# --------------------------------------------------------------------------- item 6


SOURCE_MD = "---\ntitle: T\n---\n\n# T\n\n## Mērķi\n\n{line}\n"


@pytest.fixture
def tree(tmp_path: Path) -> dict[str, Path]:
    """docs/ with a page folder and an image, the site folder, and a secret outside both."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "lv/teachers").mkdir(parents=True)
    (site / "teachers/lesson-t").mkdir(parents=True)
    (docs / "assets").mkdir()
    (docs / "assets/ok.svg").write_text(SVG.format(inner=""), "utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", "utf-8")
    return {"root": tmp_path, "docs": docs, "site": site, "secret": secret}


SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{inner}</svg>'


def kit(tree: dict[str, Path], html: str, *, line: str = "") -> downloads.KitInput:
    """A lesson kit whose page content is ``html``, written in the Markdown as ``line``."""
    head = "<html lang='lv'><head><title>T</title></head>"
    body = f"<h1>T</h1><h2>Mērķi</h2><p>Teksts.</p>{html}"
    return downloads.KitInput(
        name="lesson-t-lv",
        page="docs/lv/teachers/lesson-t.md",
        lang="lv",
        title="T",
        description="D",
        author="A",
        keywords="k",
        plan_html=f"{head}<body>{body}</body></html>",
        handouts_html=f"{head}<body><p>x</p></body></html>",
        content_html=body,
        stylesheet="@page { size: A4 } html { font-family: 'DejaVu Sans' }",
        base_url=(tree["docs"] / "lv/teachers").as_uri() + "/",
        roots=(str(tree["docs"]), str(tree["site"])),
        source=SOURCE_MD.format(line=line or html),
    )


def refused(tree: dict[str, Path], html: str, *, line: str = "") -> SiteDataError:
    cache = downloads.DownloadCache(tree["root"] / "cache")
    with pytest.raises(SiteDataError) as caught:
        downloads.make_kit(kit(tree, html, line=line), cache)
    assert caught.value.path == "docs/lv/teachers/lesson-t.md"
    assert not list((tree["root"] / "cache").glob("*")), "nothing was made"
    return caught.value


def test_an_attachment_link_is_refused_with_page_and_line(tree: dict[str, Path]) -> None:
    error = refused(
        tree,
        '<p><a href="file:///proc/self/environ" rel="attachment">env</a></p>',
        line='[env](file:///proc/self/environ){: rel="attachment" }',
    )
    assert error.line == 9
    assert 'rel="attachment" on <a> would embed file:///proc/self/environ' in error.problem
    assert 'remove rel="attachment"' in error.fix
    # Even for a file inside docs/: an attachment is never embedded.
    assert (
        "would embed"
        in refused(tree, '<a href="../../assets/ok.svg" rel="Attachment">a</a>').problem
    )


def test_an_image_outside_the_site_is_refused(tree: dict[str, Path]) -> None:
    error = refused(tree, '<p><img src="file:///etc/passwd" alt=""></p>')
    assert error.line == 9
    assert "would read /etc/passwd, which is outside the folders they may read" in error.problem
    assert "docs/" in error.fix


def test_an_image_climbing_out_of_docs_is_refused(tree: dict[str, Path]) -> None:
    error = refused(tree, '<img src="../../../secret.txt" alt="">')
    assert f"would read {tree['secret']}, which is outside" in error.problem
    assert error.line == 9


def test_a_network_image_is_refused(tree: dict[str, Path]) -> None:
    error = refused(tree, '<img src="http://example.org/x.png" alt="">')
    assert "would fetch http://example.org/x.png from the network" in error.problem
    # In CSS and srcset too.
    assert refused(tree, '<p style="background: url(https://example.org/b.png)">x</p>').line == 9
    assert "network" in refused(tree, '<img srcset="a.png 1x, https://x.example/b.png 2x">').problem
    assert "network" in refused(tree, "<style>@import 'https://x.example/a.css';</style>").problem


def test_a_symlink_in_docs_pointing_outside_is_refused(tree: dict[str, Path]) -> None:
    (tree["docs"] / "assets/photo.svg").symlink_to(tree["secret"])
    error = refused(tree, '<img src="../../assets/photo.svg" alt="">')
    assert "a symbolic link to" in error.problem and str(tree["secret"]) in error.problem
    assert error.fix == "replace the symbolic link by a copy of the file"
    assert error.line == 9


def test_the_build_refuses_a_symlink_in_docs_pointing_outside(tree: dict[str, Path]) -> None:
    """The hook's base URL is the site folder, where MkDocs copies what a link points at: so
    such a link is refused before any page is built (hooks/lesson_downloads.py on_config)."""
    docs = tree["docs"]
    (docs / "assets/inside.svg").symlink_to(docs / "assets/ok.svg")
    (docs / "lv/shared").symlink_to(docs / "assets", target_is_directory=True)
    sandbox.check_no_escaping_links(docs)  # links that stay inside docs/ are fine
    (docs / "assets/photo.svg").symlink_to(tree["secret"])
    with pytest.raises(SiteDataError) as caught:
        sandbox.check_no_escaping_links(docs)
    assert caught.value.path == "docs/assets/photo.svg"
    assert f"a symbolic link to {tree['secret']}, outside docs/" in caught.value.problem
    (docs / "assets/photo.svg").unlink()
    (docs / "lv/etc").symlink_to("/etc", target_is_directory=True)
    with pytest.raises(SiteDataError, match="a symbolic link to /etc, outside docs/"):
        sandbox.check_no_escaping_links(docs)


def test_a_base_element_is_refused(tree: dict[str, Path]) -> None:
    assert "<base>" in refused(tree, '<base href="file:///etc/"><img src="passwd">').problem


def test_what_the_document_itself_loads_is_refused_too(tree: dict[str, Path]) -> None:
    """An SVG inside docs/ that loads a file outside: only WeasyPrint's fetcher sees that."""
    inner = '<image href="file:///etc/passwd" width="5" height="5"/>'
    (tree["docs"] / "assets/trap.svg").write_text(SVG.format(inner=inner), "utf-8")
    error = refused(tree, '<img src="../../assets/trap.svg" alt="">')
    assert "would read /etc/passwd, which is outside" in error.problem


def test_local_and_data_images_and_outside_links_are_fine(tree: dict[str, Path]) -> None:
    (tree["site"] / "teachers/pic.svg").write_text(SVG.format(inner=""), "utf-8")
    data_url = "data:image/svg+xml;utf8," + SVG.format(inner="").replace('"', "'")
    html = (
        '<p><img src="../../assets/ok.svg" alt=""> '
        f'<img src="{(tree["site"] / "teachers/pic.svg").as_uri()}" alt=""> '
        f'<img src="{data_url}" alt=""> '
        '<a href="https://www.uzticibastalrunis.lv">link</a></p>'
    )
    made = downloads.make_kit(kit(tree, html), downloads.DownloadCache(tree["root"] / "cache"))
    assert [d.generated for d in made] == [True] * 4


def test_the_docx_reads_no_file(tree: dict[str, Path]) -> None:
    """python-docx is given text and link targets only: images are left out, links stay links."""
    data = downloads.html_to_docx(
        f'<p><img src="{tree["secret"].as_uri()}" alt="">'
        f'<a href="{tree["secret"].as_uri()}">x</a></p>',
        title="T",
        lang="lv",
    )
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        names = package.namelist()
        content = b"".join(package.read(name) for name in names)
    assert b"TOP-SECRET-VALUE" not in content
    assert not [name for name in names if name.startswith("word/media/")]


def test_render_pdf_without_a_sandbox_reads_no_file(tree: dict[str, Path]) -> None:
    html = f"<html lang='lv'><body><img src='{tree['secret'].as_uri()}'></body></html>"
    with pytest.raises(downloads.OfflineError, match="refused to fetch file://"):
        downloads.render_pdf(html, "", tree["root"].as_uri() + "/")


def test_an_attachment_in_a_lesson_fails_the_build(tmp_path: Path) -> None:
    config = lesson_site(tmp_path, downloads=True)
    page = tmp_path / "docs/lv/teachers/lesson-a.md"
    text = page.read_text("utf-8")
    page.write_text(
        text.replace(
            "- objectives: teksts.\n",
            "- objectives: teksts.\n\n[vide](file:///proc/self/environ){: rel=attachment }\n",
        ),
        "utf-8",
    )
    line = (
        page.read_text("utf-8")
        .splitlines()
        .index("[vide](file:///proc/self/environ){: rel=attachment }")
        + 1
    )
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert (
        f'docs/lv/teachers/lesson-a.md:{line}: rel="attachment" on <a> would embed '
        "file:///proc/self/environ in the PDF download" in result.stderr
    ), result.stderr
    assert not list((tmp_path / "site").rglob("*.pdf"))
