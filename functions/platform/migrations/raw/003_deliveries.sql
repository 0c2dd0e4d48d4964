-- RAW: every answer of the data API is a delivery. A time-windowed API answers one batch
-- number several times, each time with another sample of its rows, so a batch number may
-- arrive in several deliveries. Each gets the group's next delivery number (from 1, in the
-- order they arrived) and its id names both: '<dataset>-g<group>-b<batch_number>-d<delivery>'
-- (functions/core/src/pipeline/batch-id.ts). The same batch number with the same payload is
-- the same delivery: a retry, not new data.

-- Renaming every collected row takes longer than one request's statement limit.
SET LOCAL statement_timeout = 0;

ALTER TABLE batches ADD COLUMN delivery integer;

-- What was collected before held one delivery per batch number. Each takes its batch number
-- plus one: unique in its group, in batch order, and computed the same way by CLEAN's
-- migration (clean/004_deliveries.sql), which cannot see RAW, so the two agree even where
-- RAW holds a batch that CLEAN never processed. New deliveries continue after the highest.
UPDATE batches SET delivery = batch_number + 1;
ALTER TABLE batches ALTER COLUMN delivery SET NOT NULL;
ALTER TABLE batches ADD CHECK (delivery > 0);

-- Those batches' ids take their delivery number; their rows follow.
ALTER TABLE raw_rows DROP CONSTRAINT raw_rows_batch_id_fkey;
UPDATE raw_rows r SET batch_id = r.batch_id || '-d' || b.delivery FROM batches b WHERE r.batch_id = b.batch_id;
UPDATE batches SET batch_id = batch_id || '-d' || delivery;
ALTER TABLE raw_rows ADD CONSTRAINT raw_rows_batch_id_fkey FOREIGN KEY (batch_id) REFERENCES batches (batch_id) ON DELETE CASCADE;

ALTER TABLE batches DROP CONSTRAINT batches_dataset_group_number_batch_number_key;
ALTER TABLE batches ADD UNIQUE (dataset, group_number, delivery);
ALTER TABLE batches ADD UNIQUE (dataset, group_number, batch_number, payload_sha256);
