/**
 * The closed set of error codes every function answers with, and the HTTP status of each.
 * One table, so a code means the same status everywhere; one wrapper
 * (functions/platform/src/http/error-reply.ts) renders every error from it.
 */
export const errorStatus = {
  /** The request body or query does not match the endpoint's schema. */
  invalid_request: 400,
  /** The request lacks the credentials the endpoint asks for (the predictor's reload token). */
  unauthorized: 401,
  /** The caller is known but may not do this (collect asked to read a data API it is not allowed to). */
  forbidden: 403,
  /** The request names something that does not exist (batch, version, alias). */
  not_found: 404,
  /** The path exists but not for this HTTP method. */
  method_not_allowed: 405,
  /** The request conflicts with the current state (for example a batch collected differently). */
  conflict: 409,
  /** The request did not arrive whole in time (Node's parser gave up on it). */
  request_timeout: 408,
  /** The payload is larger than the endpoint accepts. */
  payload_too_large: 413,
  /** The body's content type is not one the endpoint reads. */
  unsupported_media_type: 415,
  /** Too many expensive requests are running already (explain's importance and compare); retry shortly. */
  too_many_requests: 429,
  /** The request line and headers are larger than the server reads. */
  headers_too_large: 431,
  /** A service we depend on answered with an error (MLflow, the data API, the object store). */
  upstream_error: 502,
  /** A service we depend on could not be reached or did not answer in time. */
  upstream_unavailable: 503,
  /** The function is starting or has no model to serve yet. */
  not_ready: 503,
  /** A bug: anything not expected. Logged with context, answered without details. */
  internal: 500,
} as const;

export type ErrorCode = keyof typeof errorStatus;
