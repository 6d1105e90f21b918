-- gongkai store, version 1. Every report-owned row cascades from reports(id).
-- Readers see state = 'complete' only; 'pending' rows are a write in progress (or a crash).

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('generation', '0');

CREATE TABLE reports (
    id             TEXT PRIMARY KEY,
    state          TEXT NOT NULL CHECK (state IN ('pending', 'complete')),
    agency         TEXT NOT NULL,
    agency_raw     TEXT NOT NULL,
    region         TEXT,
    year           INTEGER,
    title          TEXT NOT NULL,
    format_version TEXT NOT NULL,
    source_path    TEXT NOT NULL,
    source_format  TEXT NOT NULL,
    n_cells        INTEGER NOT NULL,
    n_findings     INTEGER NOT NULL,
    n_chunks       INTEGER NOT NULL,
    ingested_at    TEXT NOT NULL,
    report_zjson   BLOB NOT NULL          -- the full Report as zlib-compressed JSON
);
CREATE INDEX reports_agency_year ON reports (agency, year);
CREATE INDEX reports_year ON reports (year);
CREATE INDEX reports_region ON reports (region, year);
CREATE INDEX reports_state ON reports (state);

CREATE TABLE sections (
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    subsection INTEGER NOT NULL,          -- 0 = the section itself, 1.. = （一）…
    key        TEXT NOT NULL,
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    "end"      INTEGER NOT NULL,
    line       INTEGER NOT NULL,
    PRIMARY KEY (report_id, number, subsection)
) WITHOUT ROWID;

-- agency/year/region are copied from reports so that the answerer's lookups use one index.
CREATE TABLE cells (
    report_id  TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    agency     TEXT NOT NULL,
    year       INTEGER,
    region     TEXT,
    tbl        TEXT NOT NULL,
    row        TEXT NOT NULL,
    col        TEXT NOT NULL,
    value      REAL,
    raw        TEXT NOT NULL,
    start      INTEGER,
    "end"      INTEGER,
    line       INTEGER,
    page       INTEGER,
    inferred   INTEGER NOT NULL,
    note       TEXT,
    confidence REAL
);
CREATE INDEX cells_lookup ON cells (agency, year, tbl, row, col);
CREATE INDEX cells_metric ON cells (tbl, row, col, year);   -- one metric across agencies (region filters it)
CREATE INDEX cells_report ON cells (report_id);

CREATE TABLE facts (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    agency    TEXT NOT NULL,
    year      INTEGER,
    metric    TEXT NOT NULL,
    value     REAL NOT NULL,
    json      TEXT NOT NULL
);
CREATE INDEX facts_lookup ON facts (agency, year, metric);
CREATE INDEX facts_metric ON facts (metric, year);
CREATE INDEX facts_report ON facts (report_id);

CREATE TABLE findings (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    agency    TEXT NOT NULL,
    year      INTEGER,
    rule      TEXT NOT NULL,
    severity  TEXT NOT NULL,
    json      TEXT NOT NULL
);
CREATE INDEX findings_lookup ON findings (agency, year, rule);
CREATE INDEX findings_rule ON findings (rule, year);
CREATE INDEX findings_report ON findings (report_id);

CREATE TABLE commitments (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    agency    TEXT NOT NULL,
    year      INTEGER,
    kind      TEXT NOT NULL,
    idx       INTEGER NOT NULL,
    json      TEXT NOT NULL
);
CREATE INDEX commitments_lookup ON commitments (agency, year, kind, idx);
CREATE INDEX commitments_report ON commitments (report_id);

-- Chunks as text + metadata, so BM25 and the retriever's filters need no Chroma.
CREATE TABLE chunks (
    id            TEXT PRIMARY KEY,
    report_id     TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    n             INTEGER NOT NULL,
    text          TEXT NOT NULL,
    tokens        TEXT NOT NULL,          -- BM25 tokens joined by spaces (ingest.chunking.search_tokens)
    agency        TEXT NOT NULL,
    region        TEXT,
    year          INTEGER,
    section       INTEGER NOT NULL,
    section_title TEXT NOT NULL,
    subsection    TEXT,
    kind          TEXT NOT NULL,
    start         INTEGER NOT NULL,
    "end"         INTEGER NOT NULL,
    line          INTEGER NOT NULL
);
CREATE INDEX chunks_report ON chunks (report_id, n);
CREATE INDEX chunks_filter ON chunks (agency, year, section);

-- Reports removed from SQLite whose vectors may still be in Chroma (a crash before the delete).
CREATE TABLE chroma_garbage (
    report_id TEXT PRIMARY KEY
);
