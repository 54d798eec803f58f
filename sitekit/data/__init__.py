"""Load and validate the site's YAML data: helplines and interface strings.

Every problem raises :class:`SiteDataError` naming the file, the line of the field (or of the
entry) and the fix. The files are read by the strict loader of ``sitekit.yamlio``.

A helpline entry is checked field by field from :data:`FIELDS` (one checker per field), then
across fields (:func:`_cross_check`). To add a field, add its checker to :data:`FIELDS`.

Modules: :mod:`.rules` (value shapes, URL rules), :mod:`.nodes` (YAML node helpers, texts),
:mod:`.fields` (one entry, field by field), :mod:`.files` (the files), :mod:`.recheck`
(staleness). Everything public is re-exported here: ``from sitekit import data`` keeps working.
"""

from __future__ import annotations

from sitekit.data.fields import FIELDS, OPTIONAL, REQUIRED, FieldSpec, Helpline
from sitekit.data.files import load_helplines, load_ui
from sitekit.data.nodes import _child, _key_lines, _kind, _texts
from sitekit.data.recheck import (
    Recheck,
    due_for_recheck,
    max_age_days,
    recheck_model,
    stale,
)
from sitekit.data.rules import (
    BIDI_CONTROLS,
    CHANNEL_NEEDS,
    CHANNELS,
    DATE_RE,
    DISPLAY_RE,
    EMAIL_RE,
    FUTURE_SLACK,
    HOST_RE,
    ID_RE,
    LANG_RE,
    OPTIONAL_TEXTS,
    PUBLISHED_RE,
    TEL_RE,
    TEXT_FIELDS,
    TOP_KEYS,
    UI_KEY_RE,
    UNSAFE_CHARS,
    url_problem,
)

__all__ = [
    "BIDI_CONTROLS",
    "CHANNELS",
    "CHANNEL_NEEDS",
    "DATE_RE",
    "DISPLAY_RE",
    "EMAIL_RE",
    "FIELDS",
    "FUTURE_SLACK",
    "HOST_RE",
    "ID_RE",
    "LANG_RE",
    "OPTIONAL",
    "OPTIONAL_TEXTS",
    "PUBLISHED_RE",
    "REQUIRED",
    "TEL_RE",
    "TEXT_FIELDS",
    "TOP_KEYS",
    "UI_KEY_RE",
    "UNSAFE_CHARS",
    "FieldSpec",
    "Helpline",
    "Recheck",
    "_child",
    "_key_lines",
    "_kind",
    "_texts",
    "due_for_recheck",
    "load_helplines",
    "load_ui",
    "max_age_days",
    "recheck_model",
    "stale",
    "url_problem",
]
