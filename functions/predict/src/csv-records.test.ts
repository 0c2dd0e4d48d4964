import { AppError } from '@tabular-ct/core';
import { describe, expect, it } from 'vitest';
import { csvRecords } from './csv-records.ts';

describe('csvRecords', () => {
  it('reads a header and rows, with quotes, doubled quotes, commas and line breaks inside quotes', () => {
    const text = '\uFEFFcity,state,bed\r\n"Austin, TX",Texas,3\r\n"The ""Big"" One","Ohio\nNorth", 2 \n';
    expect(csvRecords(text)).toEqual([
      { city: 'Austin, TX', state: 'Texas', bed: '3' },
      { city: 'The "Big" One', state: 'Ohio\nNorth', bed: '2' },
    ]);
  });

  it('keeps empty cells as empty text (missing) and skips blank trailing lines', () => {
    expect(csvRecords('a,b\n,1\n\n')).toEqual([{ a: '', b: '1' }]);
    expect(csvRecords('a,b\n1,2')).toEqual([{ a: '1', b: '2' }]);
  });

  it.each([
    ['an empty upload', '', /empty/],
    ['a ragged row', 'a,b\n1,2,3\n', /line 2 has 3 fields, the header has 2/],
    ['a repeated column', 'a,a\n1,2\n', /"a" twice/],
    ['an unterminated quote', 'a,b\n"1,2\n', /inside a quoted field/],
  ])('refuses %s as invalid_request', (_what, text, message) => {
    let error: unknown;
    try {
      csvRecords(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_request');
    expect((error as AppError).message).toMatch(message);
  });
});
