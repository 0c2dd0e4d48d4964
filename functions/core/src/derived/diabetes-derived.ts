import type { DerivedFeature, RangeGroup } from './derived-feature.ts';
import { lookupFeature, rangesFeature } from './derived-feature.ts';

/**
 * The ICD-9 groups of Strack et al. (2014), table 2, by the integer part of the code; any
 * other numeric code, and every V (supplementary) and E (external cause) code, is 'other'.
 */
const ICD9_CHAPTERS: readonly RangeGroup[] = [
  { name: 'circulatory', ranges: [[390, 459], [785, 785]] },
  { name: 'respiratory', ranges: [[460, 519], [786, 786]] },
  { name: 'digestive', ranges: [[520, 579], [787, 787]] },
  { name: 'diabetes', ranges: [[250, 250]] },
  { name: 'injury', ranges: [[800, 999]] },
  { name: 'musculoskeletal', ranges: [[710, 739]] },
  { name: 'genitourinary', ranges: [[580, 629], [788, 788]] },
  { name: 'neoplasms', ranges: [[140, 239]] },
];

/** The file's ten-year brackets, '[0-10)' to '[90-100)', as their lower bound in years. */
const AGE_BRACKETS: ReadonlyMap<string, number> = new Map(Array.from({ length: 10 }, (_, i) => [`[${10 * i}-${10 * i + 10})`, 10 * i]));

/**
 * diabetes' derived features: each diagnosis code's chapter, so that thousands of
 * rare codes share what their chapter says about readmission; and the age bracket as a
 * number, so that its order counts (a category is split by label, not by age).
 */
export const diabetesDerivedFeatures: readonly DerivedFeature[] = [
  ...['diag_1', 'diag_2', 'diag_3'].map((column) => rangesFeature(`${column}_chapter`, column, ICD9_CHAPTERS, 'other', ['V', 'E'])),
  lookupFeature('age_years', 'age', AGE_BRACKETS),
];
