"""What a language's campaign kit holds and how it is made (or taken from the cache)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sitekit.campaign import cache, layout, palette, qr, render
from sitekit.campaign.content import Campaign
from sitekit.data import Helpline
from sitekit.kits import parallel
from sitekit.kits.cache import Entry

ASSETS = Path("docs/assets")
ILLUSTRATIONS = {"young": "phone-shield.svg", "parents": "talk.svg", "card": "signpost.svg"}
PAGES = {"A4": "297mm", "A3": "420mm", "A5": "210mm"}
PREVIEW_WIDTH = 360  # social images' previews
PDF_PREVIEW_WIDTH = 240


@dataclass(frozen=True)
class Spec:
    """One item of the kit."""

    id: str  # file stem without the language, e.g. "poster-young-a4"
    kind: str  # poster, leaflet, cards, social
    audience: str  # young, parents, card
    paper: str = ""  # A4, A3, A5 (PDF items)
    size: tuple[int, int] = (0, 0)  # pixels (PNG items)

    @property
    def ext(self) -> str:
        return "png" if self.kind == "social" else "pdf"


SPECS: tuple[Spec, ...] = (
    Spec("poster-young-a4", "poster", "young", paper="A4"),
    Spec("poster-young-a3", "poster", "young", paper="A3"),
    Spec("poster-parents-a4", "poster", "parents", paper="A4"),
    Spec("leaflet-young-a5", "leaflet", "young", paper="A5"),
    Spec("leaflet-parents-a5", "leaflet", "parents", paper="A5"),
    Spec("cards-a4", "cards", "card", paper="A4"),
    Spec("social-young-feed", "social", "young", size=(1080, 1350)),
    Spec("social-young-story", "social", "young", size=(1080, 1920)),
    Spec("social-parents-feed", "social", "parents", size=(1080, 1350)),
    Spec("social-parents-story", "social", "parents", size=(1080, 1920)),
)
# The blocks of each page (see templates/poster.html).
BLOCKS: dict[tuple[str, str], list[list[str]]] = {
    ("poster", "young"): [["brand", "hero", "offer", "steps", "help", "qr"]],
    ("poster", "parents"): [["brand", "hero", "steps", "help", "qr"]],
    ("leaflet", "young"): [["brand", "hero", "offer", "signs"], ["steps", "help", "qr"]],
    ("leaflet", "parents"): [["brand", "hero", "signs"], ["steps", "help", "qr"]],
}
SCALE = {"A4": 1.0, "A3": 1.41, "A5": 0.8}


@dataclass(frozen=True)
class KitInput:
    """Everything one language's kit is made from."""

    lang: str
    prefix: str  # the language's URL prefix: "" for the default language, "ru/", …
    site_url: str
    site_name: str
    confirmed: bool  # site_url confirmed in mkdocs.yml: no draft mark
    campaign: Campaign
    helplines: dict[str, Helpline]
    root: Path  # the project folder (docs/assets/ holds the logo and illustrations)


@dataclass(frozen=True)
class Item:
    """One made file of the kit."""

    spec: Spec
    filename: str
    path: Path
    size: int
    generated: bool
    url: str  # the page its QR code opens
    texts: tuple[str, ...]  # every text put on the item (for the tests and the alt text)
    numbers: tuple[str, ...]  # the phone numbers shown, as displayed
    alt: str = ""  # social images: alternative text
    post: str = ""  # social images: the text of the post
    preview: Path | None = None  # a small PNG for the materials page
    source: str = ""  # the HTML or SVG the file was made from

    @property
    def preview_name(self) -> str:
        return self.filename.rsplit(".", 1)[0] + "-preview.png"


def _helplines(kit: KitInput, audience: str) -> list[dict[str, str]]:
    lang = kit.lang
    return [
        {
            "display": str(kit.helplines[hid].display),
            "name": kit.helplines[hid].text("name", lang),
            "hours": kit.helplines[hid].text("hours", lang),
        }
        for hid in kit.campaign.helplines[audience]
    ]


def _qr_store(store: cache.DownloadCache) -> cache.DownloadCache:
    """Where QR drawings are kept: beside the kit's files, counted apart from them."""
    return cache.DownloadCache(store.root / "qr")


def _asset(kit: KitInput, name: str) -> str:
    return (kit.root / ASSETS / name).read_text(encoding="utf-8")


