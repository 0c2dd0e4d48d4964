import { batchPlan, parseOrThrow, type BatchPlan } from '@tabular-ct/core';
import type { ColumnTable } from '../table/column-table.ts';
import type { BatchLayout } from './batch-layout.ts';
import { evaluateClaims } from './evaluate-claims.ts';
import { evaluateSubsets } from './evaluate-subsets.ts';

/**
 * The batches and subsets a plan makes of a table. The plan is checked against its schema
 * first: plans are data, and a malformed one must fail at start-up, not mid-batch.
 */
export function evaluatePlan(plan: BatchPlan, table: ColumnTable): BatchLayout {
  const valid = parseOrThrow(batchPlan, plan, 'batch plan');
  return valid.kind === 'claims' ? evaluateClaims(valid, table) : evaluateSubsets(valid, table);
}
