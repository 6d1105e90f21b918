"""Write a synthetic corpus for scale runs: N fictional agencies × years × formats, plus truth.jsonl.

    python bench/make_corpus.py --agencies 5000 --years 2023 --years 2024 --formats txt --out /tmp/corpus

Every file's cells, facts and commitments are known (eval.synth), so ingestion at scale can be
scored, not only timed. PDF needs LibreOffice (soffice) and is slow: keep it to a few hundred.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

app = typer.Typer(add_completion=False, help=__doc__)


@app.command()
def main(
    out: Annotated[Path, typer.Option(help="Folder to write into (created).")],
    agencies: Annotated[int, typer.Option(min=1, help="Number of fictional agencies.")] = 100,
    years: Annotated[list[int] | None, typer.Option(help="Report years (repeat the option); default 2023 2024.")] = None,
    formats: Annotated[list[str] | None, typer.Option(help="txt, pdftxt, gb18030, html, docx, pdf (repeat); default txt.")] = None,
    seed: Annotated[int, typer.Option(help="Same seed, same corpus.")] = 0,
    inconsistency_rate: Annotated[float, typer.Option(min=0, max=1, help="Share of reports with one broken relation.")] = 0.1,
    blank_rate: Annotated[float, typer.Option(min=0, max=1, help="Share of zero applicant cells left blank ('/').")] = 0.0,
) -> None:
    """Generate the corpus and say where it is."""
    from eval.synth import generate_corpus
    from eval.synth_render import FORMATS

    years = years or [2023, 2024]
    formats = formats or ["txt"]
    unknown = sorted(set(formats) - set(FORMATS))
    if unknown:
        raise typer.BadParameter(f"unknown formats {unknown}; choose from {', '.join(FORMATS)}")
    t0 = time.perf_counter()
    rows = generate_corpus(agencies, years, formats, out, seed,
                           inconsistency_rate=inconsistency_rate, blank_rate=blank_rate)
    typer.echo(f"wrote {len(rows)} reports to {out} in {time.perf_counter() - t0:.1f}s (truth: {out / 'truth.jsonl'})")


if __name__ == "__main__":
    app()
