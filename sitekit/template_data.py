"""Everything the templates need from data/: one function any engine can call.

:func:`load` validates data/helplines.yml and data/ui.yml and returns :class:`TemplateData`;
:meth:`TemplateData.extra` is what goes into ``config.extra`` (``ui``, ``helplines`` per
language, ``help_strip``, ``round_clock``, ``band_helpline``, ``theme_assets``). Under MkDocs
hooks/site_data.py merges it into the configuration; the Markdown extensions
(``sitekit.mdext``) use it to render helpline cards; another engine calls :func:`load` itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitekit import data, theme
from sitekit.errors import SiteDataError

DEFAULT_BAND_HELPLINE = "childline"


@dataclass(frozen=True)
class TemplateData:
    """Validated helplines and interface strings, in the shapes templates use."""

    helplines: dict[str, data.Helpline]
    ui: dict[str, dict[str, str]]
    languages: tuple[str, ...]
    band_helpline: str
    _entries: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict, repr=False)

    def entries(self, lang: str) -> dict[str, dict[str, Any]]:
        """Every helpline as a template dict with its texts in ``lang``, in file order."""
        if lang not in self._entries:
            self._entries[lang] = {k: e.as_context(lang) for k, e in self.helplines.items()}
        return self._entries[lang]

    def round_clock(self) -> list[str]:
        """Ids of the helplines whose phone is open day and night."""
        return [k for k, e in self.helplines.items() if e.open and e.open.always()]

    def round_clock_entries(self, lang: str) -> list[dict[str, Any]]:
        """The helplines whose phone is open day and night, as template dicts: ``round_clock``
        in partials/helplines.html (the numbers offered while a line is closed)."""
        entries = self.entries(lang).values()
        return [e for e in entries if (e["open"] or {}).get("phone") == "always"]

    def help_strip(self) -> list[str]:
        """Ids of the helplines shown in the help strip on every page."""
        return [key for key, entry in self.helplines.items() if entry.strip]

    def extra(self) -> dict[str, Any]:
        """What templates read from ``config.extra``."""
        return {
            "ui": self.ui,
            "helplines": {lang: self.entries(lang) for lang in self.languages},
            "theme_assets": theme.assets(),
            "round_clock": self.round_clock(),
            "help_strip": self.help_strip(),
            "band_helpline": self.band_helpline,
        }


def load(
    root: str | Path, extra: Mapping[str, Any], languages: tuple[str, ...], *, where: str = ""
) -> TemplateData:
    """Validate the data files under ``root / extra.data_dir`` (default ``data``).

    ``where`` names the configuration file in errors (default ``mkdocs.yml``). Raises
    SiteDataError naming the file, line and fix.
    """
    data_dir = Path(root) / str(extra.get("data_dir", "data"))
    helplines = data.load_helplines(data_dir / "helplines.yml", languages)
    ui = data.load_ui(data_dir / "ui.yml", languages)
    unnamed = sorted(
        {code for e in helplines.values() for code in e.languages}
        - {k[len("language_") :] for k in ui if k.startswith("language_")}
    )
    if unnamed:
        raise SiteDataError(
            "data/helplines.yml",
            f"language {', '.join(unnamed)} has no name to show readers",
            f"add language_{unnamed[0]} with its name in every language to data/ui.yml",
        )
    band = str(extra.get("band_helpline") or DEFAULT_BAND_HELPLINE)
    if band not in helplines or not helplines[band].tel:
        raise SiteDataError(
            where or "mkdocs.yml",
            f"extra.band_helpline {band!r} is not a helpline with a number in data/helplines.yml",
            "use one of " + ", ".join(k for k, e in helplines.items() if e.tel),
        )
    return TemplateData(helplines=helplines, ui=ui, languages=languages, band_helpline=band)
