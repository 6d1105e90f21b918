-- gongkai store, version 2: no report is ever lost (issue 12).
-- Several reports may share an agency and year (a corrected edition, a mirror copy); all are kept,
-- and exactly one of each such group is `current`, the one questions are answered from.
-- Stores of version 1 held at most one report per agency and year, so every report there is current.
-- `n_missing` (sections not found) ranks a group's reports; version-1 rows start at 0 (unknown).
-- `labelled_by` says where agency/year came from ('text', 'manifest', 'option'): a later ingest
-- that only reads the text must not undo what a manifest or --agency/--year said.

ALTER TABLE reports ADD COLUMN current INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reports ADD COLUMN n_missing INTEGER NOT NULL DEFAULT 0;
ALTER TABLE reports ADD COLUMN labelled_by TEXT NOT NULL DEFAULT 'text';
CREATE INDEX reports_current ON reports (agency, year, current);