@dataclass(frozen=True)
class _Shared:
    """What every item of one spec and language starts from."""

    t: dict[str, str]  # texts in the kit's language
    draft: str | None  # the draft mark, or None once site_url is confirmed
    url: str  # the page the QR code opens
    helplines: list[dict[str, str]]
    logo: str
    illustration: str
    filename: str


def make_item(
    spec: Spec,
    kit: KitInput,
    store: cache.DownloadCache,
    warn: Callable[[str], None] | None = None,
) -> Item:
    """Make one item (or take it from ``store``)."""
    t = {key: texts[kit.lang] for key, texts in kit.campaign.texts.items()}
    shared = _Shared(
        t=t,
        draft=None if kit.confirmed else t["draft_mark"],
        url=qr.page_url(kit.site_url, kit.prefix, kit.campaign.targets[spec.audience]),
        helplines=_helplines(kit, spec.audience),
        logo=_asset(kit, "logo.svg"),
        illustration=_asset(kit, "illustrations/" + ILLUSTRATIONS[spec.audience]),
        filename=f"{spec.id}-{kit.lang}.{spec.ext}",
    )
    if spec.kind == "social":
        return _social(spec, kit, store, shared)
    return _print(spec, kit, store, shared, warn)


def _social(spec: Spec, kit: KitInput, store: cache.DownloadCache, shared: _Shared) -> Item:
    """A PNG social image, its preview, alt text and post text."""
    t, a, draft, url = shared.t, spec.audience, shared.draft, shared.url
    width, height = spec.size
    qr_size = 280 if height > 1700 else 220
    # Images show the audience's first two helplines (the print items show all of them).
    helplines = shared.helplines[:2]
    svg = layout.social_svg(
        width=width, height=height, site_name=kit.site_name, draft=draft,
        logo=layout.svg_inner(shared.logo), illustration=layout.svg_inner(shared.illustration),
        headline=t[f"{a}_headline"], lead=t[f"{a}_lead"], helplines=helplines,
        scan=t[f"{a}_scan"], qr_url=url, qr_size=qr_size,
        qr_svg=qr.stored(_qr_store(store), qr.svg_group, url, qr_size),
    )  # fmt: skip
    texts = (
        t[f"{a}_headline"], t[f"{a}_lead"], t[f"{a}_scan"],
        *(h["name"] for h in helplines), *((draft,) if draft else ()),
    )  # fmt: skip
    lines = "; ".join(f"{h['display']} — {h['name']}" for h in helplines)
    alt = " ".join(
        [*((draft + ".",) if draft else ()), t[f"alt_{a}"], t["alt_text_label"],
         t[f"{a}_headline"], t[f"{a}_lead"], lines + ".", f"{t[f'{a}_scan']}: {url}"]
    )  # fmt: skip
    numbers_line = "; ".join(f"{h['name']}: {h['display']}" for h in helplines)
    path, made = cache.get(
        store,
        shared.filename, cache.key("png", svg, str(width), str(height)),
        lambda: render.png(svg, width, height),
    )  # fmt: skip
    small = (PREVIEW_WIDTH, round(PREVIEW_WIDTH * height / width))
    preview, _ = cache.get(
        store,
        shared.filename.removesuffix(".png") + "-preview.png",
        cache.key("png", svg, *map(str, small)),
        lambda: render.png(svg, *small),
    )
    return Item(
        spec=spec, filename=shared.filename, path=path, size=path.stat().st_size,
        generated=made, url=url, texts=texts, numbers=tuple(h["display"] for h in helplines),
        alt=alt, post=f"{t[f'post_{a}']} {numbers_line}. {url}", preview=preview, source=svg,
    )  # fmt: skip


