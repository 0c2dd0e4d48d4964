import { type } from 'arktype';
import { mlflowModelVersion } from './model-version.ts';
import { mlflowTag } from './run-data.ts';

/** A registered model: a name whose versions are the models served and compared. */
export const mlflowRegisteredModel = type({
  name: 'string',
  'creation_timestamp?': 'number',
  'last_updated_timestamp?': 'number',
  'description?': 'string',
  'latest_versions?': mlflowModelVersion.array(),
  'tags?': mlflowTag.array(),
  'aliases?': type({ alias: 'string', version: 'string' }).array(),
});

/** `POST registered-models/create` and `GET registered-models/get`. */
export const mlflowRegisteredModelResponse = type({ registered_model: mlflowRegisteredModel });

export type MlflowRegisteredModel = typeof mlflowRegisteredModel.infer;
