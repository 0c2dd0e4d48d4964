import type { BatchPlan, DatasetName } from '@tabular-ct/core';
import { diabetesPlan } from './diabetes-plan.ts';
import { realtorPlan } from './realtor-plan.ts';

/** The batch plan of every dataset the simulator serves. */
export const plans: Record<DatasetName, BatchPlan> = { realtor: realtorPlan, diabetes: diabetesPlan };
