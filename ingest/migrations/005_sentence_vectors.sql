-- gongkai store, version 5 (issue 14): the embedding of every section 五 item, for the commitments
-- timeline (qa/tracking.py), computed at ingest so that no timeline runs the model.
-- Keyed by the model (ingest/sentence_vectors.py `model_key`: model, backend, query prompt) and the
-- text's hash: the same sentence written in several years, or ingested twice, is stored once, and a
-- model change leaves the old rows unread (the timeline computes and stores what it misses).

CREATE TABLE sentence_vectors (
    model  TEXT NOT NULL,
    hash   TEXT NOT NULL,                      -- sha256 of the text, hex, first 32 characters
    vector BLOB NOT NULL,                      -- float32, little-endian
    PRIMARY KEY (model, hash)
) WITHOUT ROWID;
