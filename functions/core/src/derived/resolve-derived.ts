import type { DatasetSpec, DerivedSpec, NamedTable, NearbySpec } from '../datasets/dataset-spec.ts';
import { ok, type Result } from '../errors/result.ts';
import { lookupFeature, rangesFeature, type DerivedFeature } from './derived-feature.ts';
import { fitNearby, type NearbyRow } from './nearby.ts';
import { loadZipLocations, type ZipLocations } from './zip-locations.ts';

/** A specification's derived features, ready to compute, with what training rows need besides. */
export interface DerivedSet {
  /** Every derived feature, in the specification's order: what validation, test and served rows get, and what the export compiles. */
  readonly features: DerivedFeature[];
  /**
   * Values the training rows get instead of `compute`, by feature name, in the order of the
   * rows given: the comparables computed without the row's own fold (nearby.ts).
   */
  readonly trainValues: ReadonlyMap<string, Float64Array>;
}

interface DerivedOptions {
  /** The training rows, targets in the model's units: what comparables are fitted on (none: their tables are empty). */
  readonly train?: readonly NearbyRow[];
  /** Where the ZIP codes' locations come from (tests give a small table). */
  readonly loadZips?: () => Promise<Result<ZipLocations, string>>;
}

const isNearby = (d: DerivedSpec): d is NearbySpec => d.op === 'nearby';
const needsZips = (d: DerivedSpec): boolean => isNearby(d) || (d.op === 'lookup' && typeof d.table === 'string');

/**
 * The derived features of a dataset, their tables loaded and the comparables fitted on the
 * training rows: what training computes and the export compiles. Package tables (the ZIP
 * codes' locations) are loaded only when the specification needs one.
 */
export async function derivedFeatures(spec: DatasetSpec, options: DerivedOptions = {}): Promise<Result<DerivedSet, string>> {
  const declared = spec.derived ?? [];
  let zips: ZipLocations = { latitude: new Map(), longitude: new Map() };
  if (declared.some(needsZips)) {
    const loaded = await (options.loadZips ?? loadZipLocations)();
    if (!loaded.ok) return loaded;
    zips = loaded.value;
  }
  const named = (table: NamedTable): ReadonlyMap<string, number> => (table === 'zip-latitude' ? zips.latitude : zips.longitude);
  const nearby = declared.filter(isNearby);
  const fitted = fitNearby(spec, nearby, zips, options.train ?? []);
  const features = declared.map((d): DerivedFeature => {
    if (d.op === 'nearby') return fitted.features[nearby.indexOf(d)]!;
    if (d.op === 'ranges') return rangesFeature(d.name, d.source, d.groups, d.otherwise, d.otherPrefixes);
    return lookupFeature(d.name, d.source, typeof d.table === 'string' ? named(d.table) : new Map(Object.entries(d.table)));
  });
  return ok({ features, trainValues: new Map(nearby.map((d, i) => [d.name, fitted.outOfFold[i]!])) });
}
