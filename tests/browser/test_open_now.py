""" "Open now" on helpline cards and in the help strip, at fixed clock times (Latvian time).

The indicator is computed in the browser from the hours printed in the page, by the device's
clock: the tests fix the clock and the time zone of the device, and compare with
sitekit.hours.open_at for the same moments. Without JavaScript, no indicator: hours as text.
"""

from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.browser

RIGA = dt.timezone(dt.timedelta(hours=2))  # EET in December (no daylight saving time)
# (label, moment in Latvian time): a weekday at midday, a weekday night, a Saturday afternoon.
MOMENTS = {
    "weekday-10": dt.datetime(2026, 12, 2, 10, 0, tzinfo=RIGA),  # Wednesday
    "weekday-23": dt.datetime(2026, 12, 2, 23, 30, tzinfo=RIGA),
    "saturday-13": dt.datetime(2026, 12, 5, 13, 0, tzinfo=RIGA),
}


def _indicators(browser, url: str, moment: dt.datetime, timezone: str) -> dict[str, list[str]]:
    context = browser.new_context(timezone_id=timezone)
    try:
        context.clock.set_fixed_time(moment)
        page = context.new_page()
        page.goto(url, wait_until="load")
        return page.evaluate(
            """() => {
              const out = {};
              for (const card of document.querySelectorAll('.helpline[data-open-card]')) {
                const id = card.id.replace('helpline-', '');
                out[id] = [...card.querySelectorAll('[data-open]')]
                  .filter(el => !el.hidden).map(el => el.textContent.trim());
                const alt = card.querySelector('[data-open-alternatives]');
                if (alt && !alt.hidden) { out[id].push('ALT ' + alt.textContent.trim()); }
              }
              out.strip = [...document.querySelectorAll('.help-strip [data-open]')]
                .filter(el => !el.hidden).map(el => el.textContent.trim());
              return out;
            }"""
        )
    finally:
        context.close()


@pytest.mark.parametrize("timezone", ["Europe/Riga", "America/New_York"])
@pytest.mark.parametrize("moment", list(MOMENTS))
def test_open_now_at_fixed_times(browser, base_url: str, moment: str, timezone: str) -> None:
    """The same answer whatever time zone the device is in: hours are Latvian time."""
    seen = _indicators(browser, f"{base_url}/en/help/", MOMENTS[moment], timezone)
    # 112 and 116111 answer the phone day and night.
    assert seen["emergency"] == ["Phone: open day and night"]
    assert seen["childline"][0] == "Phone: open day and night"
    # 116111's chat: workdays 12:00–20:00, with the public-holiday caveat.
    chat = seen["childline"][1]
    assert chat.endswith("Hours may differ on public holidays.")
    assert chat.startswith("Chat: closed now")  # 10:00, 23:30 and Saturday are all outside
    # 116006: every day 12:00–22:00.
    victim = seen["victim-support"]
    expected_open = moment == "saturday-13"
    assert victim[0] == ("Phone: open now" if expected_open else "Phone: closed now")
    # Outside its hours a card points to the lines open round the clock.
    assert any(line.startswith("ALT Open round the clock: 112") for line in victim) is not (
        expected_open
    )
    # A line whose hours are not confirmed: no indicator, the round-the-clock lines instead.
    assert [x for x in seen["trafficking-trustline"] if not x.startswith("ALT")] == []
    assert seen["strip"] == ["open day and night", "open day and night"]


def test_open_now_agrees_with_the_python_rule(browser, base_url: str) -> None:
    from conftest import ROOT

    from sitekit import data, hours

    entries = data.load_helplines(ROOT / "data/helplines.yml", ("lv", "ru", "uk", "en"))
    moment = dt.datetime(2026, 12, 7, 12, 30, tzinfo=RIGA)  # Monday 12:30
    seen = _indicators(browser, f"{base_url}/en/help/", moment, "Europe/Riga")
    for key, entry in entries.items():
        if key not in seen or entry.open is None:
            continue
        for channel, text in zip(entry.open.channels, seen[key], strict=False):
            is_open = hours.open_at(entry.open, channel, 1, 12 * 60 + 30)
            assert ("closed now" not in text) is is_open, (key, channel, text)


def test_without_javascript_hours_stay_as_text(browser, base_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base_url}/en/help/", wait_until="load")
        assert page.locator("[data-open]").count() > 0
        assert page.locator("[data-open]:visible").count() == 0
        assert "24 hours a day" in page.locator("#helpline-emergency").inner_text()
    finally:
        context.close()
