-- CLEAN: rows that repeat a record CLEAN already holds (from this batch or an earlier
-- one). They are not rejects: the record is kept once, and each repeat is listed here,
-- so rows in = clean + rejected + duplicates can be checked row by row: nothing is silently dropped.
CREATE TABLE duplicates (
  batch_id   text    NOT NULL REFERENCES clean_batches (batch_id) ON DELETE CASCADE,
  row_index  integer NOT NULL,
  row_key    text    NOT NULL,
  PRIMARY KEY (batch_id, row_index)
);
