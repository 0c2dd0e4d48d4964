import type { DatasetSpec, NearbySpec } from '../datasets/dataset-spec.ts';
import type { CleanValue } from '../datasets/normalize-value.ts';
import { groupKeyOf, hash53 } from '../datasets/split-assignment.ts';
import { lookupFeature, type DerivedFeature } from './derived-feature.ts';
import { NearestPlaces, type Place } from './nearest-places.ts';
import type { ZipLocations } from './zip-locations.ts';

/** A training row as the comparables read it: its clean values and its target in the model's units. */
export interface NearbyRow {
  readonly features: Readonly<Record<string, CleanValue | undefined>>;
  readonly target: number;
}

/**
 * Out-of-fold folds: a training row's own comparables must not contain its own target, or the
 * trees would learn to trust a value that new rows never have. Five folds, as in target
 * encoding practice; rows of one group (a house listed twice) share a fold.
 */
const FOLDS = 5;

/** The fitted comparables: lookups over every ZIP code for serving, and out-of-fold values for the training rows. */
interface FittedNearby {
  readonly features: DerivedFeature[];
  /** Per feature, the value of each training row (in the order given) from the folds it is not in. */
  readonly outOfFold: Float64Array[];
}

function foldOf(spec: DatasetSpec, row: NearbyRow, index: number): number {
  const key = groupKeyOf(spec, row.features) ?? `row ${index}`;
  return hash53(`${spec.name}\u0000comparables fold\u0000${key}`) % FOLDS;
}

/** Rows grouped by place: one place per known ZIP code, with the count and sum of the rows' targets. */
function placesOf(rows: readonly { key: string; target: number }[], zips: ZipLocations): { places: Place[]; rows: number } {
  const byKey = new Map<string, { count: number; sum: number }>();
  let placed = 0;
  for (const r of rows) {
    if (!zips.latitude.has(r.key)) continue;
    const acc = byKey.get(r.key) ?? { count: 0, sum: 0 };
    acc.count += 1;
    acc.sum += r.target;
    byKey.set(r.key, acc);
    placed += 1;
  }
  const places = [...byKey].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, acc]) => ({ latitude: zips.latitude.get(key)!, longitude: zips.longitude.get(key)!, ...acc }));
  return { places, rows: placed };
}

/** One comparable of a place, from the training rows the index holds (`total` of them). */
function valueAt(f: NearbySpec, index: NearestPlaces, total: number, latitude: number, longitude: number): number {
  if (total === 0) return Number.NaN;
  return f.statistic === 'mean-target' ? index.meanOfNearest(latitude, longitude, f.k) : index.countWithin(latitude, longitude, f.radiusKm) / total;
}

/**
 * Fits the comparables of a specification on its training rows: each feature becomes a lookup
 * over every ZIP code of the package's table (what the graph compiles, and what validation,
 * test and served rows get), while each training row gets the value computed without its own
 * fold. Rows whose ZIP code is missing or unknown to the package are no one's comparable and
 * get NaN, as they would when served.
 */
export function fitNearby(spec: DatasetSpec, declared: readonly NearbySpec[], zips: ZipLocations, train: readonly NearbyRow[]): FittedNearby {
  const features: DerivedFeature[] = [];
  const outOfFold: Float64Array[] = [];
  // The places and their indexes depend on the source column only: built once for its features.
  const bySource = new Map<string, ReturnType<typeof placesBySource>>();
  for (const f of declared) {
    if (f.statistic === 'mean-target' ? !(Number.isInteger(f.k) && f.k >= 1) : !(f.radiusKm > 0)) {
      throw new RangeError(`${spec.name}.${f.name}: k must be a whole number >= 1 and radiusKm above 0`);
    }
    let fitted = bySource.get(f.source);
    if (!fitted) bySource.set(f.source, (fitted = placesBySource(spec, f.source, zips, train)));
    const { rows, all, folds } = fitted;
    const table = new Map<string, number>();
    for (const [zip, latitude] of zips.latitude) {
      const v = valueAt(f, all.index, all.rows, latitude, zips.longitude.get(zip)!);
      if (Number.isFinite(v)) table.set(zip, v);
    }
    features.push(lookupFeature(f.name, f.source, table));

    const values = new Float64Array(rows.length).fill(Number.NaN);
    const cache = folds.map(() => new Map<string, number>());
    rows.forEach((r, i) => {
      if (!zips.latitude.has(r.key)) return;
      const others = folds[r.fold]!;
      let v = cache[r.fold]!.get(r.key);
      if (v === undefined) {
        v = valueAt(f, others.index, others.rows, zips.latitude.get(r.key)!, zips.longitude.get(r.key)!);
        cache[r.fold]!.set(r.key, v);
      }
      values[i] = v;
    });
    outOfFold.push(values);
  }
  return { features, outOfFold };
}

/** The training rows keyed by one source column, their places, and the places of every fold's complement. */
function placesBySource(spec: DatasetSpec, source: string, zips: ZipLocations, train: readonly NearbyRow[]) {
  const rows = train.map((r, i) => {
    const v = r.features[source];
    return { key: v === null || v === undefined ? '' : String(v), target: r.target, fold: foldOf(spec, r, i) };
  });
  const indexOf = (part: readonly { key: string; target: number }[]) => {
    const { places, rows: placed } = placesOf(part, zips);
    return { index: new NearestPlaces(places), rows: placed };
  };
  return { rows, all: indexOf(rows), folds: Array.from({ length: FOLDS }, (_, fold) => indexOf(rows.filter((r) => r.fold !== fold))) };
}
