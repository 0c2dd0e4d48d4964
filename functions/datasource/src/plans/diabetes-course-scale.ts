import type { ScalePlan } from '@tabular-ct/core';

/**
 * The diabetes training batches at the course's scale (DATASOURCE_SCALE=course): ten batches
 * of 15,000 encounters, 150,000 in all, against the 64,044 training encounters of the file.
 * SYNTHETIC: patients of the training subset drawn with replacement, each draw bringing all
 * of the patient's training encounters, so a patient is whole in every copy and the
 * platform's split by patient_nbr keeps the copies together.
 *
 * A later copy of an encounter gets encounter_id 10^12 + 100 x its id + its copy number: the
 * file's ids are below 10^9, so the new ones never meet them or each other (a patient is
 * drawn about 2.3 times on average, a dozen at most: 100 is room enough), and the source
 * encounter stays readable in them. Validation and test are served as the file has them.
 */
export const diabetesCourseScale: ScalePlan = {
  kind: 'groups',
  groupBy: 'patient_nbr',
  batches: 10,
  batchRows: 15_000,
  newIds: { column: 'encounter_id', base: 1_000_000_000_000, copiesPerId: 100 },
};
