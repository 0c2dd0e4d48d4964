import { mlflowLoggedModelResponse, type MlflowLoggedModel, type MlflowParam, type MlflowTag } from '@tabular-ct/core';
import type { MlflowArtifacts } from './artifacts.ts';
import type { MlflowHttp, StreamBody } from './http.ts';

/**
 * MLflow 3 logged models: the model as an entity of its own, with its files under its own
 * artifact location, linked to the run that produced it. Created PENDING, then finalized
 * READY once every file is uploaded, so a reader never sees half a model as complete.
 */
export interface MlflowLoggedModels {
  /** Creates a PENDING logged model in an experiment; its `info.artifact_uri` takes the files. */
  create(input: { experimentId: string; name: string; sourceRunId?: string; modelType?: string; params?: MlflowParam[]; tags?: MlflowTag[] }): Promise<MlflowLoggedModel>;
  get(modelId: string): Promise<MlflowLoggedModel>;
  /** Uploads one file of the model (`model.onnx`, `MLmodel`) below its artifact location. */
  uploadFile(model: MlflowLoggedModel, path: string, body: StreamBody): Promise<void>;
  /** Marks the model READY (default) or UPLOAD_FAILED. */
  finalize(modelId: string, status?: 'LOGGED_MODEL_READY' | 'LOGGED_MODEL_UPLOAD_FAILED'): Promise<MlflowLoggedModel>;
}

export function createLoggedModels(http: MlflowHttp, artifacts: MlflowArtifacts): MlflowLoggedModels {
  const route = (modelId: string): string => `mlflow/logged-models/${encodeURIComponent(modelId)}`;
  return {
    async create({ experimentId, name, sourceRunId, modelType, params, tags }) {
      const body = { experiment_id: experimentId, name, source_run_id: sourceRunId, model_type: modelType, params: params ?? [], tags: tags ?? [] };
      return (await http.json('POST', 'mlflow/logged-models', mlflowLoggedModelResponse, { body })).model;
    },

    async get(modelId) {
      return (await http.json('GET', route(modelId), mlflowLoggedModelResponse)).model;
    },

    uploadFile: (model, path, body) => artifacts.upload(model.info.artifact_uri, path, body),

    async finalize(modelId, status = 'LOGGED_MODEL_READY') {
      // MLflow 3.18, like 3.17, reads model_id from the body, not from the route: without it
      // the PATCH is refused with "Missing value for required parameter 'model_id'".
      const body = { model_id: modelId, status };
      return (await http.json('PATCH', route(modelId), mlflowLoggedModelResponse, { body })).model;
    },
  };
}