def _print(
    spec: Spec,
    kit: KitInput,
    store: cache.DownloadCache,
    shared: _Shared,
    warn: Callable[[str], None] | None,
) -> Item:
    """A PDF poster, leaflet or card sheet, and a PNG preview of its first page."""
    t, a, draft = shared.t, spec.audience, shared.draft
    title = t[f"item_{'cards' if spec.kind == 'cards' else spec.kind + '_' + a}"]
    context = {
        "lang": kit.lang, "t": t, "draft": draft, "site_name": kit.site_name,
        "logo": shared.logo, "illustration": shared.illustration, "helplines": shared.helplines,
        "qr_png": qr.stored(_qr_store(store), qr.png_data_uri, shared.url), "qr_url": shared.url,
        "audience": a, "title": title,
    }  # fmt: skip
    pages = 1
    if spec.kind == "cards":
        html, css = layout.cards_html(**context), layout.cards_css()
        texts: tuple[str, ...] = (
            t["card_title"], t["card_lead"], t["card_scan"],
            *(h["name"] for h in shared.helplines),
        )  # fmt: skip
    else:
        blocks = BLOCKS[(spec.kind, a)]
        pages = len(blocks)
        html = layout.poster_html(pages=blocks, **context)
        css = layout.print_css(
            spec.paper, PAGES[spec.paper], SCALE[spec.paper], bleed=True,
            background=palette.SKY, draft=bool(draft),
        )  # fmt: skip
        shown = [b for page in blocks for b in page]
        texts = (t[f"{a}_headline"], t[f"{a}_lead"], t[f"{a}_scan"])
        if "steps" in shown:
            texts += tuple(t[f"{a}_step_{i}"] for i in (1, 2, 3))
        if "signs" in shown:
            texts += tuple(t[f"{a}_sign_{i}"] for i in (1, 2, 3, 4))
    if draft:
        texts += (draft,)
    base = layout.TEMPLATES.as_uri() + "/"
    path, made = cache.get(
        store,
        shared.filename, cache.key("pdf", html, css),
        lambda: render.pdf(html, css, base, shared.filename, warn, pages),
    )  # fmt: skip
    pdf_bytes = path.read_bytes()
    preview, _ = cache.get(
        store,
        shared.filename.removesuffix(".pdf") + "-preview.png",
        cache.key("preview", pdf_bytes, str(PDF_PREVIEW_WIDTH)),
        lambda: render.pdf_preview(pdf_bytes, PDF_PREVIEW_WIDTH),
    )
    return Item(
        spec=spec, filename=shared.filename, path=path, size=path.stat().st_size,
        generated=made, url=shared.url, texts=texts,
        numbers=tuple(h["display"] for h in shared.helplines), preview=preview, source=html,
    )  # fmt: skip


class _Missing(Exception):
    """A file :func:`build`'s first pass did not find in the cache."""


class _Probe(cache.DownloadCache):
    """The store, read only: a file it lacks stops the item (:class:`_Missing`)."""

    def get(self, name: str, key: str, make: Callable[[], bytes]) -> Entry:
        def missing() -> bytes:
            raise _Missing(name)

        return super().get(name, key, missing)


def _made_apart(spec: Spec, kit: KitInput, root: Path) -> tuple[Item, int, int, float, list[str]]:
    """:func:`make_item` in a worker process: (item, files made, from the cache, seconds spent
    making, warnings to pass on)."""
    store = cache.DownloadCache(root)
    messages: list[str] = []
    item = make_item(spec, kit, store, messages.append)
    return item, store.stats.generated, store.stats.reused, store.stats.seconds, messages


def build(
    kit: KitInput,
    store: cache.DownloadCache,
    out_dir: Path | None = None,
    warn: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Item]:
    """Make every item of ``kit``; copy the files (and each image's texts) into ``out_dir``.

    Items whose files are all in the cache are taken from it; the others are made at once in
    worker processes (``sitekit.kits.parallel``; ``workers``: how many), or here where a worker
    could not make one (which raises the proper error)."""
    found: dict[str, Item] = {}
    probe = _Probe(store.root)
    for spec in SPECS:
        before = probe.stats.reused
        try:
            found[spec.id] = make_item(spec, kit, probe, warn)
        except _Missing:
            probe.stats.reused = before
    store.stats.reused += probe.stats.reused
    todo = [spec for spec in SPECS if spec.id not in found]
    if len(todo) > 1:
        tasks = [parallel.Task(spec.id, _made_apart, (spec, kit, store.root)) for spec in todo]
        for spec_id, (item, made, reused, seconds, messages) in parallel.run(
            tasks, workers
        ).items():
            found[spec_id] = item
            store.stats.generated += made
            store.stats.reused += reused
            store.stats.seconds += seconds
            for message in messages:
                if warn:
                    warn(message)
    for spec in SPECS:
        if spec.id not in found:
            found[spec.id] = make_item(spec, kit, store, warn)
    items = [found[spec.id] for spec in SPECS]
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for item in items:
            shutil.copyfile(item.path, out_dir / item.filename)
            if item.preview is not None:
                shutil.copyfile(item.preview, out_dir / item.preview_name)
            if item.alt:
                text = f"{item.post}\n\n{item.alt}\n"
                # The site folder, like MkDocs' own pages: no flush to the disk (the cache's
                # entries are the ones written atomically).
                (out_dir / (item.filename[: -len(".png")] + ".txt")).write_bytes(text.encode())
    return items
