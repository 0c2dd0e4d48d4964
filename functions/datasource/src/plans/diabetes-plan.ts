import type { SubsetsPlan } from '@tabular-ct/core';

/**
 * The diabetes plan: patients hashed 70/15/15 into train, validation and test; training
 * encounters served by ascending encounter_id (the order of admission, so drift over time
 * shows batch after batch) in batches of 15,000, the course's size. The salt keeps these
 * subsets independent of the platform's own split of the same patients (assignSplit).
 */
export const diabetesPlan: SubsetsPlan = {
  kind: 'subsets',
  groupBy: 'patient_nbr',
  salt: 'datasource-subsets-v1',
  shares: { train: 0.7, validation: 0.15, test: 0.15 },
  orderBy: 'encounter_id',
  batchRows: 15_000,
};
