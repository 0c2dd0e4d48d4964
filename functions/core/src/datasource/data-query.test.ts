import { describe, expect, it } from 'vitest';
import { dataQuery, parseCourseQuery, restartQuery } from './data-query.ts';

describe('parseCourseQuery', () => {
  it('reads group_number leniently like FastAPI, and the optional day and subset', () => {
    expect(parseCourseQuery(dataQuery, { group_number: '05', day: 'Wednesday', other: 'x' })).toEqual({
      ok: true,
      value: { group_number: 5, day: 'Wednesday', other: 'x' },
    });
    expect(parseCourseQuery(dataQuery, { group_number: '3', subset: 'test' })).toEqual({ ok: true, value: { group_number: 3, subset: 'test' } });
  });

  it('reports a missing group_number as FastAPI does', () => {
    expect(parseCourseQuery(restartQuery, {})).toEqual({
      ok: false,
      detail: [{ type: 'missing', loc: ['query', 'group_number'], msg: 'Field required', input: null }],
    });
  });

  it('reports each parameter that does not parse with pydantic\'s type and message', () => {
    const out = parseCourseQuery(dataQuery, { group_number: '1.5', day: 'Friday', subset: 'holdout' });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.detail).toEqual(
      expect.arrayContaining([
        { type: 'int_parsing', loc: ['query', 'group_number'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: '1.5' },
        { type: 'literal_error', loc: ['query', 'day'], msg: "Input should be 'Tuesday' or 'Wednesday'", input: 'Friday' },
        { type: 'literal_error', loc: ['query', 'subset'], msg: "Input should be 'train', 'validation' or 'test'", input: 'holdout' },
      ]),
    );
    expect(out.detail).toHaveLength(3);
  });
});
