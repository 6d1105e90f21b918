-- gongkai store, version 3 (issue 15): the BM25 index lives in SQLite, written with the reports
-- (ingest/lexical.py), and the rows a report needs take half the bytes.
-- * chunks.tokens goes: the index holds the tokens as postings (the rows of version 2 keep theirs in
--   lex_backfill until the store's first open indexes them, then that table is dropped).
-- * sections goes: nothing read it; the sections stay in the report's JSON (reports.report_zjson).
-- * cells no longer repeat agency, year and region (read from reports) and are clustered by report
--   and label, so the separate per-report and per-agency indexes go.

ALTER TABLE chunks ADD COLUMN lex_doc INTEGER;   -- document number in the index; NULL = not indexed
ALTER TABLE chunks ADD COLUMN lex_len INTEGER;   -- its number of tokens
CREATE UNIQUE INDEX chunks_lex ON chunks (lex_doc);
CREATE TABLE lex_backfill AS SELECT id, tokens FROM chunks;
ALTER TABLE chunks DROP COLUMN tokens;

CREATE TABLE lex_segments (
    seg   INTEGER PRIMARY KEY,
    level INTEGER NOT NULL,
    lo    INTEGER NOT NULL,                    -- the segment's document numbers run lo..hi
    hi    INTEGER NOT NULL
);
CREATE TABLE lex_postings (
    seg   INTEGER NOT NULL,
    term  TEXT NOT NULL,
    docs  BLOB NOT NULL,                       -- uint32 documents, uint16 counts, uint16 lengths
    PRIMARY KEY (term, seg)
) WITHOUT ROWID;
CREATE INDEX lex_postings_seg ON lex_postings (seg);
CREATE TABLE lex_dead (doc INTEGER PRIMARY KEY);  -- numbers no longer live, still in a segment
INSERT INTO meta (key, value) VALUES ('lex_next_doc', '1'), ('lex_docs', '0'), ('lex_length', '0');

CREATE TRIGGER chunks_lex_deleted AFTER DELETE ON chunks WHEN old.lex_doc IS NOT NULL BEGIN
    INSERT OR IGNORE INTO lex_dead VALUES (old.lex_doc);
    UPDATE meta SET value=CAST(value AS INTEGER)-1 WHERE key='lex_docs';
    UPDATE meta SET value=CAST(value AS INTEGER)-old.lex_len WHERE key='lex_length';
END;
CREATE TRIGGER chunks_lex_dropped AFTER UPDATE OF lex_doc ON chunks
WHEN old.lex_doc IS NOT NULL AND new.lex_doc IS NOT old.lex_doc BEGIN
    INSERT OR IGNORE INTO lex_dead VALUES (old.lex_doc);
    UPDATE meta SET value=CAST(value AS INTEGER)-1 WHERE key='lex_docs';
    UPDATE meta SET value=CAST(value AS INTEGER)-old.lex_len WHERE key='lex_length';
END;

DROP TABLE sections;

CREATE TABLE cells_v3 (
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    tbl        TEXT NOT NULL,
    row        TEXT NOT NULL,
    col        TEXT NOT NULL,
    n          INTEGER NOT NULL,              -- order within the report
    value      REAL,
    raw        TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    line       INTEGER,
    page       INTEGER,
    inferred   INTEGER NOT NULL,
    note       TEXT,
    confidence REAL,
    PRIMARY KEY (report_id, tbl, row, col, n)
) WITHOUT ROWID;
INSERT INTO cells_v3 SELECT report_id, tbl, row, col,
    row_number() OVER (PARTITION BY report_id ORDER BY rowid), value, raw, start, "end", line, page, inferred,
    note, confidence FROM cells;
DROP TABLE cells;
ALTER TABLE cells_v3 RENAME TO cells;
CREATE INDEX cells_metric ON cells (tbl, row, col);   -- one metric across agencies
