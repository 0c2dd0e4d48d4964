import { type } from 'arktype';

/** MLflow's error body (`MlflowException.serialize_as_json`), e.g. RESOURCE_DOES_NOT_EXIST. */
export const mlflowErrorResponse = type({ error_code: 'string', message: 'string' });

/** The answer of endpoints that return nothing (log-batch, set-tag, alias, uploads). */
export const mlflowEmptyResponse = type({});
