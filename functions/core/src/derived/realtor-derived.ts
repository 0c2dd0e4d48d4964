import type { DerivedSpec } from '../datasets/dataset-spec.ts';

/**
 * realtor's derived features, all read from the ZIP code, so that a ZIP code never seen in
 * training still lands next to the ones that were (a category alone says nothing about it):
 * - where it is (the package's latitude and longitude);
 * - a valuer's comparables, fitted on the training listings: the mean log price of the ten
 *   nearest, and the share of all training listings within 10 and 25 km (how built-up the
 *   place is). Measured
 *   on three splits of the shared file: realtor's RMSE of log price 5% lower on average than
 *   with the location alone (docs/benchmarks.md, "Model quality against LightGBM").
 * Ratios of two columns (bath per bed, floor area per bed) were measured and left out: they
 * moved RMSE by less than the split-to-split spread, and a feature of two columns has no
 * single column to report its SHAP value on.
 */
export const realtorDerived: readonly DerivedSpec[] = [
  { name: 'zip_latitude', source: 'zip_code', op: 'lookup', table: 'zip-latitude', note: "the ZIP code's latitude in degrees (npm zipcodes)" },
  { name: 'zip_longitude', source: 'zip_code', op: 'lookup', table: 'zip-longitude', note: "the ZIP code's longitude in degrees (npm zipcodes)" },
  { name: 'zip_nearby_log_price', source: 'zip_code', op: 'nearby', statistic: 'mean-target', k: 10, note: 'mean log1p(price) of the 10 training listings nearest to the ZIP code' },
  { name: 'zip_listings_10km', source: 'zip_code', op: 'nearby', statistic: 'share-within', radiusKm: 10, note: 'share of the training listings within 10 km of the ZIP code' },
  { name: 'zip_listings_25km', source: 'zip_code', op: 'nearby', statistic: 'share-within', radiusKm: 25, note: 'share of the training listings within 25 km of the ZIP code' },
];
