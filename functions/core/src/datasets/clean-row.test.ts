import { describe, expect, it } from 'vitest';
import { cleanRow, rowContentKey } from './clean-row.ts';
import { diabetes } from './diabetes.ts';
import { realtor } from './realtor.ts';
import { storableRow } from './unstorable-row.ts';

const house = {
  brokered_by: 40618.0,
  status: 'for_sale',
  price: 239800.0,
  bed: 3.0,
  bath: 2.0,
  acre_lot: 0.28,
  street: 1693508.0,
  city: 'Graham',
  state: 'North Carolina',
  zip_code: 601.0,
  house_size: 1105.0,
  prev_sold_date: '2021-10-22',
};

describe('cleanRow on realtor rows', () => {
  it('normalizes codes, ZIP codes and dates and keeps numbers as numbers', () => {
    const out = cleanRow(realtor, house);
    expect(out).toEqual({
      ok: true,
      row: {
        target: 239800,
        values: { ...house, brokered_by: '40618', street: '1693508', zip_code: '00601', prev_sold_date: '2021-10-22' },
      },
    });
  });

  it('reads numeric text and float-typed text codes as the API and CSV files send them', () => {
    const out = cleanRow(realtor, { ...house, price: '239800.0', zip_code: '27253.0', bed: '3' });
    expect(out.ok && out.row.values).toMatchObject({ price: 239800, zip_code: '27253', bed: 3 });
  });

  it('keeps optional missing values as null and rejects a missing required one', () => {
    const out = cleanRow(realtor, { ...house, bed: null, house_size: '', prev_sold_date: undefined });
    expect(out.ok && out.row.values).toMatchObject({ bed: null, house_size: null, prev_sold_date: null });
    expect(cleanRow(realtor, { ...house, price: null })).toEqual({ ok: false, field: 'price', reason: 'is required but missing' });
  });

  it.each([
    [{ price: 12 }, 'price', '12 is below the plausible minimum 1000'],
    [{ bed: 2.5 }, 'bed', 'expected a whole number, got 2.5'],
    [{ bath: 'two' }, 'bath', 'expected a number, got "two"'],
    [{ status: 'leased' }, 'status', '"leased" is not one of for_sale, sold, ready_to_build'],
    [{ zip_code: 1234567 }, 'zip_code', '1234567 is not a valid ZIP code'],
    [{ prev_sold_date: '2023-02-30' }, 'prev_sold_date', 'expected a date YYYY-MM-DD, got "2023-02-30"'],
    [{ city: 'x'.repeat(500) }, 'city', 'longer than 200 characters'],
    [{ city: { nested: true } }, 'city', 'expected a categorical value, got object'],
    [{ colour: 'red' }, 'colour', 'is not a column of this dataset'],
    [{ city: 'Gra\u0000ham' }, 'city', 'contains a NUL character, which cannot be stored'],
    [{ bath: '\u0000' }, 'bath', 'contains a NUL character, which cannot be stored'],
    [{ status: 'sold\ud800' }, 'status', 'contains an unpaired UTF-16 surrogate, which cannot be stored'],
    [{ 'col\u0000our': 'red' }, 'col\\u0000our', 'is not a column of this dataset'],
  ])('rejects %o naming %s', (change, field, reason) => {
    expect(cleanRow(realtor, { ...house, ...change })).toEqual({ ok: false, field, reason });
  });

  it('rejects a row RAW keeps wrapped, with the reason it was wrapped for', () => {
    const wrapped = storableRow({ ...house, city: 'Gra\u0000ham' });
    expect(cleanRow(realtor, wrapped)).toEqual({ ok: false, field: 'city', reason: 'contains a NUL character, which cannot be stored' });
    expect(cleanRow(realtor, storableRow({ ...house, ['\ud800']: 1 }))).toEqual({
      ok: false,
      field: '\\ud800',
      reason: 'its name contains an unpaired UTF-16 surrogate, which cannot be stored',
    });
  });

  it('rejects what is not a row object', () => {
    expect(cleanRow(realtor, [1, 2])).toEqual({ ok: false, field: '(row)', reason: 'expected an object, got an array' });
    expect(cleanRow(realtor, null)).toMatchObject({ ok: false, field: '(row)' });
  });

  it('gives equal rows equal content keys and different rows different ones', () => {
    const a = cleanRow(realtor, house);
    const b = cleanRow(realtor, { ...house, zip_code: '00601' });
    const c = cleanRow(realtor, { ...house, price: 239801 });
    if (!a.ok || !b.ok || !c.ok) throw new Error('rows should be clean');
    expect(rowContentKey(realtor, a.row)).toBe(rowContentKey(realtor, b.row));
    expect(rowContentKey(realtor, a.row)).not.toBe(rowContentKey(realtor, c.row));
  });
});

describe('cleanRow on diabetes rows', () => {
  const encounter: Record<string, unknown> = Object.fromEntries(diabetes.columns.map((c) => [c.name, c.allowed?.[0] ?? '?']));
  Object.assign(encounter, {
    encounter_id: '2278392', patient_nbr: '8222157', gender: 'Female', admission_type_id: '6', discharge_disposition_id: '25',
    admission_source_id: '1', time_in_hospital: '1', num_lab_procedures: '41', num_procedures: '0', num_medications: '1',
    number_outpatient: '0', number_emergency: '0', number_inpatient: '0', number_diagnoses: '1', max_glu_serum: 'None',
    A1Cresult: 'None', readmitted: '<30',
  });

  it('reads "?" and "None" as missing and labels "<30" as the positive class', () => {
    const out = cleanRow(diabetes, encounter);
    expect(out.ok && out.row.values).toMatchObject({ race: null, weight: null, max_glu_serum: null, admission_type_id: '6' });
    expect(out.ok && out.row.target).toBe(1);
    const later = cleanRow(diabetes, { ...encounter, readmitted: '>30' });
    expect(later.ok && later.row.target).toBe(0);
  });
});
