-- CLEAN: the pipeline's decisions for each batch (train or skip, promote or reject) with
-- their reasons, and which version was in production from when to when, which
-- MLflow itself does not keep.
CREATE TABLE drift_reports (
  batch_id    text PRIMARY KEY,
  dataset     text        NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  retrain     boolean     NOT NULL,
  reasons     jsonb       NOT NULL,
  report      jsonb       NOT NULL
);

CREATE TABLE decisions (
  id            bigserial   PRIMARY KEY,
  dataset       text        NOT NULL,
  batch_id      text,
  kind          text        NOT NULL CHECK (kind IN ('train', 'skip', 'promote', 'reject')),
  model_name    text,
  model_version text,
  reasons       jsonb       NOT NULL DEFAULT '[]',
  details       jsonb       NOT NULL DEFAULT '{}',
  decided_at    timestamptz NOT NULL DEFAULT now(),
  UNIQUE (dataset, batch_id, kind)
);

CREATE TABLE production_history (
  id            bigserial   PRIMARY KEY,
  model_name    text        NOT NULL,
  model_version text        NOT NULL,
  since         timestamptz NOT NULL DEFAULT now(),
  until         timestamptz,
  reason        text        NOT NULL
);
-- At most one version is in production per model at any time.
CREATE UNIQUE INDEX production_history_current ON production_history (model_name) WHERE until IS NULL;
