import type { ClaimsPlan } from '@tabular-ct/core';

// The course API's documented realtor run (functions/datasource/README.md, "Batch plans"):
// six batches, no missing values, split by price band and status: 0, 1 for_sale <= $300k;
// 2 sold <= $300k; 3 a small single-state batch; 4 $300k-500k; 5 over $500k.
const UP_TO_300K = { column: 'price', lte: 300_000 };

/**
 * The realtor plan. The single-state batch claims first, so its state's rows of every
 * status (the course's batch 3 is "mixed") are taken out of the <= $300k bands; the state
 * is the one with the fewest <= $300k complete rows among states with at least 20 (on the
 * shared file: Kentucky, 23 rows), small like the course's 4,055 of 1.08M. The two for_sale
 * batches are the first and second half, in file order, of the for_sale rows left.
 * ready_to_build rows <= $300k join the sold batch: the statuses not for sale.
 */
export const realtorPlan: ClaimsPlan = {
  kind: 'claims',
  dropIncomplete: true,
  claims: [
    { label: 'one state, up to $300k, any status', batches: [3], where: [UP_TO_300K], oneValueOf: { column: 'state', rule: 'fewest-with-at-least', minRows: 20 } },
    { label: 'for_sale up to $300k', batches: [0, 1], where: [{ column: 'status', in: ['for_sale'] }, UP_TO_300K] },
    { label: 'sold and ready_to_build up to $300k', batches: [2], where: [{ column: 'status', in: ['sold', 'ready_to_build'] }, UP_TO_300K] },
    { label: '$300k to $500k', batches: [4], where: [{ column: 'price', gt: 300_000, lte: 500_000 }] },
    { label: 'over $500k', batches: [5], where: [{ column: 'price', gt: 500_000 }] },
  ],
};
