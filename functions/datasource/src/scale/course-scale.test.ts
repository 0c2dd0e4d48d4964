import { parseWith, scalePlan, type ScalePlan } from '@tabular-ct/core';
import { ConfigError, loadConfig } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { diabetesPlan } from '../plans/diabetes-plan.ts';
import { coursePlans } from '../plans/plans.ts';
import { realtorCourseScale } from '../plans/realtor-course-scale.ts';
import { courseScaleOf, scaleLayout } from './course-scale.ts';

const URL = { DATASOURCE_DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/datasource' };
const scaleFrom = (env: Record<string, string> = {}) => loadConfig({ ...URL, ...env }, ['datasource']).datasource.scale;
const problem = (env: Record<string, string>): string => {
  try {
    scaleFrom(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('DATASOURCE_SCALE', () => {
  it('defaults to the documented scale: the file\'s own batches, nothing synthetic', () => {
    expect(scaleFrom()).toEqual({ name: 'documented', seed: 'tabular-ct-course' });
    expect(courseScaleOf(scaleFrom(), 'realtor')).toBeUndefined();
    expect(courseScaleOf(scaleFrom(), 'diabetes')).toBeUndefined();
  });

  it('course: the dataset\'s course-scale plan, with the seed given', () => {
    const scale = scaleFrom({ DATASOURCE_SCALE: 'course', DATASOURCE_SCALE_SEED: 'run-2' });
    expect(courseScaleOf(scale, 'realtor')).toEqual({ plan: coursePlans.realtor, seed: 'run-2' });
    expect(courseScaleOf(scale, 'diabetes')).toEqual({ plan: coursePlans.diabetes, seed: 'run-2' });
  });

  it.each([
    ['DATASOURCE_SCALE', 'huge'],
    ['DATASOURCE_SCALE', ''],
    ['DATASOURCE_SCALE_SEED', ''],
  ])('fails at start-up naming %s=%j', (name, value) => {
    expect(problem({ [name]: value })).toContain(`invalid ${name}`);
  });
});

describe('the course-scale plans are data', () => {
  it('both are JSON that the scale plan schema accepts', () => {
    for (const plan of Object.values(coursePlans)) {
      const copy: unknown = JSON.parse(JSON.stringify(plan));
      expect(copy).toEqual(plan);
      expect(parseWith(scalePlan, copy, 'course scale plan').ok).toBe(true);
    }
  });

  it('a malformed one fails before any row is resampled', () => {
    const table = { columns: [], rowCount: 0 };
    const layout = { batches: [], subsets: {}, labels: [], notes: [] };
    const broken = { plan: { ...(realtorCourseScale as Extract<ScalePlan, { kind: 'rows' }>), batchRows: [0] }, seed: 's' };
    expect(() => scaleLayout(broken, diabetesPlan, table, layout, 'realtor')).toThrow(/course scale plan is invalid: batchRows/);
  });

  it('the realtor sizes are the documented run\'s, in batch order', () => {
    expect(realtorCourseScale.kind === 'rows' && realtorCourseScale.batchRows).toEqual([73_784, 94_551, 230_366, 4_055, 320_696, 361_457]);
  });
});
