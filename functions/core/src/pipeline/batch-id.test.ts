import { type } from 'arktype';
import { describe, expect, it } from 'vitest';
import { batchIdField, formatBatchId, parseBatchId, parseLegacyBatchId } from './batch-id.ts';

describe('batch ids', () => {
  it('name a delivery and read back', () => {
    const ref = { dataset: 'realtor', group: 3, batchNumber: 12, delivery: 40 };
    expect(formatBatchId(ref)).toBe('realtor-g3-b12-d40');
    expect(parseBatchId('realtor-g3-b12-d40')).toEqual(ref);
  });

  it.each(['realtor-g3-b12', 'realtor-g3-b12-d', 'Realtor-g3-b1-d1', "realtor-g3-b1-d1' OR 1=1", 'realtor-g3-b1-d1\n'])('refuse %j', (id) => {
    expect(parseBatchId(id)).toBeUndefined();
    expect(batchIdField(id)).toBeInstanceOf(type.errors);
  });
});

describe('ids written before batches were deliveries', () => {
  it('read as a group and a batch number, and nothing else does', () => {
    expect(parseLegacyBatchId('realtor-g2-b10')).toEqual({ group: 2, batchNumber: 10 });
    expect(parseLegacyBatchId('realtor-g2-b10-d11')).toBeUndefined();
    expect(parseLegacyBatchId('realtor-g2')).toBeUndefined();
  });
});
