import type { BatchPlan, DatasetName, ScalePlan } from '@tabular-ct/core';
import { diabetesCourseScale } from './diabetes-course-scale.ts';
import { diabetesPlan } from './diabetes-plan.ts';
import { realtorCourseScale } from './realtor-course-scale.ts';
import { realtorPlan } from './realtor-plan.ts';

/** The batch plan of every dataset the simulator serves. */
export const plans: Record<DatasetName, BatchPlan> = { realtor: realtorPlan, diabetes: diabetesPlan };

/** How every dataset's batches grow to the course API's scale (DATASOURCE_SCALE=course): synthetic rows. */
export const coursePlans: Record<DatasetName, ScalePlan> = { realtor: realtorCourseScale, diabetes: diabetesCourseScale };
