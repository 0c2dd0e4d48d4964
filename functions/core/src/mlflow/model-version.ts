import { type } from 'arktype';
import { mlflowTag } from './run-data.ts';

/**
 * A model version. MLflow 3.18, like 3.17, stores the `model_id` it is created with but does
 * not send it back (its ModelVersion.to_proto has a TODO for it): the `source`
 * (`models:/<model_id>`) names the logged model instead.
 */
export const mlflowModelVersion = type({
  name: 'string',
  version: 'string',
  'creation_timestamp?': 'number',
  'last_updated_timestamp?': 'number',
  'description?': 'string',
  'source?': 'string',
  'run_id?': 'string',
  'model_id?': 'string',
  'status?': 'string',
  'status_message?': 'string',
  'tags?': mlflowTag.array(),
  'aliases?': 'string[]',
});

/** `POST model-versions/create`, `GET model-versions/get`, `GET registered-models/alias`. */
export const mlflowModelVersionResponse = type({ model_version: mlflowModelVersion });

/** `GET model-versions/search`: the list is left out when nothing matches. */
export const mlflowSearchModelVersionsResponse = type({
  'model_versions?': mlflowModelVersion.array(),
  'next_page_token?': 'string',
});

/** `GET model-versions/get-download-uri`: where the version's files are. */
export const mlflowModelVersionDownloadUriResponse = type({ artifact_uri: 'string' });

/**
 * An alias we set. MLflow's rule is `^[\w-]+$`, neither `latest` nor `v<digits>` (those name
 * versions); we also keep them lowercase so that `production` has one spelling in the DAGs,
 * the predictor and the UI.
 */
export const mlflowAlias = type(/^[a-z0-9_-]+$/).narrow(
  (alias, ctx) => (alias !== 'latest' && !/^v\d+$/.test(alias)) || ctx.mustBe('an alias other than latest or v<digits>'),
);

export type MlflowModelVersion = typeof mlflowModelVersion.infer;
