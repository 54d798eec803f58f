"""A lesson's kit: the plan PDF, the handouts PDF, the DOCX, the slides and the ZIP (with the
shared sheets of the kit), made (or taken from the cache) from the lesson page's rendered HTML;
and the downloads of a shared kit page (safeguarding sheet, incident plan, parent letters,
evaluation form, teaching guide)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sitekit.errors import SiteDataError
from sitekit.kits import memo, parallel
from sitekit.kits.archive import make_zip
from sitekit.kits.cache import DownloadCache, Entry, digest, package_version
from sitekit.kits.htmltree import Node, parse_html
from sitekit.kits.parallel import Task
from sitekit.kits.pdf import PDF_VARIANT, OfflineError, render_pdf
from sitekit.kits.sections import local_resources
from sitekit.kits.slides import DeckInput, deck, make_pptx
from sitekit.kits.word import html_to_docx
from sitekit.sandbox import Sandbox

# Bump when the output of the package changes for the same input.
GENERATOR_VERSION = "9"
KINDS = ("plan", "handouts", "docx", "slides", "kit")
FORMATS = {
    "plan": "PDF", "handouts": "PDF", "docx": "DOCX", "slides": "PPTX", "kit": "ZIP",
    "pdf": "PDF",
}  # fmt: skip
MEDIA_TYPES = {
    "PDF": "application/pdf",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "PPTX": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ZIP": "application/zip",
}
README = "README.txt"


@dataclass(frozen=True)
class KitInput:
    """Everything a lesson's downloads are made from."""

    name: str  # file stem, e.g. "lesson-13-15-lv"
    page: str  # for error messages, e.g. "docs/lv/teachers/lesson-13-15.md"
    lang: str
    title: str
    description: str
    author: str
    keywords: str
    plan_html: str  # complete print HTML document of the plan
    handouts_html: str  # complete print HTML document of the handouts and scenario cards
    content_html: str  # the page content, for the DOCX
    stylesheet: str  # the print stylesheet (CSS text)
    base_url: str  # where relative src="" of the documents resolve (a file:// URL)
    roots: tuple[str, ...] = ()  # the only folders the downloads may read (docs, site)
    source: str = ""  # the page's Markdown, for line numbers in errors
    deck: DeckInput | None = None  # what the slides are made from (no slides without it)
    extras: tuple[tuple[str, bytes], ...] = ()  # more ZIP members: the kit's shared sheets
    listing: str = ""  # the ZIP's README.txt: what each file is

    def sandbox(self) -> Sandbox:
        return Sandbox.of(self.roots, self.page, self.source)


@dataclass(frozen=True)
class Download:
    """One file of a kit, as stored in the cache."""

    kind: str  # plan, handouts, docx, slides, kit; pdf or docx for a shared sheet
    filename: str
    format: str  # PDF, DOCX, PPTX, ZIP
    media_type: str
    size: int
    data: bytes
    path: Path | None  # the copy in the cache; None when the cache could not store it
    generated: bool


def filenames(stem: str) -> dict[str, str]:
    return {
        "plan": f"{stem}-plan.pdf",
        "handouts": f"{stem}-handouts.pdf",
        "docx": f"{stem}.docx",
        "slides": f"{stem}-slides.pptx",
        "kit": f"{stem}-kit.zip",
    }


def _pdf_key(kit: KitInput, html: str, sandbox: Sandbox) -> str:
    resources = [part for item in local_resources(html, kit.base_url, sandbox) for part in item]
    return digest(
        "pdf", GENERATOR_VERSION, package_version("weasyprint"), PDF_VARIANT, html,
        kit.stylesheet, *resources,
    )  # fmt: skip


def _pdf_task(
    key: str, kit: KitInput, sandbox: Sandbox, html: str, fit: bool = False, one_page: bool = False
) -> Task:
    """Rendering one PDF, as a task a worker process can run: (bytes, WeasyPrint warnings)."""
    return Task(
        key, _render, (html, kit.stylesheet, kit.base_url, sandbox),
        {"fit": fit, "one_page": one_page},
    )  # fmt: skip


