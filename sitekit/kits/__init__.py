"""Downloadable lesson kits, one module per job.

- :mod:`sections`: splitting a page's HTML at its ``<h2>`` headings, absolute links
- :mod:`cache`: cache keys (SHA-256 of the inputs) and the checked file cache
- :mod:`pdf`: tagged PDF/UA-1 by WeasyPrint, through the sandbox
- :mod:`htmltree`: the small HTML tree the DOCX and PPTX writers walk
- :mod:`word`: the editable DOCX (python-docx)
- :mod:`slides`: the editable PPTX with speaker notes (python-pptx)
- :mod:`archive`: reproducible ZIP files
- :mod:`parallel`: making many files at once in worker processes
- :mod:`kit`: a lesson's kit assembled from the above

Every download reads only files inside docs/ and the site folder (:mod:`sitekit.sandbox`):
nothing from the network, no ``rel="attachment"``, no file elsewhere on the machine.
"""

from sitekit.kits.archive import make_zip
from sitekit.kits.cache import CacheStats, DownloadCache, Entry, digest
from sitekit.kits.kit import (
    FORMATS,
    GENERATOR_VERSION,
    KINDS,
    MEDIA_TYPES,
    Download,
    KitInput,
    Plan,
    filenames,
    finish,
    human_size,
    make_kit,
    make_sheet,
    plan_kit,
    plan_sheet,
    prepare,
)
from sitekit.kits.pdf import PDF_VARIANT, OfflineError, render_pdf
from sitekit.kits.sections import (
    Chunk,
    absolute_links,
    answer_classes,
    local_resources,
    section_ids,
    split_sections,
)
from sitekit.kits.slides import DeckInput, HelpLine, Slide, deck, make_pptx
from sitekit.kits.word import LANG_TAGS, html_to_docx

__all__ = [
    "FORMATS", "GENERATOR_VERSION", "KINDS", "LANG_TAGS", "MEDIA_TYPES", "PDF_VARIANT",
    "CacheStats", "Chunk", "Download", "DownloadCache", "Entry", "KitInput", "OfflineError",
    "absolute_links", "answer_classes", "digest", "filenames", "html_to_docx", "human_size",
    "local_resources",
    "make_kit", "make_sheet", "make_zip", "DeckInput", "HelpLine", "Slide", "deck", "make_pptx",
    "section_ids", "render_pdf", "split_sections", "Plan", "finish", "plan_kit", "plan_sheet",
    "prepare",
]  # fmt: skip
