import { type } from 'arktype';
import { datasetNames } from '../datasets/registry.ts';

// Environment values are strings: these parse them into the typed configuration of each
// section. The variable names and their defaults live in env-variables.ts.
const url = type('string.url');
const positiveInt = type('string.integer.parse').pipe(type('number.integer > 0'));
const nonNegativeInt = type('string.integer.parse').pipe(type('number.integer >= 0'));
// An origin is scheme://host[:port], without path or trailing slash, as browsers send it.
const corsOrigins = type('string').pipe((s, ctx) => {
  const list = s.split(',').map((o) => o.trim()).filter((o) => o !== '');
  const bad = list.find((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/.test(o));
  return bad === undefined ? list : ctx.error(`a list of origins like http://host:port or *, not "${bad}"`);
});

/**
 * Bearer tokens a function accepts: one, or two while a token is rotated (the new one beside
 * the old until every caller has switched). Long enough that guessing one is hopeless.
 */
const tokenList = (minLength: number) =>
  type('string').pipe((s, ctx) => {
    const list = s.split(',').map((t) => t.trim()).filter((t) => t !== '');
    if (list.length === 0 || list.length > 2) return ctx.error('one or two comma-separated tokens');
    return list.every((t) => t.length >= minLength && /^[\x21-\x7e]+$/.test(t)) ? list : ctx.error(`tokens of at least ${minLength} printable characters, without spaces`);
  });

// Where collect may fetch from: URL prefixes (scheme, host, port and a path), so a caller
// cannot make it read, and write into RAW, whatever address it names.
const urlPrefixes = type('string').pipe((s, ctx) => {
  const list = s.split(',').map((u) => u.trim()).filter((u) => u !== '');
  const bad = list.find((u) => !URL.canParse(u) || !/^https?:$/.test(new URL(u).protocol));
  if (list.length === 0) return ctx.error('at least one http(s) URL');
  return bad === undefined ? list : ctx.error(`http(s) URLs, not "${bad}"`);
});

/** Environment variables to the typed configuration of each section. */
export const envToConfig = {
  database: type({
    RAW_DATABASE_URL: url,
    CLEAN_DATABASE_URL: url,
    DATABASE_POOL_SIZE: positiveInt,
    DATABASE_STATEMENT_TIMEOUT_MS: positiveInt,
  }).pipe((e) => ({
    rawUrl: e.RAW_DATABASE_URL,
    cleanUrl: e.CLEAN_DATABASE_URL,
    poolSize: e.DATABASE_POOL_SIZE,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
  })),
  objectStore: type({
    S3_ENDPOINT_URL: 'string',
    S3_REGION: 'string > 0',
    S3_BUCKET: 'string > 2',
    AWS_ACCESS_KEY_ID: 'string > 0',
    AWS_SECRET_ACCESS_KEY: 'string > 0',
    S3_TIMEOUT_MS: positiveInt,
  }).pipe((e) => ({
    endpoint: e.S3_ENDPOINT_URL,
    region: e.S3_REGION,
    bucket: e.S3_BUCKET,
    accessKeyId: e.AWS_ACCESS_KEY_ID,
    secretAccessKey: e.AWS_SECRET_ACCESS_KEY,
    timeoutMs: e.S3_TIMEOUT_MS,
  })),
  // The prefix becomes part of MLflow names, whose safe alphabet is letters, digits, - and _.
  mlflow: type({
    MLFLOW_TRACKING_URI: url,
    MLFLOW_TIMEOUT_MS: positiveInt,
    MODEL_NAME_PREFIX: /^[\w-]+$/,
    MLFLOW_TRACKING_USERNAME: 'string',
    MLFLOW_TRACKING_PASSWORD: 'string',
  }).pipe((e) => ({
    trackingUri: e.MLFLOW_TRACKING_URI.replace(/\/+$/, ''),
    timeoutMs: e.MLFLOW_TIMEOUT_MS,
    modelNamePrefix: e.MODEL_NAME_PREFIX,
    // MLflow's basic-auth app, as MLflow's own clients read these variables; none when the username is empty.
    ...(e.MLFLOW_TRACKING_USERNAME === '' ? {} : { credentials: { username: e.MLFLOW_TRACKING_USERNAME, password: e.MLFLOW_TRACKING_PASSWORD } }),
  })),
  dataApi: type({
    DATA_API_TIMEOUT_MS: positiveInt,
    DATA_API_ATTEMPTS: positiveInt,
    DATA_API_BACKOFF_MS: positiveInt,
    DATA_API_ALLOWED_URLS: urlPrefixes,
  }).pipe((e) => ({
    timeoutMs: e.DATA_API_TIMEOUT_MS,
    attempts: e.DATA_API_ATTEMPTS,
    backoffMs: e.DATA_API_BACKOFF_MS,
    allowedUrls: e.DATA_API_ALLOWED_URLS,
  })),
  pipelineAuth: type({ PIPELINE_TOKENS: tokenList(32) }).pipe((e) => ({ tokens: e.PIPELINE_TOKENS })),
  stepLease: type({ STEP_LEASE_WAIT_SECONDS: type('string.numeric.parse').pipe(type('number >= 0')) }).pipe((e) => ({ waitMs: Math.round(e.STEP_LEASE_WAIT_SECONDS * 1000) })),
  datasource: type({
    DATASOURCE_DATABASE_URL: url,
    DATASETS_DIR: 'string > 0',
    DATASOURCE_DATASET: type.enumerated(...datasetNames),
    DATASOURCE_API_MODE: "'cursor' | 'window'",
    // Fractions allowed: tests run the window rule with windows of a second or less.
    DATASOURCE_WINDOW_SECONDS: type('string.numeric.parse').pipe(type('number > 0')),
    DATASOURCE_SAMPLE_SHARE: type('string.numeric.parse').pipe(type('0 < number <= 1')),
    DATASOURCE_SAMPLE_SEED: 'string > 0',
    DATASOURCE_EXHAUSTED_SPELLING: "'accented' | 'plain'",
    DATASOURCE_RESTART_ANSWER: "'object' | 'list'",
    DATASOURCE_DELAY_MS_PER_1000_ROWS: type('string.numeric.parse').pipe(type('number >= 0')),
    DATASOURCE_SCALE: "'documented' | 'course'",
    DATASOURCE_SCALE_SEED: 'string > 0',
  }).pipe((e) => ({
    databaseUrl: e.DATASOURCE_DATABASE_URL,
    datasetsDir: e.DATASETS_DIR,
    dataset: e.DATASOURCE_DATASET,
    /** How the simulated API behaves: which version of the course's API it plays. */
    api: {
      mode: e.DATASOURCE_API_MODE,
      windowSeconds: e.DATASOURCE_WINDOW_SECONDS,
      sampleShare: e.DATASOURCE_SAMPLE_SHARE,
      sampleSeed: e.DATASOURCE_SAMPLE_SEED,
      exhaustedSpelling: e.DATASOURCE_EXHAUSTED_SPELLING,
      restartAnswer: e.DATASOURCE_RESTART_ANSWER,
      delayMsPer1000Rows: e.DATASOURCE_DELAY_MS_PER_1000_ROWS,
    },
    /** How much data it serves: the file's own batches, or synthetic ones at the course API's sizes. */
    scale: { name: e.DATASOURCE_SCALE, seed: e.DATASOURCE_SCALE_SEED },
  })),
  http: type({ PORT: positiveInt, HOST: 'string > 0', CORS_ALLOWED_ORIGINS: corsOrigins }).pipe((e) => ({ port: e.PORT, host: e.HOST, corsOrigins: e.CORS_ALLOWED_ORIGINS })),
  predictor: type({
    PREDICTOR_DATASET: type.enumerated(...datasetNames),
    MODEL_NAME: 'string',
    MODEL_ALIAS: /^[\w-]+$/,
    ALIAS_POLL_SECONDS: nonNegativeInt,
    PREDICTOR_WEBHOOK_URL: type("''").or('string.url'),
    // MLflow signs each delivery with it: a forged alias move would make the predictor download at will.
    MLFLOW_WEBHOOK_SECRET: type("''").or(/^[\x21-\x7e]{32,}$/),
    // Long enough that guessing it is hopeless; the reload endpoint downloads a model when called.
    RELOAD_TOKEN: tokenList(16),
    INFERENCE_LOG_BATCH_SIZE: positiveInt,
    INFERENCE_LOG_FLUSH_MS: positiveInt,
    INFERENCE_LOG_MAX_BACKLOG: positiveInt,
  }).pipe((e, ctx) => {
    if (e.PREDICTOR_WEBHOOK_URL !== '' && e.MLFLOW_WEBHOOK_SECRET === '') return ctx.error('MLFLOW_WEBHOOK_SECRET set (an unsigned webhook would let anyone trigger downloads) when PREDICTOR_WEBHOOK_URL is');
    return {
      dataset: e.PREDICTOR_DATASET,
      /** Empty: the name training registers, <MODEL_NAME_PREFIX>-<dataset> (the mlflow section knows the prefix). */
      modelName: e.MODEL_NAME,
      alias: e.MODEL_ALIAS,
      /** 0: no polling. */
      pollSeconds: e.ALIAS_POLL_SECONDS,
      /** Empty: no webhook; else the predictor's own address for MLflow to call. */
      webhookUrl: e.PREDICTOR_WEBHOOK_URL,
      webhookSecret: e.MLFLOW_WEBHOOK_SECRET,
      reloadTokens: e.RELOAD_TOKEN,
      logBatchSize: e.INFERENCE_LOG_BATCH_SIZE,
      logFlushMs: e.INFERENCE_LOG_FLUSH_MS,
      logMaxBacklog: e.INFERENCE_LOG_MAX_BACKLOG,
    };
  }),
} as const;

export type DatabaseConfig = typeof envToConfig.database.infer;
export type ObjectStoreConfig = typeof envToConfig.objectStore.infer;
export type MlflowConfig = typeof envToConfig.mlflow.infer;
export type HttpConfig = typeof envToConfig.http.infer;
export type DataApiConfig = typeof envToConfig.dataApi.infer;
export type PredictorConfig = typeof envToConfig.predictor.infer;
