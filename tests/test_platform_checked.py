"""The platform guides say when their steps were last checked (``steps_checked``), as data."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from conftest import LANGS, ROOT

from sitekit import data, pagecontext, stepschecked
from sitekit.errors import SiteDataError

TODAY = dt.date(2026, 12, 4)
GUIDE = "platforms/instagram.md"
SOURCE = "---\ntitle: Instagram\nsteps_checked: {value}\n---\n\n# Instagram\n"


def _check(value: object, inner: str = GUIDE, *, present: bool = True) -> dt.date | None:
    meta = {"title": "Instagram", "steps_checked": value} if present else {"title": "x"}
    source = SOURCE.format(value=value) if present else "---\ntitle: x\n---\n"
    return stepschecked.check(
        meta, path=f"docs/lv/{inner}", inner_path=inner, source=source, today=TODAY
    )


def _ui() -> dict[str, dict[str, str]]:
    return data.load_ui(ROOT / "data" / "ui.yml", LANGS)


def test_a_date_as_yaml_reads_it_is_valid() -> None:
    assert _check(dt.date(2026, 12, 2)) == dt.date(2026, 12, 2)


def test_a_quoted_iso_date_is_valid() -> None:
    assert _check("2026-12-02") == dt.date(2026, 12, 2)


def test_today_and_one_day_ahead_are_accepted() -> None:
    assert _check(TODAY) == TODAY
    assert _check(TODAY + dt.timedelta(days=1)) == TODAY + dt.timedelta(days=1)


def test_missing_on_a_platform_guide_names_file_line_and_fix() -> None:
    with pytest.raises(SiteDataError) as err:
        _check(None, present=False)
    message = str(err.value)
    assert message.startswith("docs/lv/platforms/instagram.md: front matter has no steps_checked")
    assert "Fix: add a line to the front matter, steps_checked: YYYY-MM-DD" in message


def test_empty_value_counts_as_missing() -> None:
    with pytest.raises(SiteDataError, match="has no steps_checked"):
        _check("")


def test_missing_is_fine_on_the_index_and_other_pages() -> None:
    assert _check(None, "platforms/index.md", present=False) is None
    assert _check(None, "parents.md", present=False) is None


def test_future_date_is_refused_with_line() -> None:
    with pytest.raises(SiteDataError) as err:
        _check(dt.date(2026, 12, 6))
    assert str(err.value).startswith("docs/lv/platforms/instagram.md:3: front matter")
    assert "2026-12-06 is in the future" in str(err.value)
    assert "Fix: write the day the steps were actually checked" in str(err.value)


@pytest.mark.parametrize(
    "value",
    ["02.12.2026", "2026-12-2", "2026-02-30", "last week", "2026-12", 20261202, True, ["x"]],
)
def test_malformed_date_is_refused(value: object) -> None:
    with pytest.raises(SiteDataError) as err:
        _check(value)
    assert "is not a date as YYYY-MM-DD" in str(err.value)
    assert ":3: front matter steps_checked" in str(err.value)
    assert "Fix: write the date the steps were checked" in str(err.value)


def test_a_time_of_day_is_refused() -> None:
    with pytest.raises(SiteDataError, match="is not a date as YYYY-MM-DD"):
        _check(dt.datetime(2026, 12, 2, 10, 0))


def test_which_pages_require_it() -> None:
    assert stepschecked.required("platforms/tiktok.md")
    assert stepschecked.required("platforms/snapchat.md")
    assert not stepschecked.required("platforms/index.md")
    assert not stepschecked.required("young-people.md")


@pytest.mark.parametrize(
    ("lang", "shown"),
    [
        ("lv", "2026. gada 2.\u00a0decembrī"),
        ("ru", "2\u00a0декабря 2026\u00a0года"),
        ("uk", "2\u00a0грудня 2026\u00a0року"),
        ("en", "2\u00a0December 2026"),
    ],
)
def test_the_date_is_written_in_the_page_language(lang: str, shown: str) -> None:
    rendered = stepschecked.render(dt.date(2026, 12, 2), lang, _ui())
    assert rendered["date"] == shown
    assert rendered["iso"] == "2026-12-02"
    assert rendered["before"] and rendered["after"]  # a sentence around the date


def test_month_list_of_the_wrong_length_is_an_editor_error() -> None:
    ui = _ui()
    ui["date_months"] = {**ui["date_months"], "en": "January February"}
    with pytest.raises(SiteDataError, match="date_months for en has 2 names, not 12"):
        stepschecked.render(dt.date(2026, 12, 2), "en", ui)


def test_sentence_without_the_date_placeholder_is_an_editor_error() -> None:
    ui = _ui()
    ui["steps_checked"] = {**ui["steps_checked"], "ru": "Проверено."}
    with pytest.raises(SiteDataError, match=r"must contain \{date\} exactly once"):
        stepschecked.render(dt.date(2026, 12, 2), "ru", ui)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("app", ["instagram", "tiktok", "snapchat"])
def test_every_guide_in_every_language_has_a_valid_date(lang: str, app: str) -> None:
    path = ROOT / "docs" / lang / "platforms" / f"{app}.md"
    page = pagecontext.PageContext.from_path(path, ROOT / "docs")
    date = stepschecked.check(
        page.meta,
        path=page.source,
        inner_path=f"platforms/{app}.md",
        source=path.read_text(encoding="utf-8"),
    )
    assert date is not None


@pytest.mark.parametrize("app", ["instagram", "tiktok", "snapchat"])
def test_translations_carry_the_source_pages_date(app: str) -> None:
    dates = {
        lang: pagecontext.PageContext.from_path(
            ROOT / "docs" / lang / "platforms" / f"{app}.md", ROOT / "docs"
        ).meta["steps_checked"]
        for lang in LANGS
    }
    assert len(set(map(str, dates.values()))) == 1, dates


def test_built_guides_show_the_date(site_dir: Path) -> None:
    prefixes = {"lv": "", "ru": "ru/", "uk": "uk/", "en": "en/"}
    ui = _ui()
    for lang, prefix in prefixes.items():
        for app in ("instagram", "tiktok", "snapchat"):
            html = (site_dir / prefix / "platforms" / app / "index.html").read_text("utf-8")
            match = re.search(
                r'<p class="steps-checked">(.*?)<time datetime="(\d{4}-\d{2}-\d{2})">(.*?)</time>',
                html,
            )
            assert match, f"{lang}/{app}: no steps-checked line"
            assert match.group(1) == ui["steps_checked"][lang].split("{date}")[0]
        index = (site_dir / prefix / "platforms" / "index.html").read_text("utf-8")
        assert 'class="steps-checked"' not in index
