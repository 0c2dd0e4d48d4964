import { realtorDerived } from '../derived/realtor-derived.ts';
import type { DatasetSpec } from './dataset-spec.ts';

/**
 * USA real-estate listings (realtor.com via Kaggle), the course project's dataset:
 * regression of the listing price. The data API sends numeric codes as floats and drops
 * ZIP codes' leading zeros; normalization restores both.
 */
export const realtor: DatasetSpec = {
  name: 'realtor',
  description: 'House prices of USA real-estate listings (regression on price).',
  missing: ['', 'NaN', 'nan', 'None', 'null'],
  target: { column: 'price', task: 'regression', transform: 'log1p' },
  columns: [
    { name: 'brokered_by', kind: 'categorical', role: 'identifier', normalize: 'integer-code', note: 'broker id: tens of thousands of values, says who sells, not what' },
    { name: 'status', kind: 'categorical', role: 'feature', required: true, allowed: ['for_sale', 'sold', 'ready_to_build'] },
    // Under $1,000 is a data-entry error (the full file has 280 zero prices); over $100M none is real.
    { name: 'price', kind: 'numeric', role: 'target', required: true, min: 1_000, max: 100_000_000 },
    { name: 'bed', kind: 'numeric', role: 'feature', integer: true, min: 0, max: 100 },
    { name: 'bath', kind: 'numeric', role: 'feature', min: 0, max: 100 },
    { name: 'acre_lot', kind: 'numeric', role: 'feature', min: 0, max: 100_000 },
    { name: 'street', kind: 'categorical', role: 'identifier', normalize: 'integer-code', note: 'street id: nearly unique per house' },
    { name: 'city', kind: 'categorical', role: 'feature' },
    { name: 'state', kind: 'categorical', role: 'feature', required: true },
    { name: 'zip_code', kind: 'categorical', role: 'feature', normalize: 'zip5' },
    { name: 'house_size', kind: 'numeric', role: 'feature', min: 1, max: 1_000_000, note: 'square feet' },
    { name: 'prev_sold_date', kind: 'date', role: 'feature', normalize: 'iso-date' },
  ],
  // A listing is identified by its street, city and ZIP: the same house never sits in two splits.
  split: { groupKey: ['street', 'city', 'zip_code'], shares: { train: 0.7, validation: 0.15, test: 0.15 } },
  derived: realtorDerived,
};
