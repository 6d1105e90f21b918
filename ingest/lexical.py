"""The BM25 side of retrieval as SQLite tables, kept up to date inside the store's own transactions.

Why here and not in the retriever: building BM25 over 10,000 reports took ~20 s, and the first
question after every ingest paid for it (issue 15). Now the index is written together with the
report rows, incrementally, so no question ever builds or loads anything.

Layout (ingest/migrations/003_lexical.sql). Every chunk of a *current, complete* report has a
document number `chunks.lex_doc` (NULL otherwise: pending, another edition, a removed report) and
its token count `chunks.lex_len`. Postings live in segments: `lex_postings(seg, term) -> blob`, the
blob holding the segment's documents that contain the term (uint32, ascending) and the term's count
in each (uint8; a count over 255 in one chunk is cut to 255); `lex_segments.lengths` holds the
length of each of its documents (uint16). A level-0 segment (one report) is kept packed in its
`lex_segments` row instead (`packed`: JSON term -> [doc, count, doc, count, …]), so that storing a report
writes one row, not a thousand scattered over the postings tree. A report that becomes current is one new
level-0 segment; when a level holds FANOUT segments they are merged into one of the next level
(consecutive segments cover consecutive document numbers, so a merge is a concatenation), so a
store of n reports has at most FANOUT-1 segments per level, ~log_FANOUT(n) levels. A document
that stops being current is not cut out of its segment: its number goes to `lex_dead` (a trigger,
for every delete path) and merges drop it later. `meta` counts the live documents and their tokens.

Scores are exactly bm25s' default (Lucene BM25, k1 = 1.5, b = 0.75) over the current corpus, the
corpus the retriever used before: idf = ln(1 + (N - df + 0.5) / (df + 0.5)), where N and df
count live documents only (dead ones are subtracted), and avgdl is over live documents.
A crash mid-ingest rolls the whole transaction back: the index is never half-written.
"""

from __future__ import annotations

import json
import math
import sqlite3
import struct
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

K1 = 1.5
B = 0.75
FANOUT = 8
_U8, _U16 = 255, 65535


def _pack(docs: Sequence[int], tf: Sequence[int]) -> bytes:
    """struct, not numpy: most postings written at ingest hold one or two documents."""
    n = len(docs)
    return struct.pack(f"<{n}I{n}B", *docs, *(min(t, _U8) for t in tf))


def _from_packed(pairs: Sequence[int]) -> bytes:
    return _pack(pairs[0::2], pairs[1::2])


