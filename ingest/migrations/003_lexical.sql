-- gongkai store, version 3 (issue 15): the BM25 index lives in SQLite, written with the reports
-- (ingest/lexical.py), and the rows a report needs take half the bytes.
-- * chunks.tokens goes: the index holds the tokens as postings (the rows of version 2 keep theirs in
--   lex_backfill until the store's first open indexes them, then that table is dropped).
-- * sections goes: nothing read it; the sections stay in the report's JSON (report_zjson, report_json from version 4).
-- * cells no longer repeat the report's id, agency, year and region (read from reports through the
--   report's small integer key `rk`) nor their labels (numbered in cell_labels), and are clustered
--   by report, so the separate per-report and per-agency indexes go.

ALTER TABLE chunks ADD COLUMN lex_doc INTEGER;   -- document number in the index; NULL = not indexed
ALTER TABLE chunks ADD COLUMN lex_len INTEGER;   -- its number of tokens
CREATE UNIQUE INDEX chunks_lex ON chunks (lex_doc);
CREATE TABLE lex_backfill AS SELECT id, tokens FROM chunks;
ALTER TABLE chunks DROP COLUMN tokens;

CREATE TABLE lex_segments (
    seg   INTEGER PRIMARY KEY,
    level INTEGER NOT NULL,
    lo    INTEGER NOT NULL,                    -- the segment's document numbers run lo..hi
    hi    INTEGER NOT NULL,
    lengths BLOB NOT NULL,                     -- uint16 token count of each document lo..hi
    packed  BLOB                               -- level 0: the postings as JSON (else in lex_postings)
);
CREATE TABLE lex_postings (
    seg   INTEGER NOT NULL,
    term  TEXT NOT NULL,
    docs  BLOB NOT NULL,                       -- uint32 documents, then uint8 counts
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

ALTER TABLE reports ADD COLUMN rk INTEGER;   -- the report's integer key, for the rows it owns in bulk
UPDATE reports SET rk = rowid;
CREATE UNIQUE INDEX reports_rk ON reports (rk);

CREATE TABLE cell_labels (                      -- (table, row, column) of the national form, numbered
    id  INTEGER PRIMARY KEY,
    tbl TEXT NOT NULL,
    row TEXT NOT NULL,
    col TEXT NOT NULL,
    UNIQUE (tbl, row, col)
);
INSERT INTO cell_labels (tbl, row, col) SELECT DISTINCT tbl, row, col FROM cells ORDER BY tbl, row, col;
CREATE TABLE cells_v3 (
    rk         INTEGER NOT NULL REFERENCES reports (rk) ON DELETE CASCADE,
    n          INTEGER NOT NULL,              -- order within the report
    label      INTEGER NOT NULL,              -- cell_labels.id
    value      REAL,
    raw        TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    line       INTEGER,
    page       INTEGER,
    inferred   INTEGER NOT NULL,
    note       TEXT,
    confidence REAL,
    PRIMARY KEY (rk, n)
) WITHOUT ROWID;
INSERT INTO cells_v3 SELECT r.rk, row_number() OVER (PARTITION BY c.report_id ORDER BY c.rowid), l.id, c.value,
    c.raw, c.start, c."end", c.line, c.page, c.inferred, c.note, c.confidence
    FROM cells c JOIN reports r ON r.id = c.report_id JOIN cell_labels l ON (l.tbl, l.row, l.col) = (c.tbl, c.row, c.col);
DROP TABLE cells;
ALTER TABLE cells_v3 RENAME TO cells;
CREATE INDEX cells_metric ON cells (label);   -- one metric across agencies
