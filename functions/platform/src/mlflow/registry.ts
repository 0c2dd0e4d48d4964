import {
  AppError,
  mlflowAlias,
  mlflowEmptyResponse,
  mlflowModelVersionDownloadUriResponse,
  mlflowModelVersionResponse,
  mlflowRegisteredModelResponse,
  mlflowSearchModelVersionsResponse,
  parseOrThrow,
  type MlflowModelVersion,
  type MlflowRegisteredModel,
  type MlflowTag,
} from '@tabular-ct/core';
import type { MlflowHttp } from './http.ts';
import { undefinedIfNotFound } from './http-errors.ts';

/** The model registry: registered models, their versions, version tags and aliases. */
export interface MlflowRegistry {
  createRegisteredModel(name: string, options?: { description?: string; tags?: MlflowTag[] }): Promise<MlflowRegisteredModel>;
  /** The registered model with its aliases; `not_found` when there is none. */
  getRegisteredModel(name: string): Promise<MlflowRegisteredModel>;
  /** The registered model called `name`, created when missing. Safe to call concurrently. */
  getOrCreateRegisteredModel(name: string, options?: { description?: string; tags?: MlflowTag[] }): Promise<MlflowRegisteredModel>;
  /** Deletes a registered model with all its versions and aliases; false when there was none. */
  deleteRegisteredModel(name: string): Promise<boolean>;
  /**
   * Registers a version. For an MLflow 3 logged model the source is `models:/<model_id>`, as
   * the Python client writes it; `modelId` links the version to it.
   */
  createModelVersion(input: { name: string; source: string; runId?: string; modelId?: string; description?: string; tags?: MlflowTag[] }): Promise<MlflowModelVersion>;
  getModelVersion(name: string, version: string): Promise<MlflowModelVersion>;
  /** Versions matching an MLflow filter (`name = 'x' AND tag.k = 'v'`), one page at a time. */
  searchModelVersions(input: { filter?: string; maxResults?: number; orderBy?: string[]; pageToken?: string }): Promise<{ versions: MlflowModelVersion[]; nextPageToken?: string }>;
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  /** Where a version's files are: an `mlflow-artifacts:` URI for the artifacts client. */
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  /** Points `alias` at `version`, moving it if it pointed elsewhere. */
  setAlias(name: string, alias: string, version: string): Promise<void>;
  deleteAlias(name: string, alias: string): Promise<void>;
  /** The version an alias points at; `not_found` when the alias or the model does not exist. */
  getVersionByAlias(name: string, alias: string): Promise<MlflowModelVersion>;
  /** The version an alias points at, or undefined (before the first promotion, say). */
  findVersionByAlias(name: string, alias: string): Promise<MlflowModelVersion | undefined>;
}

const checkAlias = (alias: string): string => parseOrThrow(mlflowAlias, alias, `alias "${alias}"`);

export function createRegistry(http: MlflowHttp): MlflowRegistry {
  const createRegisteredModel = async (name: string, options: { description?: string; tags?: MlflowTag[] } = {}): Promise<MlflowRegisteredModel> => {
    const body = { name, description: options.description, tags: options.tags ?? [] };
    return (await http.json('POST', 'mlflow/registered-models/create', mlflowRegisteredModelResponse, { body })).registered_model;
  };
  const getRegisteredModel = async (name: string): Promise<MlflowRegisteredModel> =>
    (await http.json('GET', 'mlflow/registered-models/get', mlflowRegisteredModelResponse, { query: { name } })).registered_model;

  const getVersionByAlias = async (name: string, alias: string): Promise<MlflowModelVersion> => {
    try {
      return (await http.json('GET', 'mlflow/registered-models/alias', mlflowModelVersionResponse, { query: { name, alias } })).model_version;
    } catch (error) {
      // MLflow 3.18, like 3.17, answers an unknown alias with INVALID_PARAMETER_VALUE
      // ("Registered model alias production not found."), not RESOURCE_DOES_NOT_EXIST: to us
      // it is not_found.
      if (error instanceof AppError && error.code === 'invalid_request' && /alias .* not found/i.test(error.message)) {
        throw new AppError('not_found', `MLflow has no alias "${alias}" on registered model "${name}"`, error.details, { cause: error });
      }
      throw error;
    }
  };

  return {
    createRegisteredModel,
    getRegisteredModel,
    async getOrCreateRegisteredModel(name, options) {
      const existing = await undefinedIfNotFound(getRegisteredModel(name));
      if (existing) return existing;
      try {
        return await createRegisteredModel(name, options);
      } catch (error) {
        // Created by another caller between our lookup and our create.
        if (error instanceof AppError && error.code === 'conflict') return getRegisteredModel(name);
        throw error;
      }
    },

    async deleteRegisteredModel(name) {
      const deleted = await undefinedIfNotFound(http.json('DELETE', 'mlflow/registered-models/delete', mlflowEmptyResponse, { body: { name } }));
      return deleted !== undefined;
    },

    async createModelVersion({ name, source, runId, modelId, description, tags }) {
      const body = { name, source, run_id: runId, model_id: modelId, description, tags: tags ?? [] };
      return (await http.json('POST', 'mlflow/model-versions/create', mlflowModelVersionResponse, { body })).model_version;
    },

    async getModelVersion(name, version) {
      return (await http.json('GET', 'mlflow/model-versions/get', mlflowModelVersionResponse, { query: { name, version } })).model_version;
    },

    async searchModelVersions({ filter, maxResults, orderBy, pageToken }) {
      const query = { filter, max_results: maxResults, order_by: orderBy, page_token: pageToken };
      const answer = await http.json('GET', 'mlflow/model-versions/search', mlflowSearchModelVersionsResponse, { query });
      return { versions: answer.model_versions ?? [], ...(answer.next_page_token ? { nextPageToken: answer.next_page_token } : {}) };
    },

    async setModelVersionTag(name, version, key, value) {
      await http.json('POST', 'mlflow/model-versions/set-tag', mlflowEmptyResponse, { body: { name, version, key, value } });
    },

    async getModelVersionDownloadUri(name, version) {
      const query = { name, version };
      return (await http.json('GET', 'mlflow/model-versions/get-download-uri', mlflowModelVersionDownloadUriResponse, { query })).artifact_uri;
    },

    async setAlias(name, alias, version) {
      await http.json('POST', 'mlflow/registered-models/alias', mlflowEmptyResponse, { body: { name, alias: checkAlias(alias), version } });
    },

    async deleteAlias(name, alias) {
      await http.json('DELETE', 'mlflow/registered-models/alias', mlflowEmptyResponse, { body: { name, alias } });
    },

    getVersionByAlias,
    findVersionByAlias: (name, alias) => undefinedIfNotFound(getVersionByAlias(name, alias)),
  };
}
