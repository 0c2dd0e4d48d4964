import type { DatasetName } from '@tabular-ct/core';

/** One plausible input per dataset: the demo's printed example request, the scale benchmark's batch. */
export const exampleInput: Record<DatasetName, Record<string, unknown>> = {
  realtor: { status: 'for_sale', bed: 3, bath: 2, acre_lot: 0.25, city: 'Columbus', state: 'Ohio', zip_code: '43004', house_size: 1600, prev_sold_date: '2019-06-01' },
  diabetes: { race: 'Caucasian', gender: 'Female', age: '[70-80)', admission_type_id: '1', discharge_disposition_id: '1', admission_source_id: '7', time_in_hospital: 4, num_lab_procedures: 45, num_procedures: 1, num_medications: 15, number_outpatient: 0, number_emergency: 0, number_inpatient: 1, number_diagnoses: 9, insulin: 'Steady', change: 'Ch', diabetesMed: 'Yes' },
};
