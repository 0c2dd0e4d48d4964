import { DEFAULT_MODEL_NAME_PREFIX } from '../datasets/registry.ts';
import { PRODUCTION_ALIAS } from '../model/version-tags.ts';

/**
 * Every environment variable the functions read, by section. The same names point a
 * function at the local stack (scripts/stack sets them) or at a cluster's services (the
 * Knative ConfigMap and Secret set them). A variable with a default may be left unset.
 */
export const envVariables = {
  database: {
    RAW_DATABASE_URL: { doc: 'PostgreSQL URL of the RAW database (collected payload rows, batches, inference log).' },
    CLEAN_DATABASE_URL: { doc: 'PostgreSQL URL of the CLEAN database (typed rows, rejects, profiles, decisions).' },
    DATABASE_POOL_SIZE: { doc: 'Connections per pool.', default: '5' },
    DATABASE_STATEMENT_TIMEOUT_MS: { doc: 'Server-side limit on one statement.', default: '60000' },
  },
  objectStore: {
    S3_ENDPOINT_URL: { doc: 'S3 API endpoint (SeaweedFS in the local stack); empty for AWS itself.', default: '' },
    S3_REGION: { doc: 'Region of the bucket.', default: 'us-east-1' },
    S3_BUCKET: { doc: 'The one bucket: archived payloads, training snapshots, MLflow artifacts.' },
    AWS_ACCESS_KEY_ID: { doc: 'Access key for the object store.' },
    AWS_SECRET_ACCESS_KEY: { doc: 'Secret key for the object store.' },
    S3_TIMEOUT_MS: { doc: 'Timeout of one object-store request.', default: '30000' },
  },
  mlflow: {
    MLFLOW_TRACKING_URI: { doc: 'Base URL of the MLflow tracking server, e.g. http://mlflow:5000.' },
    MLFLOW_TIMEOUT_MS: { doc: 'Timeout of one MLflow request; artifact transfers get the same per attempt.', default: '30000' },
    MODEL_NAME_PREFIX: {
      doc: 'Registered models and experiments are named <prefix>-<dataset>; another prefix keeps a second set apart on the same MLflow (tests).',
      default: DEFAULT_MODEL_NAME_PREFIX,
    },
    MLFLOW_TRACKING_USERNAME: { doc: 'User of MLflow\'s basic-auth app, as MLflow\'s own clients read it; empty: MLflow asks for none.', default: '' },
    MLFLOW_TRACKING_PASSWORD: { doc: 'Password of that user.', default: '' },
  },
  dataApi: {
    DATA_API_TIMEOUT_MS: { doc: 'Timeout of one data API request; the course API has taken more than 10 s for large batches.', default: '120000' },
    DATA_API_ATTEMPTS: { doc: 'Attempts per batch on network errors and 5xx answers (never on 4xx).', default: '4' },
    DATA_API_BACKOFF_MS: { doc: 'Pause before the second attempt; it doubles on each further one.', default: '1000' },
    DATA_API_ALLOWED_URLS: {
      doc: 'Comma-separated URL prefixes of the data APIs collect may read (scheme, host, port, path): any other source_url is refused, so a caller cannot make collect write what it likes into RAW.',
    },
  },
  pipelineAuth: {
    PIPELINE_TOKENS: {
      doc: 'Bearer tokens the pipeline functions accept on their writing routes (collect, preprocess, drift, train, promote): one, or two while rotating; at least 32 characters each. Airflow sends one.',
    },
  },
  stepLease: {
    STEP_LEASE_WAIT_SECONDS: {
      doc: 'How long a train or promote request waits for the same work already running (a retry sent while the first attempt trains) before answering 409 with who holds it and since when; under the caller\'s timeout, so a retry usually gets the first attempt\'s result.',
      default: '600',
    },
  },
  datasource: {
    DATASOURCE_DATABASE_URL: { doc: 'PostgreSQL URL of the data API simulator\'s database (the batch state of each group).' },
    DATASETS_DIR: { doc: 'Folder holding <dataset>.csv.gz, relative to the working directory.', default: '../shared/datasets' },
    DATASOURCE_DATASET: { doc: 'The dataset this deployment of the simulator serves (one per deployment).', default: 'realtor' },
    // The course's API exists in versions that behave differently; the platform is tested against each.
    DATASOURCE_API_MODE: {
      doc: 'cursor: every call serves the next batch whole; window: a batch stays current for a time window and each call answers a random sample of it (the released code).',
      default: 'cursor',
    },
    DATASOURCE_WINDOW_SECONDS: {
      doc: 'window mode: the first call strictly more than this many seconds after the batch last changed moves to the next (the released code\'s MIN_UPDATE_TIME); fractions allowed.',
      default: '300',
    },
    DATASOURCE_SAMPLE_SHARE: { doc: 'window mode: each call answers max(1, round(share x rows)) rows of the batch, drawn without replacement; 0 < share <= 1.', default: '0.1' },
    DATASOURCE_SAMPLE_SEED: { doc: 'window mode: seed of the samples, with dataset, group, batch and call index: the same calls after a restart answer the same bytes.', default: 'tabular-ct' },
    DATASOURCE_EXHAUSTED_SPELLING: { doc: 'End-of-data 400 detail: accented ("mínima") or plain ("minima", as the released code writes it).', default: 'accented' },
    DATASOURCE_RESTART_ANSWER: { doc: 'GET /restart_data_generation answers object ({"ok": true}) or list (["ok"], the released code\'s Python set).', default: 'object' },
    DATASOURCE_DELAY_MS_PER_1000_ROWS: { doc: 'Wait before an answer starts, per 1,000 rows it serves, to mimic the course API\'s slow large batches; 0: none.', default: '0' },
    // The shared files are samples (realtor: 4,422 complete rows); the course API serves about a million.
    DATASOURCE_SCALE: {
      doc: 'documented: the batches the dataset file makes, as they are; course: SYNTHETIC batches at the course API\'s documented sizes (realtor six batches, 1,084,909 rows; diabetes ten training batches of 15,000), resampled from the file with small jitter.',
      default: 'documented',
    },
    DATASOURCE_SCALE_SEED: { doc: 'course scale: seed of the resampling and the jitter; the same seed and file serve the same rows.', default: 'tabular-ct-course' },
  },
  http: {
    PORT: { doc: 'Port the function listens on (Knative sets it).', default: '8080' },
    HOST: { doc: 'Address to listen on: all interfaces in a container, loopback on a workstation.', default: '0.0.0.0' },
    CORS_ALLOWED_ORIGINS: {
      // Empty by default: the functions include writers (collect, train, promote) and a page on
      // any site could otherwise drive them from a visitor's browser; the web UI's origin is
      // named where it is deployed (the local stack sets its own UI's origin).
      doc: 'Comma-separated origins whose pages may call the function (the web UI), or * for any; empty: no cross-origin calls.',
      default: '',
    },
  },
  predictor: {
    PREDICTOR_DATASET: { doc: 'The dataset whose model this predictor serves (one per deployment); its specification validates the input.', default: 'realtor' },
    MODEL_NAME: { doc: 'Registered model to serve; empty: <MODEL_NAME_PREFIX>-<PREDICTOR_DATASET>, the name training registers.', default: '' },
    MODEL_ALIAS: { doc: 'Alias of the version to serve.', default: PRODUCTION_ALIAS },
    ALIAS_POLL_SECONDS: { doc: 'How often the alias is checked for a move to another version; 0: never (the MLflow webhook alone).', default: '30' },
    PREDICTOR_WEBHOOK_URL: {
      doc: "Address at which MLflow reaches this predictor's POST /webhooks/mlflow. Set: the predictor keeps an MLflow webhook on alias moves pointing there (MLflow's auth app allows that to administrators only) and swaps as soon as one arrives; empty: it registers none (polling alone, or a webhook kept by someone else, as the chart's Job does).",
      default: '',
    },
    MLFLOW_WEBHOOK_SECRET: { doc: 'HMAC secret MLflow signs webhook deliveries with (at least 32 characters); set: POST /webhooks/mlflow takes deliveries signed with it. Required when PREDICTOR_WEBHOOK_URL is set.', default: '' },
    RELOAD_TOKEN: { doc: 'Bearer token of POST /reload, which checks the alias at once: one, or two comma-separated while rotating; at least 16 characters each.' },
    INFERENCE_LOG_BATCH_SIZE: { doc: 'Predictions written to the RAW inference log per INSERT: small enough that one INSERT is a few ms of database work.', default: '100' },
    INFERENCE_LOG_FLUSH_MS: { doc: 'Longest wait before buffered predictions are written.', default: '1000' },
    INFERENCE_LOG_MAX_BACKLOG: { doc: 'Buffered predictions kept while RAW is unreachable; beyond it the oldest are dropped (counted, logged).', default: '100000' },
  },
} as const;

export type ConfigSection = keyof typeof envVariables;
