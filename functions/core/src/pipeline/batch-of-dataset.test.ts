import { type } from 'arktype';
import { describe, expect, it } from 'vitest';
import { driftRequest } from './drift.ts';
import { preprocessRequest } from './preprocess.ts';
import { trainRequest } from './train.ts';

describe('requests naming a dataset and a batch', () => {
  const reasons = ['the data drifted'];
  it.each([
    ['preprocess', (b: object) => preprocessRequest(b)],
    ['drift', (b: object) => driftRequest(b)],
    ['train', (b: object) => trainRequest({ ...b, reasons })],
  ])('%s refuses a batch of another dataset, naming batch_id', (_name, parse) => {
    expect(parse({ dataset: 'realtor', batch_id: 'realtor-g1-b0-d1' })).not.toBeInstanceOf(type.errors);
    const out = parse({ dataset: 'realtor', batch_id: 'diabetes-g1-b0-d1' });
    expect(out).toBeInstanceOf(type.errors);
    expect(String((out as type.errors).summary)).toBe('batch_id must be the id of a realtor batch (was diabetes-g1-b0-d1)');
  });
});
