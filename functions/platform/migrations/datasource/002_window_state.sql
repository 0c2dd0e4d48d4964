-- The time-window behaviour of the course API (DATASOURCE_API_MODE=window): per group, the
-- batch of the current window, when that batch became current (the database's clock, so
-- every replica measures the window alike) and how many calls it has answered (each call's
-- index seeds its sample). NULL batch: the group has not been served in window mode since
-- its last restart. A batch equal to the batch count means the data is exhausted.
ALTER TABLE cursors
  ADD COLUMN window_batch      integer     CHECK (window_batch >= 0),
  ADD COLUMN window_changed_at timestamptz,
  ADD COLUMN window_calls      integer     NOT NULL DEFAULT 0 CHECK (window_calls >= 0);
