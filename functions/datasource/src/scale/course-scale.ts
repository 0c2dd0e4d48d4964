import { parseOrThrow, scalePlan, type BatchPlan, type DatasetName, type ScalePlan } from '@tabular-ct/core';
import type { LoadedConfig } from '@tabular-ct/platform';
import type { BatchLayout } from '../plan/batch-layout.ts';
import { coursePlans } from '../plans/plans.ts';
import type { ColumnTable } from '../table/column-table.ts';
import { scaleGroups } from './scale-groups.ts';
import { scaleRows } from './scale-rows.ts';
import type { ScaledLayout } from './scaled-layout.ts';

/** How much data a deployment serves (DATASOURCE_SCALE and DATASOURCE_SCALE_SEED, parsed). */
type DataScale = LoadedConfig<'datasource'>['datasource']['scale'];

/** How a dataset's batches grow to the course API's scale: its scale plan and the seed. */
export interface CourseScale {
  plan: ScalePlan;
  seed: string;
}

/** The course scale a deployment serves, or undefined at the documented scale (the file's own batches, as they are). */
export function courseScaleOf(scale: DataScale, dataset: DatasetName): CourseScale | undefined {
  return scale.name === 'course' ? { plan: coursePlans[dataset], seed: scale.seed } : undefined;
}

/**
 * The SYNTHETIC course-scale batches of a layout that `base` cut from `table`. The scale
 * plan is checked against its schema first: like the plans, it is data, and a malformed one
 * must fail at the first read, not mid-batch.
 */
export function scaleLayout(scale: CourseScale, base: BatchPlan, table: ColumnTable, layout: BatchLayout, dataset: DatasetName): ScaledLayout {
  const plan = parseOrThrow(scalePlan, scale.plan, 'course scale plan');
  const key = { seed: scale.seed, dataset };
  return plan.kind === 'rows' ? scaleRows(plan, base, table, layout, key) : scaleGroups(plan, table, layout, key);
}
