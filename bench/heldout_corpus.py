"""Regenerate the held-out evaluation corpus (eval/gold/heldout.jsonl is scored against it).

    .venv/bin/python bench/heldout_corpus.py --out /tmp/heldout
    .venv/bin/gongkai eval --questions eval/gold/heldout.jsonl --corpus /tmp/heldout/corpus --out /tmp/heldout/out

The gold set was written by an outside evaluator against this corpus, not against the shipped
samples: five fictional agencies of one fictional county (岚溪县) — three county departments, a
sub-district and a township — over two or three years, each report in one format (txt, html,
docx, pdf). Fixed seeds make the files, and so the gold answers, the same on every run.
truth.jsonl (beside corpus/, so it is not ingested) holds every cell, fact and commitment.
PDF needs LibreOffice (soffice).
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Annotated

import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

COUNTY = "岚溪县"
# (slug, agency, agency_raw, kind, {year: format})
AGENCIES: tuple[tuple[str, str, str, str, dict[int, str]], ...] = (
    ("zrzy", "岚溪县自然资源局", "岚溪县自然资源局", "department", {2023: "html", 2024: "docx", 2025: "txt"}),
    ("gaj", "岚溪县公安局", "岚溪县公安局", "department", {2024: "pdf", 2025: "txt"}),
    ("wjw", "岚溪县卫生健康委员会", "岚溪县卫生健康委员会", "department", {2024: "docx", 2025: "html"}),
    ("heming", "鹤鸣街道", "岚溪县鹤鸣街道办事处", "subdistrict", {2023: "txt", 2024: "pdf", 2025: "html"}),
    ("xinghua", "杏花镇", "岚溪县杏花镇", "township", {2024: "html", 2025: "docx"}),
)
SEED = 20260301

app = typer.Typer(add_completion=False, help=__doc__)


def build(out: Path) -> list[dict[str, object]]:
    """Write out/corpus/<slug>_<year>.<ext> and out/truth.jsonl; return the truth rows."""
    from eval.synth import ReportSpec, generate_spec
    from eval.synth_render import write_reports

    corpus = out / "corpus"
    if corpus.exists():
        shutil.rmtree(corpus)
    corpus.mkdir(parents=True)
    by_format: dict[str, list[tuple[str, ReportSpec]]] = defaultdict(list)
    for n, (slug, agency, raw, kind, years) in enumerate(AGENCIES):
        previous: ReportSpec | None = None
        for year in sorted(years):
            previous = generate_spec(SEED + 100 * n + year, agency=(agency, raw, COUNTY, kind), year=year,
                                     blank_rate=0.2, previous=previous)
            by_format[years[year]].append((slug, previous))
    rows: list[dict[str, object]] = []
    for fmt, items in by_format.items():
        with tempfile.TemporaryDirectory() as tmp:
            # one spec a call: write_reports numbers agencies per call, our names come from the slug
            paths = [write_reports([spec], fmt, Path(tmp) / f"{slug}{spec.year}")[0] for slug, spec in items]
            for (slug, spec), path in zip(items, paths, strict=True):
                target = corpus / f"{slug}_{spec.year}{path.suffix}"
                shutil.move(str(path), target)
                rows.append({"file": target.name, "format": fmt, **spec.truth()})
    rows.sort(key=lambda r: str(r["file"]))
    with (out / "truth.jsonl").open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return rows


@app.command()
def main(out: Annotated[Path, typer.Option(help="Folder to write corpus/ and truth.jsonl into.")] = Path("/tmp/heldout")) -> None:
    """Generate the held-out corpus and say where it is."""
    rows = build(out)
    typer.echo(f"wrote {len(rows)} reports to {out / 'corpus'} (truth: {out / 'truth.jsonl'})")


if __name__ == "__main__":
    app()
