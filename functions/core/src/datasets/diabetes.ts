import { diabetesDerived } from '../derived/diabetes-derived.ts';
import type { ColumnSpec, DatasetSpec } from './dataset-spec.ts';

// The 23 medication columns: whether the dose was changed during the encounter.
const medications = [
  'metformin', 'repaglinide', 'nateglinide', 'chlorpropamide', 'glimepiride', 'acetohexamide', 'glipizide',
  'glyburide', 'tolbutamide', 'pioglitazone', 'rosiglitazone', 'acarbose', 'miglitol', 'troglitazone',
  'tolazamide', 'examide', 'citoglipton', 'insulin', 'glyburide-metformin', 'glipizide-metformin',
  'glimepiride-pioglitazone', 'metformin-rosiglitazone', 'metformin-pioglitazone',
] as const;

const count = (name: string, max: number): ColumnSpec => ({ name, kind: 'numeric', role: 'feature', integer: true, min: 0, max });
const code = (name: string, note: string): ColumnSpec => ({ name, kind: 'categorical', role: 'feature', normalize: 'integer-code', note });

/**
 * Diabetes 130-US hospitals 1999-2008 (UCI id 296): will the patient be readmitted within
 * 30 days? Binary: "<30" against ">30" and "NO". The three-class variant (NO, >30, <30) is
 * the same data with `positive` unset and a multi-class loss; this platform trains the
 * binary one, the question hospitals act on. Splits group encounters by patient, so one
 * patient never sits in two splits.
 */
export const diabetes: DatasetSpec = {
  name: 'diabetes',
  description: 'Hospital readmission within 30 days of diabetic patients (binary classification of readmitted "<30").',
  // "?" is the file's missing marker; max_glu_serum and A1Cresult write "None" for "not
  // measured" where newer exports leave the field empty: both read as missing.
  missing: ['?', 'None', ''],
  target: { column: 'readmitted', task: 'binary', positive: ['<30'] },
  columns: [
    { name: 'encounter_id', kind: 'categorical', role: 'identifier', normalize: 'integer-code', required: true, note: 'one hospital stay' },
    { name: 'patient_nbr', kind: 'categorical', role: 'identifier', normalize: 'integer-code', required: true, note: 'the patient: the split key' },
    { name: 'race', kind: 'categorical', role: 'feature' },
    { name: 'gender', kind: 'categorical', role: 'feature', allowed: ['Female', 'Male', 'Unknown/Invalid'] },
    { name: 'age', kind: 'categorical', role: 'feature', note: 'ten-year brackets such as [70-80)' },
    { name: 'weight', kind: 'categorical', role: 'feature', note: 'brackets; missing in 97% of rows' },
    code('admission_type_id', 'coded, see diabetes_ids_mapping.csv'),
    code('discharge_disposition_id', 'coded, see diabetes_ids_mapping.csv'),
    code('admission_source_id', 'coded, see diabetes_ids_mapping.csv'),
    { name: 'time_in_hospital', kind: 'numeric', role: 'feature', integer: true, min: 1, max: 14, note: 'days' },
    { name: 'payer_code', kind: 'categorical', role: 'feature' },
    { name: 'medical_specialty', kind: 'categorical', role: 'feature' },
    count('num_lab_procedures', 200),
    count('num_procedures', 20),
    count('num_medications', 200),
    count('number_outpatient', 100),
    count('number_emergency', 100),
    count('number_inpatient', 100),
    { name: 'diag_1', kind: 'categorical', role: 'feature', note: 'ICD-9 code' },
    { name: 'diag_2', kind: 'categorical', role: 'feature', note: 'ICD-9 code' },
    { name: 'diag_3', kind: 'categorical', role: 'feature', note: 'ICD-9 code' },
    count('number_diagnoses', 50),
    { name: 'max_glu_serum', kind: 'categorical', role: 'feature', allowed: ['>200', '>300', 'Norm'] },
    { name: 'A1Cresult', kind: 'categorical', role: 'feature', allowed: ['>7', '>8', 'Norm'] },
    ...medications.map((name): ColumnSpec => ({ name, kind: 'categorical', role: 'feature', allowed: ['No', 'Steady', 'Up', 'Down'] })),
    { name: 'change', kind: 'categorical', role: 'feature', allowed: ['No', 'Ch'] },
    { name: 'diabetesMed', kind: 'categorical', role: 'feature', allowed: ['No', 'Yes'] },
    { name: 'readmitted', kind: 'categorical', role: 'target', required: true, allowed: ['NO', '>30', '<30'] },
  ],
  split: { groupKey: ['patient_nbr'], shares: { train: 0.7, validation: 0.15, test: 0.15 } },
  derived: diabetesDerived,
};
