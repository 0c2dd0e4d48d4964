import type { DerivedSpec } from '../datasets/dataset-spec.ts';
import type { RangeGroup } from './derived-feature.ts';

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
const AGE_BRACKETS: Readonly<Record<string, number>> = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`[${10 * i}-${10 * i + 10})`, 10 * i]));

/**
 * diabetes' derived features: each diagnosis code's chapter, so that thousands of rare
 * codes share what their chapter says about readmission; and the age bracket as a number,
 * so that its order counts (a category is split by label, not by age).
 */
export const diabetesDerived: readonly DerivedSpec[] = [
  ...(['diag_1', 'diag_2', 'diag_3'] as const).map(
    (column): DerivedSpec => ({ name: `${column}_chapter`, source: column, op: 'ranges', groups: ICD9_CHAPTERS, otherwise: 'other', otherPrefixes: ['V', 'E'], note: 'ICD-9 chapter (Strack et al. 2014)' }),
  ),
  { name: 'age_years', source: 'age', op: 'lookup', table: AGE_BRACKETS, note: "the age bracket's lower bound in years" },
];