def _concat(blobs: Sequence[bytes]) -> bytes:
    """The postings of consecutive segments as one: all documents, then all counts."""
    cuts = [4 * (len(b) // 5) for b in blobs]
    return b"".join(b[:c] for b, c in zip(blobs, cuts, strict=True)) + b"".join(
        b[c:] for b, c in zip(blobs, cuts, strict=True))


def _unpack(blob: bytes) -> tuple[Any, Any]:
    import numpy as np

    n = len(blob) // 5
    return np.frombuffer(blob, dtype="<u4", count=n), np.frombuffer(blob, dtype="u1", count=n, offset=4 * n)


def _counter(db: sqlite3.Connection, key: str) -> int:
    return int(db.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()[0])


def _bump(db: sqlite3.Connection, key: str, by: int) -> None:
    db.execute("UPDATE meta SET value=CAST(value AS INTEGER)+? WHERE key=?", (by, key))


# ---------------------------------------------------------------------- writes (inside the caller's transaction)
def sync(db: sqlite3.Connection, report_ids: Iterable[str], tokens: Mapping[str, str] | None = None) -> int:
    """Make the index hold exactly the chunks of those reports that are complete and current.

    Chunks that stopped being current leave (their numbers go to lex_dead); chunks that became
    current enter as one new segment, with `tokens` (chunk id -> space-joined BM25 tokens, from the
    ingest) or, for a report that was stored before, tokens cut again from the chunk text. Returns
    the number of chunks added."""
    ids = list(dict.fromkeys(report_ids))
    if not ids:
        return 0
    marks = ",".join("?" * len(ids))
    db.execute(f"UPDATE chunks SET lex_doc=NULL, lex_len=NULL WHERE lex_doc IS NOT NULL AND report_id IN ({marks}) "
               f"AND report_id IN (SELECT id FROM reports WHERE state<>'complete' OR current=0)", ids)
    rows = db.execute(
        f"SELECT c.id, c.text FROM chunks c JOIN reports r ON r.id=c.report_id WHERE c.report_id IN ({marks}) "
        f"AND r.state='complete' AND r.current=1 AND c.lex_doc IS NULL ORDER BY c.report_id, c.n", ids).fetchall()
    return _add(db, [(cid, (tokens or {}).get(cid)) for cid, _ in rows], {cid: text for cid, text in rows})


def _add(db: sqlite3.Connection, chunks: Sequence[tuple[str, str | None]], texts: Mapping[str, str],
         level: int = 0) -> int:
    """One new segment of these chunks: packed at level 0 (one report), else in lex_postings."""
    from ingest.words import search_tokens

    if not chunks:
        return 0
    first = _counter(db, "lex_next_doc")
    import numpy as np

    postings: dict[str, list[int]] = defaultdict(list)
    numbered, total = [], 0
    for doc, (cid, joined) in enumerate(chunks, first):
        words = joined.split() if joined is not None else search_tokens(texts[cid])
        numbered.append((doc, len(words), cid))
        total += len(words)
        for term, tf in Counter(words).items():
            postings[term] += (doc, tf)
    last = first + len(chunks) - 1
    db.executemany("UPDATE chunks SET lex_doc=?, lex_len=? WHERE id=?", numbered)
    lengths = np.minimum([n for _, n, _ in numbered], _U16).astype("<u2").tobytes()
    packed = json.dumps(postings, ensure_ascii=False, separators=(",", ":")).encode() if level == 0 else None
    seg = db.execute("INSERT INTO lex_segments (level, lo, hi, lengths, packed) VALUES (?, ?, ?, ?, ?)",
                     (level, first, last, lengths, packed)).lastrowid
    if packed is None:
        db.executemany("INSERT INTO lex_postings (seg, term, docs) VALUES (?,?,?)",
                       [(seg, term, _from_packed(pairs)) for term, pairs in postings.items()])
    _bump(db, "lex_next_doc", len(chunks))
    _bump(db, "lex_docs", len(chunks))
    _bump(db, "lex_length", total)
    return len(chunks)


def merge_due(db: sqlite3.Connection) -> bool:
    """Whether merge() has work: a full level, or dead numbers past a tenth of the live ones."""
    return db.execute("SELECT 1 FROM lex_segments GROUP BY level HAVING count(*)>=?", (FANOUT,)).fetchone() is not None \
        or 10 * int(db.execute("SELECT count(*) FROM lex_dead").fetchone()[0]) > _counter(db, "lex_docs")


def merge(db: sqlite3.Connection, fanout: int | None = None) -> int:
    """Merge full levels (fanout segments of one level into one of the next), dropping dead documents;
    when dead numbers reach a tenth of the live ones, merge everything into one segment (so stale
    postings never grow without bound). Call inside a transaction; returns the number of merges."""
    fanout, done = fanout or FANOUT, 0
    while True:
        full = db.execute("SELECT level FROM lex_segments GROUP BY level HAVING count(*)>=? ORDER BY level LIMIT 1",
                          (fanout,)).fetchone()
        if full is None:
            if 10 * int(db.execute("SELECT count(*) FROM lex_dead").fetchone()[0]) > _counter(db, "lex_docs"):
                segs = db.execute("SELECT seg, lo, hi FROM lex_segments ORDER BY lo").fetchall()
                if segs:
                    _merge(db, segs, max(lv for (lv,) in db.execute("SELECT level FROM lex_segments")))
                    done += 1
                db.execute("DELETE FROM lex_dead")  # every dead number is out of every segment now
            return done
        segs = db.execute("SELECT seg, lo, hi FROM lex_segments WHERE level=? ORDER BY lo", (full[0],)).fetchall()
        assert all(a[2] + 1 == b[1] for a, b in zip(segs, segs[1:], strict=False)), segs  # consecutive
        _merge(db, segs, full[0] + 1)
        done += 1


def _merge(db: sqlite3.Connection, segs: Sequence[tuple[int, int, int]], level: int) -> None:
    import numpy as np

    lo, hi = segs[0][1], segs[-1][2]
    order = {seg: i for i, (seg, _, _) in enumerate(segs)}
    marks = ",".join("?" * len(segs))
    parts: dict[str, list[tuple[int, Any]]] = defaultdict(list)
    for seg, term, blob in db.execute(f"SELECT seg, term, docs FROM lex_postings WHERE seg IN ({marks})",
                                      [s for s, _, _ in segs]):
        parts[term].append((order[seg], blob))
    for seg, packed in db.execute(f"SELECT seg, packed FROM lex_segments WHERE packed IS NOT NULL AND seg IN ({marks})",
                                  [s for s, _, _ in segs]):
        for term, pairs in json.loads(packed).items():
            parts[term].append((order[seg], pairs))
    dead = np.array([d for (d,) in db.execute("SELECT doc FROM lex_dead WHERE doc BETWEEN ? AND ?", (lo, hi))],
                    dtype="<u4")
    lengths = b"".join(b for (b,) in db.execute(
        f"SELECT lengths FROM lex_segments WHERE seg IN ({marks}) ORDER BY lo", [s for s, _, _ in segs]))
    merged = db.execute("INSERT INTO lex_segments (level, lo, hi, lengths) VALUES (?, ?, ?, ?)",
                        (level, lo, hi, lengths)).lastrowid
    rows = []
    for term, blobs in parts.items():
        ordered = [b for _, b in sorted(blobs, key=lambda x: x[0])]
        if all(isinstance(b, list) for b in ordered):  # packed segments only: one pack
            blob = _from_packed([x for b in ordered for x in b])
        else:
            blob = _concat([_from_packed(b) if isinstance(b, list) else b for b in ordered])
        if dead.size:
            docs, tf = _unpack(blob)
            keep = ~np.isin(docs, dead)
            blob = docs[keep].tobytes() + tf[keep].tobytes() if not keep.all() else blob
        if len(blob):
            rows.append((merged, term, blob))
    db.execute(f"DELETE FROM lex_postings WHERE seg IN ({marks})", [s for s, _, _ in segs])
    db.execute(f"DELETE FROM lex_segments WHERE seg IN ({marks})", [s for s, _, _ in segs])
    db.executemany("INSERT INTO lex_postings (seg, term, docs) VALUES (?,?,?)", rows)
    db.execute("DELETE FROM lex_dead WHERE doc BETWEEN ? AND ?", (lo, hi))


def backfill(db: sqlite3.Connection) -> int:
    """Index the current chunks a store of an earlier version holds (tokens kept by the migration in
    lex_backfill, else cut again). Call inside a transaction; returns the chunks added."""
    has_saved = db.execute("SELECT 1 FROM sqlite_master WHERE name='lex_backfill'").fetchone() is not None
    saved = dict(db.execute("SELECT id, tokens FROM lex_backfill")) if has_saved else {}
    rows = db.execute("SELECT c.id, c.text FROM chunks c JOIN reports r ON r.id=c.report_id WHERE c.lex_doc IS NULL "
                      "AND r.state='complete' AND r.current=1 ORDER BY c.report_id, c.n").fetchall()
    reports = len({cid.rsplit(":", 1)[0] for cid, _ in rows})
    level = int(math.log(max(reports, 1), FANOUT)) if reports > 1 else 0  # the level merges would give it
    added = _add(db, [(cid, saved.get(cid)) for cid, _ in rows], dict(rows), level)
    if has_saved:
        db.execute("DROP TABLE lex_backfill")
    merge(db)
    return added


def needs_backfill(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE name='lex_backfill'").fetchone() is not None or (
        db.execute("SELECT 1 FROM chunks c JOIN reports r ON r.id=c.report_id WHERE c.lex_doc IS NULL "
                   "AND r.state='complete' AND r.current=1 LIMIT 1").fetchone() is not None)


# ---------------------------------------------------------------------- reads
def scores(db: sqlite3.Connection, tokens: Sequence[str]) -> Any:
    """BM25 score of every document number for the query tokens (a float array indexed by lex_doc;
    0 for documents without a query term, dead or unused numbers). A token asked twice counts twice."""
    import numpy as np

    n_docs, length, size = (_counter(db, k) for k in ("lex_docs", "lex_length", "lex_next_doc"))
    out = np.zeros(size, dtype=np.float64)
    asked = Counter(tokens)
    if not n_docs or not asked:
        return out
    avgdl = max(length / n_docs, 1e-9)
    terms = list(asked)
    blobs: dict[str, list[tuple[int, bytes]]] = defaultdict(list)
    for i in range(0, len(terms), 400):
        part = terms[i : i + 400]
        for term, seg, blob in db.execute(
                f"SELECT term, seg, docs FROM lex_postings WHERE term IN ({','.join('?' * len(part))})", part):
            blobs[term].append((seg, blob))
    for seg, packed in db.execute("SELECT seg, packed FROM lex_segments WHERE packed IS NOT NULL"):
        found = json.loads(packed)
        for term in terms:
            if term in found:
                blobs[term].append((seg, _from_packed(found[term])))
    if not blobs:
        return out
    dead = np.array([d for (d,) in db.execute("SELECT doc FROM lex_dead")], dtype="<u4")
    norm = np.zeros(size, dtype=np.float64)  # K1 * (1 - B + B * dl / avgdl) of every document
    for lo, lengths in db.execute("SELECT lo, lengths FROM lex_segments"):
        dl = np.frombuffer(lengths, dtype="<u2")
        norm[lo : lo + dl.size] = K1 * (1 - B + B * dl / avgdl)
    for term, parts in blobs.items():
        arrays = [_unpack(b) for _, b in parts]
        docs, tf = (np.concatenate([a[i] for a in arrays]) for i in range(2))
        if dead.size:
            keep = ~np.isin(docs, dead)
            docs, tf = docs[keep], tf[keep]
        df = docs.size
        if not df:
            continue
        idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
        tf = tf.astype(np.float64)
        out[docs] += asked[term] * idf * tf / (tf + norm[docs])
    return out


def stats(db: sqlite3.Connection) -> dict[str, int]:
    """Live documents, their tokens, segments and dead numbers awaiting a merge (for tests and benches)."""
    return {"docs": _counter(db, "lex_docs"), "length": _counter(db, "lex_length"),
            "segments": int(db.execute("SELECT count(*) FROM lex_segments").fetchone()[0]),
            "dead": int(db.execute("SELECT count(*) FROM lex_dead").fetchone()[0])}
