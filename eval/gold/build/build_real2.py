"""Build eval/gold/real2.jsonl from the question lists in this folder and check every gold.

Run: PYTHONPATH=<worktree> /work/main/.venv/bin/python eval/gold/build/build_real2.py
Checks: evidence is a substring of its document after OpenCC t2s + pinyin-gloss removal +
whitespace removal; every number of a single-document table/text number answer occurs in the
document; every gold scores correct against itself with eval.metrics.score_answer.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html
import opencc
import pdfplumber

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
REAL = Path("/work/shared/real")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from eval.dataset import GoldQuestion  # noqa: E402
from eval.metrics import score_answer  # noqa: E402

T2S = opencc.OpenCC("t2s")
GLOSS = re.compile(r"\([a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňḿ]+\)")


def norm(text: str) -> str:
    text = T2S.convert(text)
    text = GLOSS.sub("", text)
    return re.sub(r"\s+", "", text)


_docs: dict[str, str] = {}


def doc_text(doc: str) -> str:
    if doc not in _docs:
        path = REAL / doc
        if doc.endswith(".html"):
            root = lxml.html.parse(str(path)).getroot()
            for bad in root.xpath("//script|//style"):
                bad.drop_tree()
            raw = root.text_content()
        elif doc.endswith(".pdf"):
            with pdfplumber.open(path) as pdf:
                raw = "".join(p.extract_text() or "" for p in pdf.pages)
        else:
            raw = path.read_text(encoding="utf-8")
        _docs[doc] = norm(raw)
    return _docs[doc]


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "pages/manifest.tsv", encoding="utf-8") as f:
        return {r["file"][:3]: r for r in csv.DictReader(f, delimiter="\t")}


def main() -> int:
    import q_pages1
    import q_pages2
    import q_pages3
    import q_pages4
    import q_pingtan
    import q_select
    import q_unans

    man = manifest()
    s2t = opencc.OpenCC("s2t")
    rows: list[dict] = []
    drafts = [d for mod in (q_pages1, q_pages2, q_pages3, q_pages4) for d in mod.Q]
    for page, kind, question, answer, evidence in q_select.select(drafts):
        m = man[page]
        if question in q_select.S2T:
            question = s2t.convert(question)
        question = q_select.TYPO.get(question, question)
        question = q_select.REWORD.get(question, question)
        rows.append(dict(question=question, answer=answer, kind=kind,
                         agency=T2S.convert(m["agency"]), year=int(m["year"]),
                         doc=f"pages/{page}.txt", evidence=evidence))
    for doc, kind, question, answer, evidence, agency, year in q_pingtan.Q:
        rows.append(dict(question=question, answer=answer, kind=kind, agency=agency, year=year,
                         doc=doc, evidence=evidence))
    for page, question, why, agency, year in q_unans.U:
        m = man[page] if page else None
        rows.append(dict(question=question, answer=f"拒答。{why}，无法回答。",
                         kind="unanswerable",
                         agency=agency or T2S.convert(m["agency"]),
                         year=year or int(m["year"]),
                         doc=f"pages/{page}.txt" if page else None, evidence=None))

    errors: list[str] = []
    seen_q: set[str] = set()
    for i, r in enumerate(rows, 1):
        r["id"] = f"r2_{i:03d}"
        if r["question"] in seen_q:
            errors.append(f"{r['id']}: duplicate question")
        seen_q.add(r["question"])
        if r["evidence"]:
            text = doc_text(r["doc"])
            if norm(r["evidence"]) not in text:
                errors.append(f"{r['id']} {r['doc']}: evidence not found: {r['evidence']}")
            if r["kind"] in ("table_number", "text_number"):
                for num in re.findall(r"\d+(?:\.\d+)?", r["answer"].replace(",", "")):
                    if num not in text:
                        errors.append(f"{r['id']} {r['doc']}: number {num} not in document")
        q = GoldQuestion.model_validate(r)
        s = score_answer(q, q.answer, answerable=not q.expects_refusal)
        if not s.correct:
            errors.append(f"{r['id']}: gold fails its own scoring: {s.reason}")

    out = ROOT / "eval/gold/real2.jsonl"
    keys = ("id", "question", "answer", "kind", "agency", "year", "doc", "evidence")
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n")

    kinds = Counter(r["kind"] for r in rows)
    page_rows = [r for r in rows if r["doc"] and r["doc"].startswith("pages/")]
    print(f"{len(rows)} questions -> {out}")
    print("kinds:", dict(kinds))
    print(f"page-start questions: {len(page_rows)} over {len({r['doc'] for r in page_rows})} pages")
    for e in errors:
        print("ERROR", e)
    print(f"{len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
