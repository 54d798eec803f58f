"""The About page names the publisher and a contact from one setting, or says it has none."""

from __future__ import annotations

from pathlib import Path

from test_escaping import HOSTILE, _env

UI = {
    key: {"lv": text}
    for key, text in {
        "publisher_heading": "Kas izdod",
        "publisher_name": "Izdevējs",
        "publisher_contact": "Saziņai",
        "publisher_not_set": "Vēl nav norādīti",
    }.items()
}


def _render(publisher: dict) -> str:
    config = {"theme": {"language": "lv"}, "extra": {"ui": UI, "publisher": publisher}}
    return _env().get_template("partials/publisher.html").render(config=config)


def test_not_set_says_so() -> None:
    html = _render({"name": "", "contact": ""})
    assert "Vēl nav norādīti" in html and "mailto:" not in html


def test_set_names_publisher_and_contact_escaped() -> None:
    html = _render({"name": "Biedrība " + HOSTILE, "contact": "info@example.lv"})
    assert "Izdevējs: Biedrība &#34;&gt;&lt;script&gt;" in html
    assert 'href="mailto:info@example.lv"' in html and "Vēl nav" not in html


def test_the_real_about_pages_show_the_section(site_dir: Path) -> None:
    for prefix in ("", "ru/", "uk/", "en/"):
        html = (site_dir / prefix / "about/index.html").read_text(encoding="utf-8")
        assert 'class="publisher"' in html, prefix
