-- RAW: every collected batch and every row exactly as the data API sent it, so any training set
-- can be rebuilt from it.
CREATE TABLE batches (
  batch_id        text PRIMARY KEY,               -- '<dataset>-g<group>-b<batch_number>'
  dataset         text        NOT NULL,
  group_number    integer     NOT NULL CHECK (group_number > 0),
  batch_number    integer     NOT NULL CHECK (batch_number >= 0),
  source_url      text        NOT NULL,
  collected_at    timestamptz NOT NULL DEFAULT now(),
  row_count       integer     NOT NULL CHECK (row_count >= 0),
  payload_sha256  text        NOT NULL CHECK (payload_sha256 ~ '^[0-9a-f]{64}$'),
  archive_key     text        NOT NULL,           -- compressed payload in the object store
  UNIQUE (dataset, group_number, batch_number)
);

CREATE TABLE raw_rows (
  batch_id   text    NOT NULL REFERENCES batches (batch_id) ON DELETE CASCADE,
  row_index  integer NOT NULL CHECK (row_index >= 0),
  payload    jsonb   NOT NULL,                    -- the row object unmodified
  PRIMARY KEY (batch_id, row_index)
);
