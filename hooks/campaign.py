"""MkDocs hook: the campaign kit (posters, leaflets, wallet cards, social images) of the
language being built, written to ``<lang prefix>materials/kit/`` and listed on the materials
page where it says ``<!-- campaign-kit: print -->`` and ``<!-- campaign-kit: social -->``.

Thin adapter over ``sitekit.campaign``; texts in data/campaign.yml, numbers from
data/helplines.yml. Options in mkdocs.yml::

    extra:
      campaign:
        enabled: true                # CAMPAIGN_KIT=false builds without the kit (quick builds)
        cache_dir: .cache/campaign   # files cached by the SHA-256 of their inputs
        site_url_confirmed: false    # until true, every item says "DRAFT — not for print"
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from sitekit import data, templates
from sitekit.campaign import cache, content, kit
from sitekit.campaign import page as kit_page
from sitekit.errors import SiteDataError

log = logging.getLogger("mkdocs.plugins.campaign")

PAGE = "materials.md"
FOLDER = "kit"
OFF = {"0", "false", "no", "off"}
_state: dict[str, object] = {}


def _options(config: MkDocsConfig) -> dict[str, object]:
    raw = config.extra.get("campaign") or {}
    if not isinstance(raw, dict):
        raise PluginError("extra.campaign in mkdocs.yml must be a mapping")
    unknown = sorted(set(raw) - {"enabled", "cache_dir", "site_url_confirmed"})
    if unknown:
        raise PluginError(
            f"extra.campaign: unknown option {', '.join(unknown)}; "
            "use enabled, cache_dir, site_url_confirmed"
        )
    confirmed = raw.get("site_url_confirmed", False)
    if not isinstance(confirmed, bool):
        raise PluginError(
            f"extra.campaign.site_url_confirmed in mkdocs.yml is {confirmed!r}. "
            "Fix: write true (only once the domain is registered) or false"
        )
    enabled = raw.get("enabled", True)
    if isinstance(enabled, str):
        enabled = enabled.strip().lower() not in OFF
    root = Path(config.config_file_path).parent
    return {
        "enabled": bool(enabled),
        "cache_dir": root / str(raw.get("cache_dir") or ".cache/campaign"),
        "confirmed": confirmed,
        "root": root,
    }


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read the options and validate data/campaign.yml (also when the kit is switched off)."""
    options = _options(config)
    _state.clear()
    _state.update(options)
    root = Path(options["root"])  # type: ignore[arg-type]
    langs = tuple(lang.locale for lang in config.plugins["i18n"].config.languages)
    data_dir = root / config.extra.get("data_dir", "data")
    try:
        helplines = data.load_helplines(data_dir / "helplines.yml", langs)
        _state["campaign"] = content.load(
            data_dir / "campaign.yml", langs, helplines, root / config.docs_dir
        )
    except SiteDataError as exc:
        raise PluginError(str(exc)) from None
    _state["helplines"] = helplines
    _state["languages"] = {
        lang.locale: ("" if lang.default else f"{lang.locale}/", lang.site_name or config.site_name)
        for lang in config.plugins["i18n"].config.languages
    }
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    _state["store"] = cache.DownloadCache(_state["cache_dir"])  # type: ignore[arg-type]


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Make the kit of the page's language and list it on the materials page."""
    lang = getattr(page.file, "locale", config.theme["language"])
    if page.file.src_uri != f"{lang}/{PAGE}" and page.file.src_uri != PAGE:
        return html
    if lang != config.theme["language"]:  # a fallback copy of the Latvian page
        return html
    if not _state.get("enabled"):
        return html.replace(kit_page.PRINT_MARKER, "").replace(kit_page.SOCIAL_MARKER, "")
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is not set. Fix: set it; the QR codes open it")
    prefix, site_name = _state["languages"][lang]  # type: ignore[index]
    campaign: content.Campaign = _state["campaign"]  # type: ignore[assignment]
    started = time.perf_counter()
    kit_input = kit.KitInput(
        lang=lang,
        prefix=prefix,
        site_url=config.site_url,
        site_name=site_name,
        confirmed=bool(_state["confirmed"]),
        campaign=campaign,
        helplines=_state["helplines"],  # type: ignore[arg-type]
        root=Path(_state["root"]),  # type: ignore[arg-type]
    )
    out_dir = Path(config.site_dir) / page.url / FOLDER
    try:
        items = kit.build(kit_input, _state["store"], out_dir, warn=log.warning)  # type: ignore[arg-type]
    except (SiteDataError, ValueError) as exc:
        raise PluginError(f"campaign kit ({lang}): {exc}") from None
    ui = config.extra["ui"]
    units = {"KB": ui["lessons_kb"][lang], "MB": ui["lessons_mb"][lang]}
    context = kit_page.context(campaign, items, lang, FOLDER, units)
    template = templates.environment(config.theme).get_template("partials/campaign-kit.html")
    draft = not _state["confirmed"]
    for part, marker in (
        ("print", kit_page.PRINT_MARKER),
        ("social", kit_page.SOCIAL_MARKER),
    ):
        block = template.render(part=part, draft=draft and part == "print", **context)
        block = "\n".join(row for row in block.splitlines() if row.strip())
        if marker not in html:
            log.warning(
                "docs/%s: no %s; add it where the kit's %s items belong",
                page.file.src_uri, marker, part,
            )  # fmt: skip
        html = html.replace(marker, block, 1)
    store: cache.DownloadCache = _state["store"]  # type: ignore[assignment]
    log.info(
        "campaign kit (%s): %d made, %d from the cache, %.2f s",
        lang, store.stats.generated, store.stats.reused, time.perf_counter() - started,
    )  # fmt: skip
    return html
