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

/** GET /restart_data_generation and GET /health answers. */
export const courseApiRestarted = type({ ok: 'true' });
export const courseApiHealth = type({ status: "'OK'" });

/** The detail of the 400 for a group outside GROUP_NUMBERS (the course API's language). */
export const invalidGroupDetail = (group: number): string =>
  `Número de grupo inválido: ${group}; debe estar entre ${GROUP_NUMBERS.min} y ${GROUP_NUMBERS.max}`;
