-- RAW: every answered prediction with the request that produced it, and the model
-- version that answered.
CREATE TABLE inference_log (
  id             bigserial   PRIMARY KEY,
  request_id     text        NOT NULL UNIQUE,     -- retried flushes never duplicate a row
  received_at    timestamptz NOT NULL,
  dataset        text        NOT NULL,
  model_name     text        NOT NULL,
  model_version  text        NOT NULL,
  features       jsonb       NOT NULL,
  prediction     double precision NOT NULL,
  latency_ms     real        NOT NULL
);
CREATE INDEX inference_log_model ON inference_log (model_name, model_version, received_at);
