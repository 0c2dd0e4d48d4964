import { datasets } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { columnValues, missingShare, newCategories } from './column-values.ts';

const column = (name: string) => datasets.realtor.columns.find((c) => c.name === name)!;

describe('columnValues', () => {
  it('keeps numbers with NaN for missing, and counts the missing share', () => {
    const c = columnValues(column('bed'), [{ bed: 3 }, { bed: null }, { bed: 4 }, {}]);
    expect(c).toEqual({ kind: 'numeric', values: Float64Array.from([3, Number.NaN, 4, Number.NaN]) });
    expect(missingShare(c)).toBe(0.5);
  });

  it('measures dates in days since 1970', () => {
    expect(columnValues(column('prev_sold_date'), [{ prev_sold_date: '1970-01-03' }]).values).toEqual(Float64Array.from([2]));
  });

  it('keeps categories as text with null for missing', () => {
    expect(columnValues(column('state'), [{ state: 'Ohio' }, { state: null }])).toEqual({ kind: 'categorical', values: ['Ohio', null] });
  });
});

describe('newCategories', () => {
  it('lists unseen categories by their share of the current rows, most frequent first', () => {
    expect(newCategories(['a', 'b', null], ['a', 'c', 'd', 'c', null])).toEqual([
      { value: 'c', share: 0.4 },
      { value: 'd', share: 0.2 },
    ]);
  });
});
