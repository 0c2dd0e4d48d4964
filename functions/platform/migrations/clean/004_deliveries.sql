-- CLEAN: batches are deliveries (raw/003_deliveries.sql): each processed batch records its
-- group, the batch number it carried and its delivery number, so "the data seen so far" is
-- a range of delivery numbers, and the id of the delivery whose request processed it (a
-- request processes the earlier deliveries of its group that were still waiting). A drift
-- decision covers every delivery that no earlier decision covered: drift_reports lists them.
ALTER TABLE clean_batches
  ADD COLUMN group_number integer,
  ADD COLUMN batch_number integer,
  ADD COLUMN delivery integer,
  ADD COLUMN processed_with text;
ALTER TABLE drift_reports ADD COLUMN deliveries text[] NOT NULL DEFAULT '{}';

-- Rewriting every clean row's batch id takes longer than one request's statement limit.
SET LOCAL statement_timeout = 0;

-- Batches processed before held one delivery per batch number: each takes its batch number
-- plus one, as in RAW's migration (raw/003_deliveries.sql), and the same new id ('-d<delivery>'
-- appended). Every id was written by collect as '<dataset>-g<group>-b<batch>'; one that is
-- not stops the migration and names itself rather than leaving a batch without a group.
DO $$
DECLARE odd text;
BEGIN
  SELECT string_agg(batch_id, ', ') INTO odd FROM clean_batches WHERE batch_id !~ '^[a-z0-9]+-g\d+-b\d+$';
  IF odd IS NOT NULL THEN
    RAISE EXCEPTION 'clean_batches holds ids that are not <dataset>-g<group>-b<batch>: %', odd;
  END IF;
END $$;

CREATE TEMP TABLE renamed_batches ON COMMIT DROP AS
SELECT batch_id AS old_id, g, b, b + 1 AS d
FROM (
  SELECT batch_id, substring(batch_id FROM '-g(\d+)-b\d+$')::int AS g, substring(batch_id FROM '-b(\d+)$')::int AS b
  FROM clean_batches
) parsed;

ALTER TABLE clean_rows DROP CONSTRAINT clean_rows_batch_id_fkey,
  ADD CONSTRAINT clean_rows_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES clean_batches (batch_id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE rejects DROP CONSTRAINT rejects_batch_id_fkey,
  ADD CONSTRAINT rejects_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES clean_batches (batch_id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE batch_profiles DROP CONSTRAINT batch_profiles_batch_id_fkey,
  ADD CONSTRAINT batch_profiles_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES clean_batches (batch_id) ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE duplicates DROP CONSTRAINT duplicates_batch_id_fkey,
  ADD CONSTRAINT duplicates_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES clean_batches (batch_id) ON DELETE CASCADE ON UPDATE CASCADE;

UPDATE clean_batches c SET batch_id = r.old_id || '-d' || r.d, group_number = r.g, batch_number = r.b, delivery = r.d, processed_with = r.old_id || '-d' || r.d
FROM renamed_batches r WHERE c.batch_id = r.old_id;
UPDATE drift_reports t SET batch_id = r.old_id || '-d' || r.d, deliveries = ARRAY[r.old_id || '-d' || r.d]
FROM renamed_batches r WHERE t.batch_id = r.old_id;
UPDATE decisions t SET batch_id = r.old_id || '-d' || r.d FROM renamed_batches r WHERE t.batch_id = r.old_id;

ALTER TABLE clean_batches
  ALTER COLUMN group_number SET NOT NULL,
  ALTER COLUMN batch_number SET NOT NULL,
  ALTER COLUMN delivery SET NOT NULL,
  ALTER COLUMN processed_with SET NOT NULL,
  ADD UNIQUE (dataset, group_number, delivery);