def _render(
    html: str, stylesheet: str, base_url: str, sandbox: Sandbox, *, fit: bool, one_page: bool
) -> tuple[bytes, list[str]]:
    """:func:`render_pdf` of a kit document (a handout may balance its cards to fit)."""
    fallbacks = (balance_cards(html),) if fit else ()
    return render_pdf(
        html, stylesheet, base_url, sandbox, fit=fit, fallbacks=fallbacks, one_page=one_page
    )


def _pdf_maker(
    kit: KitInput,
    sandbox: Sandbox,
    task: Task,
    warn: Callable[[str], None] | None,
    cache: DownloadCache,
) -> Callable[[], bytes]:
    """Make the PDF of ``task`` (or take what a worker made) and pass its warnings on."""

    def make() -> bytes:
        result = cache.ready.get(task.key)
        if result is None:
            try:
                result = task()
            except OfflineError as exc:
                raise sandbox.refusal(exc.url) or SiteDataError(
                    kit.page,
                    f"the printable version needs a file it may not read ({exc})",
                    "use files in docs/ only (e.g. docs/assets/)",
                ) from None
        data, messages = result  # type: ignore[misc]
        for message in messages:
            if warn:
                warn(f"{kit.page}: PDF: {message}")
        return data

    return make


def balance_cards(html: str) -> str:
    """CSS that starts the second half of the scenario cards on a new page, so that no card is
    left alone on a page of its own."""
    root = parse_html(html)
    stack: list[Node | str] = [root]
    while stack:
        node = stack.pop()
        if not isinstance(node, Node):
            continue
        if node.tag == "section" and "lesson-section--cards" in node.classes:
            lists = [c for c in node.children if isinstance(c, Node) and c.tag in ("ol", "ul")]
            if not lists:
                return ""
            count = sum(1 for c in lists[0].children if isinstance(c, Node) and c.tag == "li")
            if count < 2:
                return ""
            k = (count + 1) // 2 + 1
            return (
                f".print--handouts .lesson-section--cards > ol > li:nth-child({k}),"
                f".print--handouts .lesson-section--cards > ul > li:nth-child({k})"
                " { break-before: page; }"
            )
        stack.extend(node.children)
    return ""


def _docx_file(kit: KitInput, cache: DownloadCache, name: str) -> Planned:
    key = digest(
        "docx", GENERATOR_VERSION, package_version("python-docx"), kit.lang, kit.title,
        kit.description, kit.author, kit.keywords, kit.content_html,
    )  # fmt: skip
    task = Task(
        key,
        html_to_docx,
        (kit.content_html,),
        {"title": kit.title, "lang": kit.lang, "description": kit.description,
         "author": kit.author, "keywords": kit.keywords},
    )  # fmt: skip
    return Planned("docx", name, key, task, _ready_or(task, cache))


def _ready_or(task: Task, cache: DownloadCache) -> Callable[[], bytes]:
    """What a worker made for ``task``, or ``task`` made here."""

    def make() -> bytes:
        found = cache.ready.get(task.key)
        return found if isinstance(found, bytes) else task()

    return make


def _download(kind: str, filename: str, entry: Entry) -> Download:
    fmt = FORMATS[kind]
    return Download(
        kind=kind,
        filename=filename,
        format=fmt,
        media_type=MEDIA_TYPES[fmt],
        size=len(entry.data),
        data=entry.data,
        path=entry.path,
        generated=entry.made,
    )


@dataclass(frozen=True)
class Planned:
    """A file of a kit before it is made: its cache name and key, the work as a task a worker
    process can run, and how to make it here (taking a worker's result where there is one)."""

    kind: str
    name: str
    key: str
    task: Task | None  # None: recalled from the memo, in the cache
    make: Callable[[], bytes]


@dataclass(frozen=True)
class Plan:
    """The files of a lesson kit (``kit`` true) or of a shared kit page, keyed, not made."""

    kit: KitInput
    files: tuple[Planned, ...]
    lesson: bool
    inputs: str = ""  # the digest of its inputs, remembered once its files are made


