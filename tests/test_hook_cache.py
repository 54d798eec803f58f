"""The build's result caches (sitekit/resultcache.py): a warm build reuses what it may, and a
cache never lets a bad page through (changed input, changed policy, damaged file: checked again).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT, mkdocs_build

from sitekit import content_policy, csp, cssprune, data, resultcache, siteconfig
from sitekit.errors import SiteDataError

BAD = '<p onclick="go()">x</p>'
GOOD_HTML = "<h1>T</h1>\n<p>Teksts.</p>\n"


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths of the pages the content policy really checks."""
    calls: list[str] = []
    real = content_policy.check_page

    def spy(html: str, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(kwargs["path"])
        return real(html, **kwargs)

    monkeypatch.setattr(content_policy, "check_page", spy)
    return calls


def _check(store: resultcache.Store, html: str, path: str = "docs/lv/a.md", **kw) -> list[str]:
    kw.setdefault("source", "# T\n\nTeksts.\n")
    return content_policy.check_page_cached(store, html, path=path, **kw)


# --------------------------------------------------------------------------- the store


def test_a_saved_store_gives_its_entries_back_and_keeps_only_those_used(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    store = resultcache.Store(path, "kind")
    store.put("a", True)
    store.put("b", [1])
    store.save()
    again = resultcache.Store(path, "kind")
    assert again.get("a") is True
    assert again.get("zzz") is None
    assert (again.hits, again.misses) == (1, 1)
    again.save()
    assert json.loads(path.read_text())["entries"] == {"a": True}


def test_a_store_keeps_the_last_entries_of_earlier_builds_up_to_its_limit(tmp_path) -> None:
    path = tmp_path / "c.json"
    first = resultcache.Store(path, "kind", keep=2)
    for key in ("a", "b", "c"):
        first.put(key, key)
    first.save()
    second = resultcache.Store(path, "kind", keep=2)  # a one-language build: uses only "d"
    second.put("d", "d")
    second.save()
    assert list(json.loads(path.read_text())["entries"]) == ["b", "c", "d"]
    third = resultcache.Store(path, "kind", keep=2)
    assert third.get("b") == "b"
    third.save()
    assert list(json.loads(path.read_text())["entries"]) == ["c", "d", "b"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "{not json",
        '{"format": 1, "kind": "kind", "entries": {"a": tr',  # cut short
        '{"format": 999, "kind": "kind", "entries": {"a": true}}',  # another format
        '{"format": 1, "kind": "other", "entries": {"a": true}}',  # another store's file
        '{"format": 1, "kind": "kind", "entries": ["a"]}',
        "[1, 2]",
    ],
)
def test_a_damaged_or_foreign_store_file_is_a_miss_and_is_removed(tmp_path: Path, text) -> None:
    path = tmp_path / "c.json"
    path.write_text(text, encoding="utf-8")
    store = resultcache.Store(path, "kind")
    assert store.get("a") is None
    assert not path.exists()


def test_an_unwritable_cache_folder_only_slows_the_build(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    store = resultcache.Store(tmp_path / "file" / "c.json", "kind")  # a file where a folder is
    assert _check(store, GOOD_HTML) == []
    store.save()  # no error
    assert _check(resultcache.Store(tmp_path / "file" / "c.json", "kind"), BAD)


def test_digest_parts_cannot_run_into_each_other() -> None:
    assert resultcache.digest("ab", "c") != resultcache.digest("a", "bc")
    assert resultcache.digest("a") != resultcache.digest(b"a")


def test_a_value_without_stable_text_is_not_used_in_a_key() -> None:
    with pytest.raises(TypeError):
        resultcache.stable_text(object())
    day = __import__("datetime").date(2026, 12, 4)
    assert "date" in resultcache.stable_text(day)
    texts = {
        resultcache.stable_text(v)
        for v in (day, repr(day), "1", 1, 1.0, True, None, "None", [1], (1,), {"a": 1}, {1: 1})
    }
    assert len(texts) == 12  # every value and type apart
    assert resultcache.stable_text({"b": 1, "a": 2}) == resultcache.stable_text({"a": 2, "b": 1})


# --------------------------------------------------------------------------- content policy


def test_a_page_that_passed_is_not_checked_again(tmp_path: Path, counted: list[str]) -> None:
    path = tmp_path / "content-policy.json"
    store = resultcache.Store(path, "content-policy")
    assert _check(store, GOOD_HTML) == []
    store.save()
    warm = resultcache.Store(path, "content-policy")
    assert _check(warm, GOOD_HTML) == []
    assert counted == ["docs/lv/a.md"]  # once, in the cold run
    assert warm.hits == 1


def test_a_changed_page_is_checked_again_and_a_new_violation_fails(
    tmp_path: Path, counted: list[str]
) -> None:
    path = tmp_path / "content-policy.json"
    store = resultcache.Store(path, "content-policy")
    assert _check(store, GOOD_HTML) == []
    store.save()
    warm = resultcache.Store(path, "content-policy")
    problems = _check(warm, GOOD_HTML + BAD)
    assert problems and "onclick" in problems[0]
    assert len(counted) == 2
    # A failing page is never kept: it fails in every build.
    warm.save()
    again = resultcache.Store(path, "content-policy")
    assert _check(again, GOOD_HTML + BAD)
    assert len(counted) == 3


@pytest.mark.parametrize(
    "change",
    [
        {"path": "docs/ru/a.md"},
        {"source": "# T\n\n<p onclick=x>\n"},  # where the problems are reported from
        {"meta": {"title": 'a"b'}},
        {"meta": {"template": "evil.html"}},
        {"meta": {"title": 1}},  # a number where the text "1" passed
    ],
)
def test_every_input_of_the_check_is_in_the_key(change: dict) -> None:
    base = {"source": "# T\n", "path": "docs/lv/a.md", "meta": {"title": "1"}}
    assert content_policy.page_key(GOOD_HTML, **base) != content_policy.page_key(
        GOOD_HTML, **{**base, **change}
    )


def test_front_matter_with_bad_meta_fails_even_when_the_html_passed_before(
    tmp_path: Path,
) -> None:
    store = resultcache.Store(tmp_path / "c.json", "content-policy")
    assert _check(store, GOOD_HTML, meta={"title": "T"}) == []
    assert _check(store, GOOD_HTML, meta={"template": "x.html"})


def test_the_key_changes_with_the_policy_version_and_code(monkeypatch) -> None:
    before = content_policy.page_key(GOOD_HTML, source="", path="p", meta=None)
    monkeypatch.setattr(content_policy, "POLICY_VERSION", "test-next")
    assert content_policy.page_key(GOOD_HTML, source="", path="p", meta=None) != before
    monkeypatch.undo()
    monkeypatch.setattr(content_policy, "_CODE", ["another policy's code"])
    assert content_policy.page_key(GOOD_HTML, source="", path="p", meta=None) != before


def test_the_code_digest_follows_the_module_source(tmp_path: Path) -> None:
    module = type(content_policy)("fake")
    module.__file__ = str(tmp_path / "fake.py")
    (tmp_path / "fake.py").write_text("A = 1\n")
    first = resultcache.code_digest(module)
    (tmp_path / "fake.py").write_text("A = 2\n")
    assert resultcache.code_digest(module) != first
    (tmp_path / "fake.py").unlink()
    assert resultcache.code_digest(module) != resultcache.code_digest(module)  # never a hit


def test_a_forged_entry_of_another_shape_is_not_a_pass(tmp_path: Path, counted) -> None:
    html = GOOD_HTML + BAD
    key = content_policy.page_key(html, source="# T\n\nTeksts.\n", path="docs/lv/a.md", meta=None)
    path = tmp_path / "c.json"
    document = {"format": resultcache.FORMAT, "kind": "content-policy", "entries": {key: "yes"}}
    path.write_text(json.dumps(document))
    assert _check(resultcache.Store(path, "content-policy"), html)


# --------------------------------------------------------------------------- the CSS prune

CSS = ".md-used{color:red}.md-unused{color:blue}.later{color:green}@media print{.md-unused{x:y}}"


def _site(root: Path, body: str = '<p class="md-used">x</p>') -> Path:
    (root / "assets/stylesheets").mkdir(parents=True, exist_ok=True)
    for old in (root / "assets/stylesheets").glob("main.*"):
        old.unlink()
    (root / "assets/stylesheets/main.0000.min.css").write_text(CSS)
    (root / "index.html").write_text(
        f'<html><head><link href="assets/stylesheets/main.0000.min.css"></head>'
        f"<body>{body}</body></html>"
    )
    return root


@pytest.fixture
def prunes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = cssprune.prune

    def spy(css: str, names: cssprune.Names) -> str:
        calls.append(1)
        return real(css, names)

    monkeypatch.setattr(cssprune, "prune", spy)
    return calls


def _pruned(root: Path) -> str:
    return next((root / "assets/stylesheets").glob("main.*.min.css")).read_text()


def test_a_warm_prune_reuses_the_result_and_gives_the_same_file(tmp_path: Path, prunes) -> None:
    cache = tmp_path / "cssprune.json"
    plain = cssprune.prune_site(_site(tmp_path / "plain"))
    cold = cssprune.prune_site(_site(tmp_path / "a"), cache_file=cache)
    warm = cssprune.prune_site(_site(tmp_path / "b"), cache_file=cache)
    assert plain == cold == warm
    assert _pruned(tmp_path / "a") == _pruned(tmp_path / "b") == ".md-used{color:red}"
    assert len(prunes) == 2  # uncached, cold; the warm run reused the cold one's result


def test_a_page_with_a_new_class_keeps_its_rule_with_the_cache_warm(tmp_path: Path) -> None:
    cache = tmp_path / "cssprune.json"
    cssprune.prune_site(_site(tmp_path / "a"), cache_file=cache)
    cssprune.prune_site(_site(tmp_path / "b", '<p class="md-used later">x</p>'), cache_file=cache)
    assert _pruned(tmp_path / "b") == ".md-used{color:red}.later{color:green}"


def test_a_damaged_prune_cache_is_a_miss(tmp_path: Path, prunes) -> None:
    cache = tmp_path / "cssprune.json"
    cssprune.prune_site(_site(tmp_path / "a"), cache_file=cache)
    cache.write_bytes(cache.read_bytes()[:100])
    cssprune.prune_site(_site(tmp_path / "b"), cache_file=cache)
    assert _pruned(tmp_path / "b") == ".md-used{color:red}"
    assert len(prunes) == 2


def test_the_prune_key_follows_the_stylesheet_and_the_names(tmp_path: Path, prunes) -> None:
    store = resultcache.Store(tmp_path / "c.json", "cssprune")
    names = cssprune.Names(classes={"md-used"})
    more = CSS + ".md-used b{x:y}"
    assert cssprune.pruned_css(CSS, names, store) == ".md-used{color:red}"
    assert cssprune.pruned_css(more, names, store) == ".md-used{color:red}"  # no <b> yet
    assert len(prunes) == 2  # another stylesheet: pruned again
    names.tags.add("b")
    assert cssprune.pruned_css(more, names, store) == ".md-used{color:red}.md-used b{x:y}"
    assert cssprune.pruned_css(more, names, store) == ".md-used{color:red}.md-used b{x:y}"
    assert len(prunes) == 3  # other names: pruned again; the same ones: reused


# --------------------------------------------------------------------------- the CSP templates


def test_the_csp_template_scan_is_reused_and_follows_the_templates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    templates = {"a.html": "<script>one()</script>"}
    env = jinja2.Environment(loader=jinja2.DictLoader(templates))
    calls: list[int] = []
    real = csp.template_inline
    monkeypatch.setattr(csp, "template_inline", lambda *a: calls.append(1) or real(*a))
    cache = tmp_path / "csp-templates.json"
    first = csp.template_inline_cached(env, ["."], {"config": {}}, cache)
    again = csp.template_inline_cached(env, ["."], {"config": {}}, cache)
    assert first.scripts == again.scripts == {csp.source_hash("one()")}
    assert len(calls) == 1
    templates["a.html"] = "<script>two()</script>"
    changed = csp.template_inline_cached(env, ["."], {"config": {}}, cache)
    assert changed.scripts == {csp.source_hash("two()")}
    csp.template_inline_cached(env, [".."], {"config": {}}, cache)  # another base URL
    csp.template_inline_cached(env, ["."], {"config": {"x": 1}}, cache)  # another context
    assert len(calls) == 4
    cache.write_text("garbage")
    assert csp.template_inline_cached(env, ["."], {"config": {}}, cache).scripts == {
        csp.source_hash("two()")
    }
    assert len(calls) == 5


def test_the_csp_template_key_follows_every_file_of_the_overrides(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sitekit import theme

    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials/x.html").write_text("<script>{% include 'y.js' %}</script>")
    (overrides / "y.js").write_text("one()")
    loader = jinja2.FileSystemLoader([str(overrides), str(theme.templates_dir())])
    env = jinja2.Environment(loader=loader)
    calls: list[int] = []
    real = csp.template_inline
    monkeypatch.setattr(csp, "template_inline", lambda *a: calls.append(1) or real(*a))
    cache = tmp_path / "csp-templates.json"
    first = csp.template_inline_cached(env, ["."], {}, cache)
    assert csp.template_inline_cached(env, ["."], {}, cache).scripts == first.scripts
    assert len(calls) == 1
    (overrides / "y.js").write_text("two()")  # not a template itself, but included by one
    changed = csp.template_inline_cached(env, ["."], {}, cache)
    assert csp.source_hash("two()") in changed.scripts
    assert csp.source_hash("one()") not in changed.scripts
    assert len(calls) == 2


def test_helplines_validated_once_per_bytes_and_each_caller_gets_a_copy(tmp_path: Path) -> None:
    source = (ROOT / "data/helplines.yml").read_text(encoding="utf-8")
    path = tmp_path / "helplines.yml"
    path.write_text(source, encoding="utf-8")
    langs = ("lv", "ru", "uk", "en")
    first = data.load_helplines(path, langs)
    second = data.load_helplines(path, langs)
    assert first == second and first is not second
    first.clear()
    assert data.load_helplines(path, langs) == second
    path.write_text(source.replace("helplines:", "helplines:\n  - {id: broken}", 1))
    with pytest.raises(SiteDataError):
        data.load_helplines(path, langs)  # the changed file is validated again


def test_mkdocs_yml_parsed_once_is_a_fresh_copy_for_each_caller(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: A\nextra: {x: [1]}\n")
    first = siteconfig.load(path)
    first.raw["extra"]["x"].append(2)
    assert siteconfig.load(path).raw["extra"] == {"x": [1]}
    path.write_text("site_name: B\n")
    assert siteconfig.load(path).raw["site_name"] == "B"


# --------------------------------------------------------------------------- a real build

CONFIG = f"""\
site_name: Fixture
site_url: https://example.org/
docs_dir: docs
theme:
  name: material
  language: lv
hooks:
  - {ROOT}/hooks/content_policy.py
  - {ROOT}/hooks/postbuild.py
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      reconfigure_search: false
      languages:
        - {{locale: lv, default: true, name: Latviešu, build: true}}
        - {{locale: ru, name: Русский, build: true}}
"""
PAGES = {
    "lv/index.md": "# Sākums\n\nTeksts.\n",
    "lv/page.md": "# Lapa\n\nTeksts.\n",
    "ru/index.md": "# Главная\n\nТекст.\n",
}
_COUNTS = re.compile(r"content policy: (\d+) pages checked, (\d+) unchanged")


def test_a_warm_build_reuses_verdicts_and_a_new_violation_still_fails(tmp_path: Path) -> None:
    for name, text in PAGES.items():
        (tmp_path / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "docs" / name).write_text(text, encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text(CONFIG, encoding="utf-8")
    out = tmp_path / "site"

    def build() -> tuple[int, str, tuple[int, int] | None]:
        result = mkdocs_build(config, out)
        counts = _COUNTS.search(result.stderr)
        found = (int(counts[1]), int(counts[2])) if counts else None
        return result.returncode, result.stderr, found

    code, log, counts = build()
    assert code == 0, log
    # lv index and page, ru index; ru page is the lv page as a fallback (the same inputs: the
    # same verdict, already in this build)
    assert counts == (3, 1)
    assert (tmp_path / ".cache/content-policy.json").is_file()
    assert (tmp_path / ".cache/cssprune.json").is_file()
    assert (tmp_path / ".cache/csp-templates.json").is_file()
    assert (tmp_path / ".cache/search.json").is_file()
    first = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    code, log, counts = build()
    assert code == 0, log
    assert counts == (0, 4)
    again = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert again == first  # the same site from the caches

    page = tmp_path / "docs/lv/page.md"
    page.write_text("# Lapa\n\nJaunvārds.\n", encoding="utf-8")
    code, log, counts = build()
    assert code == 0, log
    assert counts == (1, 3)  # the changed page checked (its ru fallback then reused)
    assert "Jaunvārds" in (out / "search/search_index.json").read_text(encoding="utf-8")
    assert "Jaunvārds" not in (out / "ru/search/search_index.json").read_text(encoding="utf-8")

    page.write_text("# Lapa\n\nTeksts.\n\n" + BAD + "\n", encoding="utf-8")
    code, log, _ = build()
    assert code != 0
    assert "docs/lv/page.md:5: inline event handler onclick=" in log

    (tmp_path / ".cache/content-policy.json").write_text("{damaged")
    code, log, _ = build()
    assert code != 0, "still refused with a damaged cache"
    assert "docs/lv/page.md:5" in log
