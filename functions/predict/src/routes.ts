import { AppError, oipInferRequest, parseWith } from '@tabular-ct/core';
import { carriesToken, type JsonRequest, type Reply, type RouteTable } from '@tabular-ct/platform';
import { csvRecords } from './csv-records.ts';
import { oipInferResponse, oipModelMetadata, oipRecords, servedVersion } from './oip.ts';
import { predictRecords, type PredictDeps, type Predictions } from './predict-rows.ts';
import type { ServedModel } from './served-model.ts';

interface PredictRoutesDeps extends PredictDeps {
  name: string;
  /** Bearer tokens of POST /reload: one, or two while rotating. */
  reloadTokens: readonly string[];
}

const identityHeaders = (modelName: string, modelVersion: string): Record<string, string> => ({ 'x-model-name': modelName, 'x-model-version': modelVersion });
const answer = (result: Predictions, body: unknown): Reply => ({ status: 200, body, headers: identityHeaders(result.modelName, result.modelVersion) });

const describe = (body: unknown): string => (body === undefined ? 'no body' : Array.isArray(body) ? 'an array' : typeof body === 'string' ? 'text' : body === null ? 'null' : `a ${typeof body}`);

/**
 * The predictor's HTTP surface: single and batch predictions, model metadata, the
 * readiness and reload endpoints, and the Open Inference Protocol v2 routes for the one
 * model it serves, so KServe-style clients work unchanged.
 */
export function predictRoutes(deps: PredictRoutesDeps): RouteTable {
  const { holder } = deps;
  const served = (): ServedModel => {
    const current = holder.current();
    if (!current) throw new AppError('not_ready', holder.notReadyMessage());
    return current;
  };
  const oipModel = `/v2/models/${encodeURIComponent(deps.name)}`;
  // The message names the last load failure's cause, so a probe's answer says what to fix.
  const notReady = (): Reply => ({ status: 503, body: { ready: false, model_name: deps.name, message: holder.notReadyMessage() } });

  const routes: RouteTable = {
    'GET /health': async () => ({ status: 200, body: { status: 'ok' } }),
    // Knative's readiness probe: nothing is routed here until a version is loaded. Probes come
    // often during a cold start, so "not yet" is answered directly rather than logged as a 5xx.
    'GET /ready': async () => {
      const s = holder.current();
      if (!s) return notReady();
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
      const s = served();
      return { status: 200, body: s.metadata, headers: identityHeaders(s.name, s.version) };
    },

    'POST /reload': async (req) => {
      if (!carriesToken(req.headers.authorization, deps.reloadTokens)) throw new AppError('unauthorized', 'POST /reload needs Authorization: Bearer <RELOAD_TOKEN>');
      const outcome = await holder.check(true);
      const body = { model_name: deps.name, ...outcome };
      if (outcome.status === 'failed') throw new AppError('upstream_error', outcome.message ?? 'reload failed', body);
      return { status: 200, body };
    },

    'GET /v2': async () => ({ status: 200, body: { name: 'tabular-ct-predict', version: '2', extensions: [] } }),
    'GET /v2/health/live': async () => ({ status: 200, body: { live: true } }),
    'GET /v2/health/ready': async () => (holder.ready() ? { status: 200, body: { ready: true } } : notReady()),
  };
  // The same three routes with and without /versions/<version>; a version other than the one
  // served is a 404 (checked on the version that answers, so a swap cannot slip between).
  for (const [prefix, wanted] of [
    [oipModel, () => undefined],
    [`${oipModel}/versions/:version`, (req: JsonRequest) => req.params.version],
  ] as const) {
    routes[`GET ${prefix}`] = async (req) => {
      const s = servedVersion(served(), wanted(req));
      return { status: 200, body: oipModelMetadata(s), headers: identityHeaders(s.name, s.version) };
    };
    routes[`GET ${prefix}/ready`] = async (req) => {
      const current = holder.current();
      if (!current) return notReady();
      const s = servedVersion(current, wanted(req));
      return { status: 200, body: { name: s.name, ready: true }, headers: identityHeaders(s.name, s.version) };
    };
    routes[`POST ${prefix}/infer`] = async (req) => {
      let id: string | undefined;
      const records = (current: ServedModel) => {
        const s = servedVersion(current, wanted(req));
        const parsed = parseWith(oipInferRequest, req.body, 'inference request');
        if (!parsed.ok) throw parsed.error;
        id = parsed.value.id;
        return oipRecords(parsed.value, s.inputs);
      };
      const result = await predictRecords(deps, { records, source: 'json', single: false });
      return answer(result, oipInferResponse(result, id));
    };
  }
  return routes;
}
