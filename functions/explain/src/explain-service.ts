import {
  AppError,
  datasets,
  PRODUCTION_ALIAS,
  type CompareRequest,
  type CompareResponse,
  type DatasetName,
  type ExplainRequest,
  type ExplainResponse,
  type ImportanceRequest,
  type ImportanceResponse,
} from '@tabular-ct/core';
import { globalImportance, type FeatureImportance } from '@tabular-ct/ml';
import { deliveriesUpTo, readCleanRows, type Log, type ModelRegistry, type Pool, type StoredCleanRow } from '@tabular-ct/platform';
import { loadExplainer, type Explainer } from './explainer.ts';
import { assembleExplanation } from './explanation.ts';
import { compareAnswer } from './importance-answer.ts';
import { ModelCache } from './model-cache.ts';
import { modelDataset } from './model-columns.ts';
import { cleanInput } from './model-input.ts';
import { evenlySpaced, unionOfBatches } from './row-sample.ts';
import { explainRow, explainRows, methodOf } from './shap-rows.ts';

/**
 * Loaded versions kept in memory: the one in production, the challenger beside it, and one
 * more for a comparison with an older version; each holds an ONNX session and its background.
 */
const CACHED_VERSIONS = 3;

/** Rows explained for a global importance when the request does not say. */
const DEFAULT_SAMPLE = 200;

interface ExplainDeps extends ModelRegistry {
  cleanPool: Pool;
  log: Log;
}

export interface ExplainService {
  explain(request: ExplainRequest): Promise<ExplainResponse>;
  importance(request: ImportanceRequest): Promise<ImportanceResponse>;
  compare(request: CompareRequest): Promise<CompareResponse>;
  /** Releases every loaded model (shutdown). */
  close(): Promise<void>;
}

/** The explain function's logic: versions resolved in MLflow, loaded once, explained with the ML core. */
export function createExplainService(deps: ExplainDeps): ExplainService {
  const { modelName } = deps;
  const cache = new ModelCache<Explainer>(
    CACHED_VERSIONS,
    (key) => {
      const { dataset, name, version } = JSON.parse(key) as { dataset: DatasetName; name: string; version: string };
      return loadExplainer(deps, datasets[dataset], name, version);
    },
    (explainer) => explainer.release(),
  );
  const use = <R>(dataset: DatasetName, version: string, work: (e: Explainer) => Promise<R>): Promise<R> =>
    cache.use(JSON.stringify({ dataset, name: modelName(dataset), version }), work);

  /** The version asked for, or the one the alias `production` points at now (read per request: aliases move). */
  const resolve = async (dataset: DatasetName, version: string | undefined): Promise<string> => {
    if (version !== undefined) return version;
    const name = modelName(dataset);
    const current = await deps.mlflow.registry.findVersionByAlias(name, PRODUCTION_ALIAS);
    if (!current) throw new AppError('not_found', `${name} has no version in ${PRODUCTION_ALIAS} yet: name a version`);
    return current.version;
  };

  /** A sample of the CLEAN test rows of the data seen up to each explainer's batch. */
  const testRows = async (dataset: DatasetName, explainers: readonly Explainer[], sample: number): Promise<{ rows: StoredCleanRow[]; batches: string[] }> => {
    const lists: string[][] = [];
    for (const e of explainers) {
      if (!e.batchId) throw new AppError('conflict', `${e.name} version ${e.version} has no batch_id tag: the rows it was evaluated on are unknown`);
      lists.push(await deliveriesUpTo(deps.cleanPool, dataset, e.batchId));
    }
    const batches = unionOfBatches(lists);
    const rows = evenlySpaced(await readCleanRows(deps.cleanPool, batches, ['test']), sample);
    if (rows.length === 0) throw new AppError('conflict', `CLEAN has no test rows in ${batches.length} batches of ${dataset} to explain`);
    return { rows, batches };
  };

  const importanceOf = async (explainer: Explainer, rows: readonly StoredCleanRow[], method: 'tree' | 'kernel'): Promise<FeatureImportance[]> => {
    const data = modelDataset(explainer.inputs, rows.map((r) => r.features));
    return globalImportance(explainer.inputs.map((f) => f.name), await explainRows(explainer, data, method));
  };

  return {
    async explain(request) {
      // The input is checked before anything is downloaded: a typo costs no model load.
      const values = cleanInput(datasets[request.dataset], request.features);
      const version = await resolve(request.dataset, request.version);
      return use(request.dataset, version, async (explainer) => {
        const data = modelDataset(explainer.inputs, [values]);
        const [shap, served] = await Promise.all([explainRow(explainer, data, methodOf([explainer], request.method)), explainer.predict(data.columns)]);
        return assembleExplanation(explainer, values, shap, served[0]!);
      });
    },

    async importance(request) {
      const version = await resolve(request.dataset, request.version);
      return use(request.dataset, version, async (explainer) => {
        const method = methodOf([explainer], request.method);
        const { rows, batches } = await testRows(request.dataset, [explainer], request.sample ?? DEFAULT_SAMPLE);
        const importance = await importanceOf(explainer, rows, method);
        return {
          model_name: explainer.name,
          version,
          method,
          output: method === 'tree' ? 'raw margin' : 'prediction',
          rows: rows.length,
          batches,
          importance,
        };
      });
    },

    async compare(request) {
      return use(request.dataset, request.a, (a) =>
        use(request.dataset, request.b, async (b) => {
          // Importances are comparable only in the same units: TreeSHAP for both or KernelSHAP for both.
          const method = methodOf([a, b], request.method);
          const { rows, batches } = await testRows(request.dataset, [a, b], request.sample ?? DEFAULT_SAMPLE);
          const [before, after] = [await importanceOf(a, rows, method), await importanceOf(b, rows, method)];
          return {
            model_name: a.name,
            a: { version: a.version, importance: before },
            b: { version: b.version, importance: after },
            method,
            output: method === 'tree' ? 'raw margin' : 'prediction',
            rows: rows.length,
            batches,
            ...compareAnswer(before, after),
          };
        }),
      );
    },

    close: () => cache.clear(),
  };
}
