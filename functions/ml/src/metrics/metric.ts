/** A metric of predictions against targets. */
export type Metric = (y: Float64Array, p: Float64Array) => number;

/** The rows of a metric's arrays, which must be equal in length and not empty. */
export function check(y: Float64Array, p: Float64Array): number {
  if (y.length !== p.length || y.length === 0) throw new RangeError(`metric needs equal, non-empty arrays (${y.length}, ${p.length})`);
  return y.length;
}
