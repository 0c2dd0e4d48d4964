/** Bounds a claim puts on a numeric column: gt < value <= lte; either may be absent. */
export interface Band {
  gt?: number;
  lte?: number;
}

/**
 * The values later copies of one row take in a column where no two copies may repeat: the
 * whole numbers within +-spread of the row's value, inside the band, positive, the row's own
 * value left out. Copy k (from 1) takes candidate (offset + (k - 1) x step) mod count.
 */
export interface DistinctValues {
  lo: number;
  /** Candidates: the whole numbers lo, lo + 1, ... with `skip` (the row's own value) left out. */
  count: number;
  skip: number | undefined;
  /** Coprime with count, so copies 1 to count take every candidate once before any repeats. */
  step: number;
  offset: number;
}

// Golden-ratio steps spread consecutive copies over the whole range (a Weyl sequence), so
// the copies of a row are spread evenly rather than bunched at one end.
const GOLDEN = (Math.sqrt(5) - 1) / 2;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The step of count candidates: the whole number nearest count / golden ratio that shares no factor with it. */
function coprimeStep(count: number): number {
  let step = Math.max(1, Math.round(count * GOLDEN));
  while (gcd(step, count) !== 1) step++;
  return step;
}

/**
 * The distinct values of `value`'s copies: +-max(share x value, minSpread) around it, inside
 * `band`, at least 1. `hash` (any non-negative integer) picks where copy 1 starts.
 */
export function distinctValues(value: number, spread: { share: number; minSpread: number }, band: Band, hash: number): DistinctValues {
  const half = Math.max(Math.round(spread.share * value), spread.minSpread);
  const lo = Math.max(Math.ceil(value - half), band.gt === undefined ? 1 : Math.floor(band.gt) + 1, 1);
  const hi = Math.min(Math.floor(value + half), band.lte === undefined ? Infinity : Math.floor(band.lte));
  const skip = Number.isInteger(value) && value >= lo && value <= hi ? value : undefined;
  const count = Math.max(0, hi - lo + 1 - (skip === undefined ? 0 : 1));
  return { lo, count, skip, step: count > 0 ? coprimeStep(count) : 1, offset: count > 0 ? hash % count : 0 };
}

/** The value of copy `copy` (from 1, below count + 1): never the row's own, never another copy's. */
export function distinctValue(values: DistinctValues, copy: number): number {
  const v = values.lo + ((values.offset + (copy - 1) * values.step) % values.count);
  return values.skip !== undefined && v >= values.skip ? v + 1 : v;
}

/**
 * `value` times a factor in 1 +- share (u in [0, 1) picks it), rounded to `decimals`. A
 * positive value stays positive: rounding never takes it below the smallest step.
 */
export function relativeJitter(value: number, share: number, decimals: number, u: number): number {
  const scale = 10 ** decimals;
  const jittered = Math.round(value * (1 + share * (2 * u - 1)) * scale) / scale;
  return value > 0 && jittered <= 0 ? 1 / scale : jittered;
}

const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The day number (days since 1970-01-01) of a YYYY-MM-DD date; undefined for a text that is no such date. */
export function dayNumber(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (!m) return undefined;
  const time = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls 2023-02-30 over into March: such a text is no date.
  return dayText(time / DAY_MS) === text ? time / DAY_MS : undefined;
}

/** The YYYY-MM-DD text of a day number: calendar arithmetic in UTC, so always a real date. */
export const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** A day number moved by a whole number of days in -days..+days (u in [0, 1) picks it). */
export const shiftDay = (day: number, days: number, u: number): number => day + Math.floor(u * (2 * days + 1)) - days;
