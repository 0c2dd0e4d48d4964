-- The data API simulator's only state: the next batch of each group. Kept here rather
-- than in memory so a restarted or scaled-out function continues where the last one stopped.
CREATE TABLE cursors (
  dataset       text        NOT NULL,
  group_number  integer     NOT NULL CHECK (group_number > 0),
  next_batch    integer     NOT NULL DEFAULT 0 CHECK (next_batch >= 0),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dataset, group_number)
);
