import {
  AppError,
  mlflowCreateExperimentResponse,
  mlflowGetExperimentResponse,
  type MlflowExperiment,
  type MlflowTag,
} from '@tabular-ct/core';
import type { MlflowHttp } from './http.ts';
import { undefinedIfNotFound } from './http-errors.ts';

export interface MlflowExperiments {
  /** The experiment called `name`; `not_found` when there is none. */
  getByName(name: string): Promise<MlflowExperiment>;
  /** The experiment called `name`, or undefined. */
  findByName(name: string): Promise<MlflowExperiment | undefined>;
  /** Creates an experiment and returns its id; `conflict` when the name is taken (even by a deleted one). */
  create(name: string, options?: { tags?: MlflowTag[] }): Promise<string>;
  /** The id of the active experiment called `name`, created when missing. Safe to call concurrently. */
  getOrCreate(name: string): Promise<string>;
}

export function createExperiments(http: MlflowHttp): MlflowExperiments {
  const getByName = async (name: string): Promise<MlflowExperiment> =>
    (await http.json('GET', 'mlflow/experiments/get-by-name', mlflowGetExperimentResponse, { query: { experiment_name: name } })).experiment;

  const activeId = (experiment: MlflowExperiment): string => {
    // A deleted experiment keeps its name: runs cannot be created in it, nor can a new one take the name.
    if (experiment.lifecycle_stage !== 'active') {
      throw new AppError('conflict', `MLflow experiment "${experiment.name}" is ${experiment.lifecycle_stage}: restore it or choose another name`, {
        experimentId: experiment.experiment_id,
      });
    }
    return experiment.experiment_id;
  };

  const create = async (name: string, options: { tags?: MlflowTag[] } = {}): Promise<string> =>
    (await http.json('POST', 'mlflow/experiments/create', mlflowCreateExperimentResponse, { body: { name, tags: options.tags ?? [] } })).experiment_id;

  return {
    getByName,
    findByName: (name) => undefinedIfNotFound(getByName(name)),
    create,
    async getOrCreate(name) {
      const existing = await undefinedIfNotFound(getByName(name));
      if (existing) return activeId(existing);
      try {
        return await create(name);
      } catch (error) {
        // Another caller created it between our lookup and our create: use theirs.
        if (error instanceof AppError && error.code === 'conflict') return activeId(await getByName(name));
        throw error;
      }
    },
  };
}