def _inputs(kit: KitInput, sandbox: Sandbox, *more: str) -> str:
    """The digest of what a kit's files are made from (not its ZIP's extras and listing)."""
    resources = [
        part
        for html in (kit.plan_html, kit.handouts_html)
        for item in local_resources(html, kit.base_url, sandbox)
        for part in item
    ]
    return memo.inputs_digest(
        GENERATOR_VERSION, PDF_VARIANT, kit.name, kit.lang, kit.title, kit.description,
        kit.author, kit.keywords, kit.plan_html, kit.handouts_html, kit.content_html,
        kit.stylesheet, kit.base_url, repr(kit.roots), repr(kit.deck), *more, *resources,
    )  # fmt: skip


def _recalled(
    kit: KitInput,
    known: list[tuple[str, str, str]],
    full: Callable[[], Plan],
    lesson: bool,
) -> Plan:
    """A plan from the memo: nothing parsed; a file found damaged in the cache is made from
    the full plan (``full``, worked out then)."""
    plans: list[Plan] = []

    def maker(index: int) -> Callable[[], bytes]:
        def make() -> bytes:
            if not plans:
                plans.append(full())
            return plans[0].files[index].make()

        return make

    files = [Planned(kind, name, key, None, maker(n)) for n, (kind, name, key) in enumerate(known)]
    return Plan(kit, tuple(files), lesson=lesson)


def plan_kit(
    kit: KitInput, cache: DownloadCache, warn: Callable[[str], None] | None = None
) -> Plan:
    """The plan PDF, handouts PDF, DOCX and slides (when the kit has a deck) of a lesson, keyed
    by their inputs; the pages are checked against the sandbox first. Inputs seen before (the
    memo, :mod:`sitekit.kits.memo`) give the keys without parsing anything."""
    sandbox = kit.sandbox()
    inputs = _inputs(kit, sandbox, "lesson")
    known = memo.recall(cache, kit.name, inputs)
    if known is not None:
        return _recalled(kit, known, lambda: _plan_kit(kit, cache, warn, sandbox), lesson=True)
    return replace(_plan_kit(kit, cache, warn, sandbox), inputs=inputs)


def _plan_kit(
    kit: KitInput, cache: DownloadCache, warn: Callable[[str], None] | None, sandbox: Sandbox
) -> Plan:
    names = filenames(kit.name)
    for html in (kit.content_html, kit.plan_html, kit.handouts_html):
        sandbox.check_html(html, kit.base_url)  # before the cache: a bad page never passes
    files = []
    for kind, html in (("plan", kit.plan_html), ("handouts", kit.handouts_html)):
        key = _pdf_key(kit, html, sandbox)
        task = _pdf_task(key, kit, sandbox, html, fit=kind == "handouts")
        files.append(
            Planned(kind, names[kind], key, task, _pdf_maker(kit, sandbox, task, warn, cache))
        )
    files.append(_docx_file(kit, cache, names["docx"]))
    if kit.deck is not None:
        slides = deck(kit.deck)
        key = digest(
            "pptx", GENERATOR_VERSION, package_version("python-pptx"), kit.lang, kit.title,
            kit.author, repr(slides),
        )  # fmt: skip
        task = Task(key, make_pptx, (slides,),
                    {"title": kit.title, "lang": kit.lang, "author": kit.author})  # fmt: skip
        files.append(Planned("slides", names["slides"], key, task, _ready_or(task, cache)))
    return Plan(kit, tuple(files), lesson=True)


def plan_sheet(
    kit: KitInput,
    cache: DownloadCache,
    kinds: tuple[str, ...] = ("pdf", "docx"),
    warn: Callable[[str], None] | None = None,
    one_page: bool = False,
) -> Plan:
    """The PDF and DOCX of a shared kit page, as :func:`make_sheet` makes them, not made."""
    sandbox = kit.sandbox()
    inputs = _inputs(kit, sandbox, "sheet", repr(kinds), repr(one_page))
    known = memo.recall(cache, kit.name, inputs)
    full = lambda: _plan_sheet(kit, cache, kinds, warn, one_page, sandbox)  # noqa: E731
    if known is not None:
        return _recalled(kit, known, full, lesson=False)
    return replace(full(), inputs=inputs)


