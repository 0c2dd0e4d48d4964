-- CLEAN: typed, validated, de-duplicated rows with their split, and every rejected row
-- with its reason, so rows in = clean + rejected + duplicates: nothing is silently dropped.
CREATE TABLE clean_batches (
  batch_id     text PRIMARY KEY,                  -- same id as in RAW
  dataset      text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  rows_in      integer     NOT NULL CHECK (rows_in >= 0),
  rows_clean   integer     NOT NULL CHECK (rows_clean >= 0),
  rows_rejected integer    NOT NULL CHECK (rows_rejected >= 0),
  rows_duplicate integer   NOT NULL CHECK (rows_duplicate >= 0),
  CHECK (rows_in = rows_clean + rows_rejected + rows_duplicate)
);

CREATE TABLE clean_rows (
  batch_id   text    NOT NULL REFERENCES clean_batches (batch_id) ON DELETE CASCADE,
  row_index  integer NOT NULL,
  dataset    text    NOT NULL,
  row_key    text    NOT NULL,                    -- digest of the normalized row, for de-duplication
  split      text    NOT NULL CHECK (split IN ('train', 'validation', 'test')),
  features   jsonb   NOT NULL,
  target     double precision,
  PRIMARY KEY (batch_id, row_index),
  UNIQUE (dataset, row_key)
);
CREATE INDEX clean_rows_dataset_split ON clean_rows (dataset, split);

CREATE TABLE rejects (
  batch_id   text    NOT NULL REFERENCES clean_batches (batch_id) ON DELETE CASCADE,
  row_index  integer NOT NULL,
  field      text,
  reason     text    NOT NULL,
  payload    jsonb   NOT NULL,
  PRIMARY KEY (batch_id, row_index)
);

CREATE TABLE batch_profiles (
  batch_id   text PRIMARY KEY REFERENCES clean_batches (batch_id) ON DELETE CASCADE,
  profile    jsonb NOT NULL
);
