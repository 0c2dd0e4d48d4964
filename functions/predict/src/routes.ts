import { AppError } from '@tabular-ct/core';
import { carriesToken, type RouteTable } from '@tabular-ct/platform';
import { csvRecords } from './csv-records.ts';
import { answer, identityHeaders, notReady, servedModel } from './model-replies.ts';
import { oipRoutes } from './oip-routes.ts';
import { predictRecords, type PredictDeps } from './predict-rows.ts';

interface PredictRoutesDeps extends PredictDeps {
  name: string;
  /** Bearer tokens of POST /reload: one, or two while rotating. */
  reloadTokens: readonly string[];
}

const describe = (body: unknown): string => (body === undefined ? 'no body' : Array.isArray(body) ? 'an array' : typeof body === 'string' ? 'text' : body === null ? 'null' : `a ${typeof body}`);

/**
 * The predictor's HTTP surface: single and batch predictions, model metadata, the readiness
 * and reload endpoints, and the Open Inference Protocol routes (oip-routes.ts).
 */
export function predictRoutes(deps: PredictRoutesDeps): RouteTable {
  const { holder } = deps;
  return {
    // Knative's readiness probe: nothing is routed here until a version is loaded. Probes come
    // often during a cold start, so "not yet" is answered directly rather than logged as a 5xx.
    'GET /ready': async () => {
      const s = holder.current();
      if (!s) return notReady(holder, deps.name);
      return { status: 200, body: { ready: true, model_name: s.name, model_version: s.version }, headers: identityHeaders(s.name, s.version) };
    },

    // Shape errors are raised inside predictRecords' reading, so they too name the version that refused them.
    'POST /predict': async (req) => {
      const body = req.body;
      const records = () => {
        if (typeof body === 'object' && body !== null && !Array.isArray(body)) return [body];
        throw new AppError('invalid_request', `POST /predict takes one JSON object of feature values, got ${describe(body)}; send arrays and CSV to /predict/batch`, {
          problems: [{ field: '(body)', message: `expected an object, got ${describe(body)}` }],
        });
      };
      const result = await predictRecords(deps, { records, source: 'json', single: true });
      return answer(result, { model_name: result.modelName, model_version: result.modelVersion, request_id: result.requestId, prediction: result.predictions[0] });
    },

    'POST /predict/batch': async (req) => {
      const body = req.body;
      const source = typeof body === 'string' ? 'text' : 'json';
      const records = () => {
        if (Array.isArray(body)) return body;
        if (typeof body === 'string') return csvRecords(body);
        throw new AppError('invalid_request', `POST /predict/batch takes a JSON array of objects or a text/csv upload, got ${describe(body)}`, {
          problems: [{ field: '(body)', message: `expected an array or CSV, got ${describe(body)}` }],
        });
      };
      const result = await predictRecords(deps, { records, source, single: false });
      return answer(result, { model_name: result.modelName, model_version: result.modelVersion, request_id: result.requestId, predictions: result.predictions });
    },

    'GET /model': async () => {
      const s = servedModel(holder);
      return { status: 200, body: s.metadata, headers: identityHeaders(s.name, s.version) };
    },

    'POST /reload': async (req) => {
      if (!carriesToken(req.headers.authorization, deps.reloadTokens)) throw new AppError('unauthorized', 'POST /reload needs Authorization: Bearer <RELOAD_TOKEN>');
      const outcome = await holder.check(true);
      const body = { model_name: deps.name, ...outcome };
      if (outcome.status === 'failed') throw new AppError('upstream_error', outcome.message ?? 'reload failed', body);
      return { status: 200, body };
    },

    ...oipRoutes(deps),
  };
}
