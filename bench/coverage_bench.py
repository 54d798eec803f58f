"""Benchmark: the translation-coverage check on a synthetic site of 4 languages × 500 pages.

Writes a temporary tree (Latvian source pages of about 7 KB, like the real ones, with phone
numbers, e-mail, URLs and a helplines marker; stamped translations, a few outdated, missing and
orphaned), then times ``sitekit.coverage.check``, which the hook runs once per build. Prints
wall-clock and CPU time (CPU time is the steadier figure on a shared machine); run it with
``.venv/bin/python bench/coverage_bench.py [--pages 500] [--runs 7]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sitekit import coverage  # noqa: E402

LANGS = ("lv", "ru", "uk", "en")
PARAGRAPH = (
    "Ja kāds tev raksta, sola naudu vai darbu, lūdz bildes vai draud, tā nav tava vaina. "
    "Saglabā ekrānuzņēmumus, nebloķē uzreiz un pastāsti pieaugušajam, kam uzticies. "
    "Vari zvanīt [116111](tel:116111) vai [+371 28612120](tel:+37128612120), rakstīt uz "
    "pasts@vp.gov.lv vai ziņot <https://www.vp.gov.lv/lv/zinot>.\n"
)
PROSE = (
    "Vervētāji bieži sāk ar komplimentiem un dāvanām, pēc tam lūdz noslēpumu un pakāpeniski "
    "prasa arvien vairāk. Brīdinājuma zīmes ir steiga, izolācija no draugiem un solījumi, kas "
    "izklausās pārāk labi, lai būtu patiesi. 2024. gadā par to runāja 50 000 jauniešu.\n"
)


def page(lang: str, n: int, stamp: str | None = None) -> str:
    stamped = f'source_hash: "{stamp}"\n' if stamp else ""
    body = "\n".join(f"## Sadaļa {k}\n\n{PARAGRAPH if k % 2 else PROSE * 3}" for k in range(12))
    return (
        f"---\ntitle: Lapa {n} ({lang})\ndescription: Apraksts {n}.\n{stamped}---\n\n"
        f"# Lapa {n}\n\n{body}\n<!-- helplines: emergency childline -->\n"
    )


def make_tree(root: Path, pages: int) -> coverage.Settings:
    docs = root / "docs"
    for n in range(pages):
        rel = f"section-{n % 10}/page-{n}.md"
        source = page("lv", n)
        (docs / "lv" / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / "lv" / rel).write_text(source, encoding="utf-8")
        digest = coverage.source_hash(source)
        for lang in LANGS[1:]:
            if n % 97 == 5 and lang == "uk":
                continue  # missing
            stamp = "0123456789ab" if n % 50 == 7 else digest  # outdated
            target = docs / lang / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page(lang, n, stamp), encoding="utf-8")
    (docs / "en/orphan.md").write_text("# Orphan\n", encoding="utf-8")
    return coverage.Settings(
        root=root,
        docs_dir=docs,
        source="lv",
        languages=LANGS,
        policy=coverage.Policy(critical=("section-1/*.md",), minimum={"ru": 100}),
        known_folders=frozenset(LANGS),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=500, help="pages per language")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="coverage-bench-") as tmp:
        settings = make_tree(Path(tmp), args.pages)
        files = sum(1 for p in settings.docs_dir.rglob("*.md"))
        size = sum(p.stat().st_size for p in settings.docs_dir.rglob("*.md"))
        coverage.check(settings)  # warm the file-system cache
        times, cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            report = coverage.check(settings)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    summary = report.summary()
    print(
        f"coverage check of {len(LANGS)} languages x {args.pages} pages "
        f"({files} files, {size / 1e6:.1f} MB): best {min(times):.3f} s, "
        f"median {statistics.median(times):.3f} s over {args.runs} runs "
        f"(CPU time: best {min(cpu):.3f} s)"
    )
    print(
        "  "
        + ", ".join(
            f"{lang}: {row['current']} current, {row['outdated']} outdated, "
            f"{row['missing']} missing"
            for lang, row in summary.items()
        )
        + f"; {len(report.problems)} problems"
    )


if __name__ == "__main__":
    main()
