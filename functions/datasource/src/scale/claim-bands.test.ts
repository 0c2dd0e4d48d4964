import { describe, expect, it } from 'vitest';
import { diabetesPlan } from '../plans/diabetes-plan.ts';
import { realtorPlan } from '../plans/realtor-plan.ts';
import { claimBands } from './claim-bands.ts';

describe('claimBands', () => {
  it('reads each realtor batch\'s price band from its claim', () => {
    expect(claimBands(realtorPlan, 'price')).toEqual([{ lte: 300_000 }, { lte: 300_000 }, { lte: 300_000 }, { lte: 300_000 }, { gt: 300_000, lte: 500_000 }, { gt: 500_000 }]);
  });

  it('leaves a column no claim bounds, and a subsets plan, unbounded', () => {
    expect(claimBands(realtorPlan, 'house_size')).toEqual([{}, {}, {}, {}, {}, {}]);
    expect(claimBands(diabetesPlan, 'encounter_id')).toEqual([]);
  });

  it('intersects two conditions on one column', () => {
    const plan = { kind: 'claims' as const, dropIncomplete: false, claims: [{ label: 'x', batches: [0], where: [{ column: 'price', gt: 10, lte: 100 }, { column: 'price', gt: 50 }] }] };
    expect(claimBands(plan, 'price')).toEqual([{ gt: 50, lte: 100 }]);
  });
});
