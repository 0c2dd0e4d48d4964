import { describe, expect, it } from 'vitest';
import { WEEKDAYS } from './course-api.ts';
import { dataQuery, parseCourseQuery, restartQuery } from './data-query.ts';

describe('parseCourseQuery', () => {
  it('reads group_number leniently like FastAPI, and the optional day and subset', () => {
    expect(parseCourseQuery(dataQuery, { group_number: '05', day: 'Wednesday', other: 'x' })).toEqual({
      ok: true,
      value: { group_number: 5, day: 'Wednesday', other: 'x' },
    });
    expect(parseCourseQuery(dataQuery, { group_number: '3', subset: 'test' })).toEqual({ ok: true, value: { group_number: 3, subset: 'test' } });
  });

  it.each(WEEKDAYS)('takes %s as the day, as students send every weekday', (day) => {
    expect(parseCourseQuery(dataQuery, { group_number: '1', day })).toEqual({ ok: true, value: { group_number: 1, day } });
  });

  it('takes the weekday only as spelled, like pydantic\'s Literal', () => {
    for (const day of ['monday', 'MONDAY', 'Mon', ' Monday']) expect(parseCourseQuery(dataQuery, { group_number: '1', day }).ok).toBe(false);
  });

  it('reports a missing group_number as FastAPI does', () => {
    expect(parseCourseQuery(restartQuery, {})).toEqual({
      ok: false,
      detail: [{ type: 'missing', loc: ['query', 'group_number'], msg: 'Field required', input: null }],
    });
  });

  it('reports each parameter that does not parse with pydantic\'s type and message', () => {
    const out = parseCourseQuery(dataQuery, { group_number: '1.5', day: 'Funday', subset: 'holdout' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.detail).toEqual(
      expect.arrayContaining([
        { type: 'int_parsing', loc: ['query', 'group_number'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1.5' },
        {
          type: 'literal_error',
          loc: ['query', 'day'],
          msg: "Input should be 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday' or 'Sunday'",
          input: 'Funday',
        },
        { type: 'literal_error', loc: ['query', 'subset'], msg: "Input should be 'train', 'validation' or 'test'", input: 'holdout' },
      ]),
    );
    expect(out.detail).toHaveLength(3);
  });
});
