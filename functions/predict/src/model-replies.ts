import { AppError } from '@tabular-ct/core';
import type { Reply } from '@tabular-ct/platform';
import type { ModelHolder } from './model-holder.ts';
import type { Predictions } from './predict-rows.ts';
import type { ServedModel } from './served-model.ts';

/** The headers naming the model and version that answered (CORS exposes them to the UI). */
export const identityHeaders = (modelName: string, modelVersion: string): Record<string, string> => ({ 'x-model-name': modelName, 'x-model-version': modelVersion });

/** A prediction's answer, in whichever protocol's body, naming the version that made it. */
export const answer = (result: Predictions, body: unknown): Reply => ({ status: 200, body, headers: identityHeaders(result.modelName, result.modelVersion) });

/** The version served now; `not_ready` (503) before the first load. */
export function servedModel(holder: ModelHolder): ServedModel {
  const current = holder.current();
  if (!current) throw new AppError('not_ready', holder.notReadyMessage());
  return current;
}

/** A readiness probe's "not yet": the message names the last load failure's cause, so a probe's answer says what to fix. */
export const notReady = (holder: ModelHolder, modelName: string): Reply => ({ status: 503, body: { ready: false, model_name: modelName, message: holder.notReadyMessage() } });
