import type { DerivedFeature } from './derived-feature.ts';
import { lookupFeature, ratioFeature } from './derived-feature.ts';
import type { ZipLocations } from './zip-locations.ts';

const SQUARE_FEET_PER_ACRE = 43_560;

/**
 * realtor's derived features, inputs only: nothing here reads the price.
 * - zip_latitude, zip_longitude: where the ZIP code is, so a ZIP code never seen in training
 *   still lands next to the ones that were (a category alone says nothing about it).
 * - bath_per_bed, sqft_per_bed, lot_to_floor (lot area over living area, both in square
 *   feet): the proportions a valuer reads, which trees can only approximate with many splits
 *   on the two columns. They read two columns each, so a SHAP value of theirs has no single
 *   raw column to be reported on.
 */
export function realtorDerivedFeatures(zips: ZipLocations): DerivedFeature[] {
  return [
    lookupFeature('zip_latitude', 'zip_code', zips.latitude, 'zip5'),
    lookupFeature('zip_longitude', 'zip_code', zips.longitude, 'zip5'),
    ratioFeature('bath_per_bed', 'bath', 'bed'),
    ratioFeature('sqft_per_bed', 'house_size', 'bed'),
    ratioFeature('lot_to_floor', 'acre_lot', 'house_size', SQUARE_FEET_PER_ACRE),
  ];
}
