"""OCR accuracy and speed on scanned copies of fictional reports: `.venv/bin/python bench/ocr.py`.

Each report is made as a text PDF (python-docx → LibreOffice), rasterised (pdftoppm) into
image-only PDFs — clean at 300 and 150 dpi, and degraded (grain, 1–2° skew, a red seal) at 300
dpi — and read back through the normal readers and the one parser. Compared with the text PDF:
  grid   table cells of the reader's tab rows read right (non-empty cells of either side)
  cells  parsed Report cells (table, row, column) with the same value
  flag   wrong or missing cells that a finding names or that carry a low confidence
  miss   cells not read and not named by a finding (absent, not invented)
  silent wrong values nobody flagged (must be 0: nothing invented)
  s/page wall seconds and CPU seconds per page (the machine's load shows in wall time)
Reports: 青石镇 (tests/ingest/formats.py) with ruled tables and filled into the official form, plus
`--synth N` reports of eval.synth (random figures, 8 pt type, narrow number columns).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests" / "ingest")]

import formats  # noqa: E402
import ocr_fixtures  # noqa: E402

from ingest.parse import parse_document  # noqa: E402
from ingest.read import read_document  # noqa: E402
from ingest.read.ocr import LOW_CONFIDENCE  # noqa: E402
from ingest.records import Report  # noqa: E402

VARIANTS = {"clean-300": (300, False), "clean-150": (150, False), "degraded-300": (300, True)}


def sources(out: Path, synth: int) -> dict[str, Path]:
    made = {"qingshi-ruled": ocr_fixtures.report_pdf(out), "qingshi-form": ocr_fixtures.report_pdf(out, form=True)}
    if synth:
        from eval.synth import generate_specs
        from eval.synth_render import docx_to_pdf, write_docx

        specs = generate_specs(synth, [2024], seed=11, inconsistency_rate=0.0)[:synth]
        docs = [write_docx(spec, out / f"synth{i}.docx") for i, spec in enumerate(specs)]
        made.update({f"synth{i}": pdf for i, pdf in enumerate(docx_to_pdf(docs, out))})
    return made


def flagged(report: Report) -> set[tuple[str, str, str]]:
    """Cells a finding names, a low confidence marks, or an unplaced-row finding covers (its line)."""
    out = {(c.table, c.row, c.column) for f in report.findings for c in f.cells}
    out |= {(c.table, c.row, c.column) for c in report.cells if c.confidence is not None and c.confidence < LOW_CONFIDENCE}
    return out


def compare(scan: Report, text: Report) -> tuple[int, int, int, int, int, list[str]]:
    """Cells right, cells in all, wrong-but-flagged, missing (not read), wrong-and-silent, notes."""
    got = {(c.table, c.row, c.column): c for c in scan.cells}
    marked = flagged(scan)
    right = flag = missing = silent = 0
    notes = []
    for want in text.cells:
        key = (want.table, want.row, want.column)
        have = got.get(key)
        if have is not None and have.value == want.value:
            right += 1
        elif key in marked:
            flag += 1
        elif have is None or have.value is None:
            missing += 1
            notes.append(f"missing {key}: {want.value}")
        else:
            silent += 1
            notes.append(f"SILENT {key}: {want.value} read as {have.value} ({have.confidence})")
    return right, len(text.cells), flag, missing, silent, notes


def run(out: Path, synth: int, variants: list[str]) -> None:
    print(f"{'report':<15}{'variant':<14}{'pages':>6}{'grid':>9}{'cells':>9}{'flag':>6}{'miss':>6}{'silent':>7}"
          f"{'sect':>6}{'facts':>6}{'wall/p':>8}{'cpu/p':>7}")
    totals: dict[str, list[float]] = {}
    for name, pdf in sources(out, synth).items():
        text_doc = read_document(pdf)
        text = parse_document(text_doc, source_path=str(pdf))
        want_rows = formats.table_rows(text_doc.text)
        for variant in variants:
            dpi, degraded = VARIANTS[variant]
            scan = ocr_fixtures.scanned_pdf(pdf, out / f"{name}-{variant}", dpi, degraded=degraded)
            pages: list[int] = []
            wall, cpu = time.perf_counter(), time.process_time()
            doc = read_document(scan, progress=lambda done, total, seen=pages: seen.append(total))
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            report = parse_document(doc, source_path=str(scan))
            g_right, g_total, _ = ocr_fixtures.cell_accuracy(formats.table_rows(doc.text), want_rows)
            right, total, flag, miss, silent, notes = compare(report, text)
            same_sections = [s.number for s in report.sections] == [s.number for s in text.sections]
            same_facts = {(f.metric, f.value) for f in report.facts} == {(f.metric, f.value) for f in text.facts}
            n = pages[-1] if pages else 1
            print(f"{name:<15}{variant:<14}{n:>6}{g_right / g_total:>9.1%}{right / total:>9.1%}{flag:>6}{miss:>6}{silent:>7}"
                  f"{'same' if same_sections else 'DIFF':>6}{'same' if same_facts else 'DIFF':>6}"
                  f"{wall / n:>8.1f}{cpu / n:>7.1f}", flush=True)
            for note in notes:
                print("   ", note)
            t = totals.setdefault(variant, [0.0] * 8)
            for i, v in enumerate((right, total, flag, miss, silent, wall, cpu, n)):
                t[i] += v
    print("\nper variant: cells right, wrong-but-flagged, missing, silent, wall s/page, cpu s/page")
    for variant, (right, total, flag, miss, silent, wall, cpu, n) in totals.items():
        print(f"  {variant:<14}{right / total:.1%}  flagged {flag:.0f}  missing {miss:.0f}  silent {silent:.0f}"
              f"  {wall / n:.1f}  {cpu / n:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, help="keep the scans here (default: a temporary folder)")
    parser.add_argument("--synth", type=int, default=2, help="eval.synth reports added to the two 青石镇 ones")
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS), choices=list(VARIANTS))
    args = parser.parse_args()
    if formats.soffice() is None:
        sys.exit("LibreOffice (soffice) is needed to make the PDFs: apt-get install libreoffice-writer fonts-noto-cjk")
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        run(args.out, args.synth, args.variants)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run(Path(tmp), args.synth, args.variants)


if __name__ == "__main__":
    main()