def _plan_sheet(
    kit: KitInput,
    cache: DownloadCache,
    kinds: tuple[str, ...],
    warn: Callable[[str], None] | None,
    one_page: bool,
    sandbox: Sandbox,
) -> Plan:
    for html in (kit.content_html, kit.plan_html):
        sandbox.check_html(html, kit.base_url)
    files = []
    if "pdf" in kinds:
        key = _pdf_key(kit, kit.plan_html, sandbox) + ("1" if one_page else "")
        task = _pdf_task(key, kit, sandbox, kit.plan_html, one_page=one_page)
        maker = _pdf_maker(kit, sandbox, task, warn, cache)
        files.append(Planned("pdf", f"{kit.name}.pdf", key, task, maker))
    if "docx" in kinds:
        files.append(_docx_file(kit, cache, f"{kit.name}.docx"))
    return Plan(kit, tuple(files), lesson=False)


def prepare(plans: list[Plan], cache: DownloadCache, workers: int | None = None) -> int:
    """Make the files of ``plans`` that the cache lacks in worker processes (identical files
    once), ready for :func:`finish`; how many were made. ``workers``: see
    :func:`sitekit.kits.parallel.workers`."""
    tasks = [
        planned.task
        for plan in plans
        for planned in plan.files
        if planned.task is not None
        and planned.key not in cache.ready
        and not cache.has(planned.name, planned.key)
    ]
    if not tasks:
        return 0
    started = time.perf_counter()
    found = parallel.run(tasks, workers)
    cache.ready.update(found)
    cache.stats.seconds += time.perf_counter() - started
    return len(found)


def finish(
    plan: Plan,
    cache: DownloadCache,
    extras: tuple[tuple[str, bytes], ...] | None = None,
    listing: str | None = None,
) -> list[Download]:
    """The files of ``plan`` from the cache, made where missing; for a lesson also its ZIP with
    ``extras`` and ``listing`` (default: the kit's own)."""
    found = [_download(p.kind, p.name, cache.get(p.name, p.key, p.make)) for p in plan.files]
    if plan.inputs:  # made without a memo: remember the keys (only now, once the files exist)
        files = [(p.kind, p.name, p.key) for p in plan.files]
        memo.remember(cache, plan.kit.name, plan.inputs, files)
    if not plan.lesson:
        return found
    kit = plan.kit
    members = [(d.filename, d.data) for d in found]
    members += list(kit.extras if extras is None else extras)
    listing = kit.listing if listing is None else listing
    if listing:
        members.append((README, listing.encode("utf-8")))
    # Keyed by the members' bytes: every generator gives the same bytes for the same input, so
    # two builds sharing the cache (e.g. a preview and a test run) cannot mix versions.
    zip_key = digest(
        "zip", GENERATOR_VERSION, *(part for name, data in members for part in (name, data))
    )
    name = filenames(kit.name)["kit"]
    found.append(_download("kit", name, cache.get(name, zip_key, lambda: make_zip(members))))
    return found


def make_kit(
    kit: KitInput, cache: DownloadCache, warn: Callable[[str], None] | None = None
) -> list[Download]:
    """Make (or take from the cache) the plan PDF, handouts PDF, DOCX, slides (when the kit has
    a deck) and ZIP of a lesson; the ZIP also holds ``kit.extras`` and the listing."""
    plan = plan_kit(kit, cache, warn)
    prepare([plan], cache)
    return finish(plan, cache)


def make_sheet(
    kit: KitInput,
    cache: DownloadCache,
    kinds: tuple[str, ...] = ("pdf", "docx"),
    warn: Callable[[str], None] | None = None,
    one_page: bool = False,
) -> list[Download]:
    """The downloads of a shared kit page: ``kit.name``.pdf from ``kit.plan_html`` and
    ``kit.name``.docx from ``kit.content_html``, as ``kinds`` asks; ``one_page``: the PDF is
    set in smaller type if it would run over one page."""
    plan = plan_sheet(kit, cache, kinds, warn, one_page)
    prepare([plan], cache)
    return finish(plan, cache)


def human_size(size: int, lang: str, units: dict[str, str] | None = None) -> str:
    """``84 KB``, ``1,2 MB`` (decimal comma except in English); ``units`` maps KB/MB to labels."""
    units = units or {}
    if size < 1000 * 1000:
        number, unit = f"{max(1, round(size / 1000))}", "KB"
    else:
        number, unit = f"{size / 1_000_000:.1f}", "MB"
        if lang != "en":
            number = number.replace(".", ",")
    return f"{number}\u00a0{units.get(unit, unit)}"
