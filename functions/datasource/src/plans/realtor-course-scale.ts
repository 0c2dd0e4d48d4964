import type { ScalePlan } from '@tabular-ct/core';

/**
 * The realtor batches at the course API's scale (DATASOURCE_SCALE=course): the documented
 * run's six sizes (functions/datasource/README.md, "Scale": 73,784; 94,551; 230,366; 4,055;
 * 320,696; 361,457, 1,084,909 rows in all), each resampled from the same batch of the realtor
 * plan. SYNTHETIC: about 245 copies of each of the file's 4,422 complete rows.
 *
 * Later copies of a listing get another price, within +-5% (at least +-$1,000, so a cheap
 * listing has room for every copy) and inside its batch's band, different for every copy:
 * preprocess drops a row whose content repeats. House size and lot move by up to 5%, the
 * last sale date by up to 30 days. Beds and baths are counts, and the categories (status,
 * city, state, ZIP, street, broker) are what a listing is: they stay.
 */
export const realtorCourseScale: ScalePlan = {
  kind: 'rows',
  batchRows: [73_784, 94_551, 230_366, 4_055, 320_696, 361_457],
  distinct: { column: 'price', share: 0.05, minSpread: 1_000 },
  jitter: [
    { column: 'house_size', share: 0.05, decimals: 0 },
    // The file writes lots in hundredths of an acre.
    { column: 'acre_lot', share: 0.05, decimals: 2 },
    { column: 'prev_sold_date', days: 30 },
  ],
};
