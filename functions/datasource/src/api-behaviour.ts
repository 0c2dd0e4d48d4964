import { EXHAUSTED_DETAILS } from '@tabular-ct/core';
import type { LoadedConfig } from '@tabular-ct/platform';

/** Which version of the course's API the simulator plays (the DATASOURCE_* variables, parsed). */
export type ApiBehaviour = LoadedConfig<'datasource'>['datasource']['api'];

/** The end-of-data 400's detail, in the configured spelling. */
export const exhaustedDetail = (api: ApiBehaviour): string => EXHAUSTED_DETAILS[api.exhaustedSpelling];

/** GET /restart_data_generation's answer: FastAPI serialises the released code's Python set {"ok"} as ["ok"]. */
export const restartAnswer = (api: ApiBehaviour): { ok: true } | ['ok'] => (api.restartAnswer === 'list' ? ['ok'] : { ok: true });

/** How long an answer of `rows` rows waits before it starts, in ms. */
export const answerDelayMs = (api: ApiBehaviour, rows: number): number => (api.delayMsPer1000Rows * rows) / 1000;
