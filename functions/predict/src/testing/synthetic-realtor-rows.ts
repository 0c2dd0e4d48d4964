import type { CleanValue } from '@tabular-ct/core';
import { createRng } from '@tabular-ct/ml';

// Realtor-shaped rows for models that tests and benchmarks train and serve (not real
// listings): the cleaned values of the dataset spec, as the predictor receives them.

const STATES = ['Texas', 'Florida', 'Ohio', 'Maine', 'Utah'];
const CITIES = ['Austin', 'Miami', 'Columbus', 'Dallas', 'Portland', 'Provo', 'Tampa', 'Akron'];

/** How many distinct categories the rows draw from: the first `states` and `cities` of the lists, `zipCodes` codes from 10000. */
interface RowVariety {
  states: number;
  cities: number;
  zipCodes: number;
}

/** `n` rows from `seed`: the same seed always gives the same rows, so a model trained on them is reproducible. */
export function syntheticRealtorRows(n: number, seed: number, variety: RowVariety = { states: STATES.length, cities: CITIES.length, zipCodes: 500 }): Record<string, CleanValue>[] {
  const r = createRng(seed);
  const states = STATES.slice(0, variety.states);
  const cities = CITIES.slice(0, variety.cities);
  return Array.from({ length: n }, () => ({
    status: r() < 0.6 ? 'for_sale' : 'sold',
    bed: 1 + Math.floor(r() * 5),
    bath: 1 + Math.floor(r() * 4),
    acre_lot: Math.round(r() * 200) / 100,
    city: cities[Math.floor(r() * cities.length)]!,
    state: states[Math.floor(r() * states.length)]!,
    zip_code: String(10000 + Math.floor(r() * variety.zipCodes)).padStart(5, '0'),
    house_size: 500 + Math.floor(r() * 3500),
    prev_sold_date: r() < 0.2 ? null : `20${String(10 + Math.floor(r() * 14))}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
  }));
}

/** One valid input within the rows' categories. */
export const goodRealtorRow = { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.25, city: 'Austin', state: 'Texas', zip_code: '10010', house_size: 1800, prev_sold_date: '2015-06-01' };
