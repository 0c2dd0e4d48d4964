import { oipInferRequest, parseOrThrow } from '@tabular-ct/core';
import type { JsonRequest, RouteTable } from '@tabular-ct/platform';
import { answer, identityHeaders, notReady, servedModel } from './model-replies.ts';
import { oipInferResponse, oipModelMetadata, oipRecords, servedVersion } from './oip.ts';
import { predictRecords, type PredictDeps } from './predict-rows.ts';
import type { ServedModel } from './served-model.ts';

/**
 * The Open Inference Protocol v2 routes (oip.ts) for the one model the predictor serves, so
 * KServe-style clients work unchanged. `name` is the registered model's.
 */
export function oipRoutes(deps: PredictDeps & { name: string }): RouteTable {
  const { holder } = deps;
  const oipModel = `/v2/models/${encodeURIComponent(deps.name)}`;
  const routes: RouteTable = {
    'GET /v2': async () => ({ status: 200, body: { name: 'tabular-ct-predict', version: '2', extensions: [] } }),
    'GET /v2/health/live': async () => ({ status: 200, body: { live: true } }),
    'GET /v2/health/ready': async () => (holder.ready() ? { status: 200, body: { ready: true } } : notReady(holder, deps.name)),
  };
  // The same three routes with and without /versions/<version>; a version other than the one
  // served is a 404 (checked on the version that answers, so a swap cannot slip between).
  for (const [prefix, wanted] of [
    [oipModel, () => undefined],
    [`${oipModel}/versions/:version`, (req: JsonRequest) => req.params.version],
  ] as const) {
    routes[`GET ${prefix}`] = async (req) => {
      const s = servedVersion(servedModel(holder), wanted(req));
      return { status: 200, body: oipModelMetadata(s), headers: identityHeaders(s.name, s.version) };
    };
    routes[`GET ${prefix}/ready`] = async (req) => {
      const current = holder.current();
      if (!current) return notReady(holder, deps.name);
      const s = servedVersion(current, wanted(req));
      return { status: 200, body: { name: s.name, ready: true }, headers: identityHeaders(s.name, s.version) };
    };
    routes[`POST ${prefix}/infer`] = async (req) => {
      let id: string | undefined;
      const records = (current: ServedModel) => {
        const s = servedVersion(current, wanted(req));
        const request = parseOrThrow(oipInferRequest, req.body, 'inference request');
        id = request.id;
        return oipRecords(request, s.inputs);
      };
      const result = await predictRecords(deps, { records, source: 'json', single: false });
      return answer(result, oipInferResponse(result, id));
    };
  }
  return routes;
}
