-- gongkai store, version 4 (issue 15): the full Report JSON leaves the reports row.
-- reports is read whole for every catalogue (10,000 rows after each ingest) and joined by every
-- cell lookup; with each row carrying its ~6 KB compressed JSON, a scan of the summaries read the
-- whole of it (~60 MB at 10,000 reports). The JSON is read only when one report is opened.

CREATE TABLE report_json (
    rk    INTEGER PRIMARY KEY REFERENCES reports (rk) ON DELETE CASCADE,
    zjson BLOB NOT NULL                        -- the full Report as zlib-compressed JSON
);
INSERT INTO report_json (rk, zjson) SELECT rk, report_zjson FROM reports;
ALTER TABLE reports DROP COLUMN report_zjson;
