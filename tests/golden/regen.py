"""Compare the parser's output on the samples with their truth, and snapshot it once reviewed.

    python tests/golden/regen.py           # report differences (cells, facts, commitments, findings)
    python tests/golden/regen.py --write   # also write tests/golden/samples/<stem>.parsed.json

The truth files (*.truth.json) come from samples/build.py and are never written here. A snapshot
records what the parser says beyond the truth (finding rules, fact metrics) so that a later change
to the parser shows up in tests/test_samples.py; write it only after reading the report below.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
GOLDEN = REPO / "tests" / "golden" / "samples"


def main() -> int:
    from ingest.parse import parse_file

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write", action="store_true", help="write <stem>.parsed.json snapshots")
    args = ap.parse_args()
    problems = 0
    for truth_path in sorted(GOLDEN.glob("*.truth.json")):
        truth = json.loads(truth_path.read_text(encoding="utf-8"))
        stem = truth_path.name.removesuffix(".truth.json")
        report = parse_file(REPO / "samples" / truth["file"])
        wrong = [(t, r, c, v, getattr(report.cell(t, r, c), "value", "missing"))
                 for t, r, c, v in truth["cells"] if getattr(report.cell(t, r, c), "value", "missing") != v]
        counts = {k: sum(x.kind == k for x in report.commitments) for k in ("problem", "measure")}
        print(f"== {truth['file']}: {report.meta.agency} {report.meta.year}, {len(report.cells)} cells,"
              f" {len(report.facts)} facts, commitments {counts} (truth {truth['commitments']})")
        for t, r, c, v, got in wrong[:20]:
            print(f"   cell {t}/{r}/{c}: parsed {got}, truth {v}")
        for f in report.findings:
            print(f"   finding {f.rule} [{f.severity}] {f.message[:90]}")
        problems += len(wrong) + (counts != truth["commitments"])
        if args.write:
            snapshot = {"file": truth["file"], "finding_rules": sorted(f.rule for f in report.findings),
                        "facts": sorted([f.metric, f.value, f.unit] for f in report.facts)}
            (GOLDEN / f"{stem}.parsed.json").write_text(json.dumps(snapshot, ensure_ascii=False, indent=1) + "\n",
                                                       encoding="utf-8")
    print(f"{problems} differences from the truth" + (" (snapshots written)" if args.write else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
