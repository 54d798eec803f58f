"""Data and front-matter values never add markup: our templates escape every value they print.

Material's environment has autoescape off (it prints the rendered page as it is), so each of our
``{{ … }}`` carries ``| e``; the few that print HTML made by the build are listed here on purpose.
"""

from __future__ import annotations

import re
from pathlib import Path

import jinja2
import material
import pytest
from conftest import ROOT

OVERRIDES = ROOT / "overrides"
MATERIAL = Path(material.__file__).parent / "templates"
# template -> expressions printed raw on purpose (HTML the build made from Markdown).
RAW = {
    "partials/lesson-print.html": {"s.html", "preamble", "appendix"},
    "main.html": {"super()"},  # the theme's own block, which escapes what it prints
}
# Copies of Material's templates: escaped where they print page or data values (base.html) or
# left as Material wrote them (search.html and alternate.html print only the theme's own
# translations and language names).
COPIES = {"base.html", "partials/search.html", "partials/alternate.html"}
PRINT_RE = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)
HOSTILE = '"><script>alert(1)</script><b onclick="x">'


def _ours() -> list[Path]:
    return sorted(OVERRIDES.rglob("*.html"))


@pytest.mark.parametrize(
    "template", [p.relative_to(OVERRIDES).as_posix() for p in _ours()], ids=str
)
def test_every_printed_value_is_escaped(template: str) -> None:
    if template in COPIES:
        pytest.skip("a copy of Material's template (tests/test_theme_base.py, test_theme_partials)")
    text = (OVERRIDES / template).read_text(encoding="utf-8")
    raw = []
    for match in PRINT_RE.finditer(text):
        expr = match.group(1)
        line = text.count("\n", 0, match.start()) + 1
        if expr in RAW.get(template, set()) or re.search(r"\|\s*(e|escape)\s*$", expr):
            continue
        if all(f'replace("{c}", "")' in expr for c in ('\\"', "\\\\", "<")):
            continue  # a CSS string (in <style>): quotes, backslashes and "<" removed
        raw.append(f"overrides/{template}:{line}: {{{{ {expr} }}}}")
    assert not raw, "values printed without | e (add it, or list the HTML here):\n" + "\n".join(raw)


def test_the_lint_above_finds_a_raw_value(tmp_path: Path) -> None:
    text = "<p>{{ h.name }}</p>"
    assert [m.group(1) for m in PRINT_RE.finditer(text)] == ["h.name"]
    assert not re.search(r"\|\s*(e|escape)\s*$", "h.name")


def _env() -> jinja2.Environment:
    """Like the theme's: our overrides first, then Material's templates, autoescape off."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(OVERRIDES), str(MATERIAL)]), autoescape=False
    )


def test_hostile_helpline_values_render_as_text() -> None:
    card = {
        "id": "x",
        "tel": "112",
        "display": HOSTILE,
        "url": "https://example.lv/" + HOSTILE,
        "name": HOSTILE,
        "when": HOSTILE,
        "hours": HOSTILE,
        "cost": HOSTILE,
        "operator": HOSTILE,
        "verified": HOSTILE,
        "source": "https://example.lv/" + HOSTILE,
    }
    ui = {k: {"lv": HOSTILE} for k in ("helpline_hours", "helpline_cost", "helpline_operator")}
    ui |= {k: {"lv": HOSTILE} for k in ("helpline_source", "helpline_languages")}
    html = _env().get_template("partials/helplines.html").render(helplines=[card], ui=ui, lang="lv")
    assert "<script>" not in html and "onclick" not in html.replace("onclick=&#34;", "")
    assert "&lt;script&gt;" in html
    assert HOSTILE not in html and "&#34;&gt;&lt;script&gt;" in html


def test_hostile_interface_strings_render_as_text_in_the_band() -> None:
    ui = {
        k: {"lv": HOSTILE}
        for k in ("quick_exit", "quick_exit_hidden", "quick_exit_hint", "quick_exit_note")
    }
    ui["band_helpline"] = {"lv": HOSTILE}
    config = {
        "theme": {"language": "lv"},
        "extra": {
            "ui": ui,
            "quick_exit_url": "https://example.lv/" + HOSTILE,
            "band_helpline": "childline",
            "helplines": {
                "lv": {"childline": {"id": "childline", "tel": "116111", "display": HOSTILE}}
            },
        },
    }
    html = _env().get_template("partials/quick-exit.html").render(config=config)
    assert "<script>" not in html and "<b " not in html
    assert html.count("&lt;script&gt;") >= 5
