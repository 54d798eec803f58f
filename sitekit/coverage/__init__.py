"""Translation coverage: which translations are current, outdated, missing or orphaned.

Latvian (``docs/lv/``) is the source; ``docs/<lang>/<path>`` is the translation of
``docs/lv/<path>``. Nothing here imports MkDocs: the ``sitekit coverage`` command and
``hooks/translation_coverage.py`` both call :func:`check`.

States, for every source page and every other language:

- **current**: the translation's ``source_hash`` stamp equals the hash of the source page now;
- **outdated**: the stamp differs (the source changed after translation), is absent, or the
  translation cannot be read;
- **missing**: there is no translation file.

A file in a translation folder with no file at the same path in the source folder is an
**orphan**.

The stamp. A translation's front matter records ``source_hash: "<12 hex digits>"``: the first 12
hex digits of the SHA-256 of the *normalised* source page, where normalising is exactly:

1. decode the file as UTF-8 and drop a leading byte-order mark;
2. apply Unicode NFC normalisation (so the same letters typed differently hash alike);
3. split the text on every run of whitespace (spaces, tabs, line breaks, no-break spaces and the
   other Unicode spaces; Python's ``str.split()``) and join the words with one space.

So indentation, trailing spaces, blank lines, line endings and re-wrapped paragraphs never make a
translation outdated; any other change, in the front matter too, does. Only :func:`write_stamps`
(``sitekit stamp``) writes the stamp, and it rewrites only that one front-matter line.

Safety parity. Phone numbers (``tel:`` links, international ``+`` numbers, 112/110/113, EU
``116xxx`` lines, Latvian 8-digit numbers, ``0 800`` numbers, and every number of
``data/helplines.yml``), e-mail addresses, ``http(s)://`` URLs (lower-case scheme) and the ids of
``<!-- helplines: … -->`` markers in the source must all appear in each translation (numbers
compared by their digits, ``+371`` dropped; URLs with case-insensitive host and no trailing slash).
Dropping or altering one is a warning whatever its stamp says. The reverse direction, a
translation adding a number, e-mail or external link that no reviewed file has, is
:mod:`sitekit.parity_extra` (allow-list: ``data/translation_allowlist.yml``).

Git. Where the site is in a git work tree (not a shallow clone), an outdated stamp is looked up
in the source page's history (``git log --raw`` and ``git cat-file --batch``, two processes per
check): the report names the newest commit whose source matches the stamp and the command that
shows what changed since. A stamp that matches no version at all is an error.

Modules (each one job): :mod:`.policy` (settings and policy from mkdocs.yml), :mod:`.stamps`
(reading pages, the hash, the stamp line), :mod:`.parity` (safety-critical items),
:mod:`.git_history` (past versions of source pages), :mod:`.report` (states, problems, the
report), :mod:`.checker` (the check), :mod:`.table` (summary table, status page model),
:mod:`.stamping` (``sitekit stamp``). Everything public is re-exported here.
"""

from __future__ import annotations

from sitekit.coverage.checker import LANGUAGE_DIR_RE, check, known_numbers
from sitekit.coverage.git_history import GitHistory
from sitekit.coverage.parity import (
    DIGITS_RE,
    EMAIL_DOMAIN_RE,
    GENERIC_PHONES,
    KIND_LABELS,
    LATVIAN_PREFIX_RE,
    TAG_RE,
    TEL_RE,
    URL_RE,
    Extractor,
    Item,
    canonical_phone,
    canonical_url,
)
from sitekit.coverage.policy import (
    POLICY_KEY,
    POLICY_OPTIONS,
    Policy,
    Settings,
    nav_titles,
    parse_policy,
)
from sitekit.coverage.report import (
    CURRENT,
    ERROR,
    MISSING,
    ORPHAN,
    OUTDATED,
    WARNING,
    PageReport,
    Problem,
    Report,
    Translation,
    percent,
)
from sitekit.coverage.stamping import StampPlan, plan_stamps, translation_files, write_stamps
from sitekit.coverage.stamps import (
    CLOSE_RE,
    HASH_LENGTH,
    OPEN_RE,
    STAMP_KEY,
    STAMP_LINE_RE,
    STAMP_VALUE_RE,
    Doc,
    normalise,
    read_doc,
    source_hash,
    with_stamp,
)
from sitekit.coverage.table import REASONS, describe, page_url, status_model, summary_table

__all__ = [
    "CLOSE_RE",
    "CURRENT",
    "DIGITS_RE",
    "EMAIL_DOMAIN_RE",
    "ERROR",
    "GENERIC_PHONES",
    "HASH_LENGTH",
    "KIND_LABELS",
    "LANGUAGE_DIR_RE",
    "LATVIAN_PREFIX_RE",
    "MISSING",
    "OPEN_RE",
    "ORPHAN",
    "OUTDATED",
    "POLICY_KEY",
    "POLICY_OPTIONS",
    "REASONS",
    "STAMP_KEY",
    "STAMP_LINE_RE",
    "STAMP_VALUE_RE",
    "TAG_RE",
    "TEL_RE",
    "URL_RE",
    "WARNING",
    "Doc",
    "Extractor",
    "GitHistory",
    "Item",
    "PageReport",
    "Policy",
    "Problem",
    "Report",
    "Settings",
    "StampPlan",
    "Translation",
    "canonical_phone",
    "canonical_url",
    "check",
    "describe",
    "known_numbers",
    "nav_titles",
    "normalise",
    "page_url",
    "parse_policy",
    "percent",
    "plan_stamps",
    "read_doc",
    "source_hash",
    "status_model",
    "summary_table",
    "translation_files",
    "with_stamp",
    "write_stamps",
]
