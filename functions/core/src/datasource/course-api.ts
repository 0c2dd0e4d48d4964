import { type } from 'arktype';

// The course's data API is a FastAPI app: its answers, errors included, have FastAPI's
// shapes rather than ours ({error: {...}}). These schemas are that contract, as the
// simulator serves it and as a client may check it.

/** Groups the course hands out; any other number is refused with a 400. */
export const GROUP_NUMBERS = { min: 1, max: 10 } as const;

/** A FastAPI HTTPException body: what the API answers for an exhausted or invalid group. */
export const courseApiDetail = type({ detail: 'string' });
export type CourseApiDetail = typeof courseApiDetail.infer;

/** One item of FastAPI's 422 body: a query parameter that is missing or does not parse. */
const validationItem = type({
  type: 'string',
  loc: '(string | number)[]',
  msg: 'string',
  input: 'unknown',
});
export type CourseApiValidationItem = typeof validationItem.infer;

/** FastAPI's 422 body (request validation failed). */
export const courseApiValidationError = type({ detail: validationItem.array() });

/**
 * GET /restart_data_generation's answer: `{"ok": true}`, or `["ok"]` in versions that return
 * the Python set {"ok"} (FastAPI serialises a set as a list).
 */
export const courseApiRestarted = type({ ok: 'true' }).or(type(["'ok'"]));

/** GET /health's answer. */
export const courseApiHealth = type({ status: "'OK'" });

/**
 * The days the `day` query parameter of some versions takes. Students send any weekday, not
 * only the Tuesday and Wednesday of the released code, so the simulator and collect take all seven.
 */
export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * The detail of the 400 that ends the data, in both spellings that versions of the API use:
 * the released code writes "minima" without its accent.
 */
export const EXHAUSTED_DETAILS = {
  accented: 'Ya se recolectó toda la información mínima necesaria',
  plain: 'Ya se recolectó toda la información minima necesaria',
} as const;
export type ExhaustedSpelling = keyof typeof EXHAUSTED_DETAILS;

/** Lowercase, accents and punctuation dropped, spaces collapsed: how two spellings of one sentence compare. */
const normalizeSentence = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

const EXHAUSTED_NORMALIZED = normalizeSentence(EXHAUSTED_DETAILS.accented);

/** Whether a 400's detail is the course's end-of-data sentence, whatever its accents, case and spacing. */
export const isExhaustedDetail = (detail: unknown): boolean => typeof detail === 'string' && normalizeSentence(detail) === EXHAUSTED_NORMALIZED;

/** The detail of the 400 for a group outside GROUP_NUMBERS (the course API's language). */
export const invalidGroupDetail = (group: number): string =>
  `Número de grupo inválido: ${group}; debe estar entre ${GROUP_NUMBERS.min} y ${GROUP_NUMBERS.max}`;
