import { describe, expect, it } from 'vitest';
import type { FeatureMetadata } from '@tabular-ct/core';
import { toRecord, validateField } from './validate-field.ts';

const bed: FeatureMetadata = { name: 'bed', type: 'number', required: true, integer: true, min: 0, max: 100 };
const lot: FeatureMetadata = { name: 'acre_lot', type: 'number', required: false, min: 0 };
const status: FeatureMetadata = { name: 'status', type: 'category', required: true, allowed: ['for_sale', 'sold'] };
const sold: FeatureMetadata = { name: 'prev_sold_date', type: 'date', required: false };

describe('the form validates each field by the rules of GET /model', () => {
  it('accepts values inside the rules', () => {
    expect(validateField(bed, ' 3 ')).toBeNull();
    expect(validateField(lot, '0.25')).toBeNull();
    expect(validateField(status, 'sold')).toBeNull();
    expect(validateField(sold, '2019-06-01')).toBeNull();
  });

  it('names what is wrong with a number: missing, not a number, not whole, out of bounds', () => {
    expect(validateField(bed, '')).toEqual({ key: 'required' });
    expect(validateField(bed, 'three')).toEqual({ key: 'notNumber' });
    expect(validateField(bed, '2.5')).toEqual({ key: 'notInteger' });
    expect(validateField(bed, '-1')).toEqual({ key: 'belowMin', params: { min: 0 } });
    expect(validateField(bed, '101')).toEqual({ key: 'aboveMax', params: { max: 100 } });
    expect(validateField(lot, 'Infinity')).toEqual({ key: 'notNumber' });
  });

  it('lets an optional field be empty, and refuses categories and dates outside the rules', () => {
    expect(validateField(lot, '  ')).toBeNull();
    expect(validateField(status, 'rented')).toEqual({ key: 'notAllowed', params: { allowed: 'for_sale, sold' } });
    expect(validateField(sold, '2019-02-30')).toEqual({ key: 'notDate' });
    expect(validateField(sold, '06/01/2019')).toEqual({ key: 'notDate' });
  });

  it('sends numbers as numbers and leaves empty optional values out', () => {
    expect(toRecord([bed, lot, status, sold], { bed: '3', acre_lot: '', status: 'sold', prev_sold_date: '2019-06-01' })).toEqual({ bed: 3, status: 'sold', prev_sold_date: '2019-06-01' });
  });
});
