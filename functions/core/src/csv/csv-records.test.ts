import { describe, expect, it } from 'vitest';
import { CsvRecords, csvRecordsOf } from './csv-records.ts';

const parse = (chunks: string[]): string[][] => {
  const csv = new CsvRecords();
  return [...chunks.flatMap((c) => csv.push(c)), ...csv.end()];
};

describe('CsvRecords', () => {
  it('reads fields, empty fields and a last line without a line break', () => {
    expect(parse(['a,b,c\n1,,3\n4,5,'])).toEqual([['a', 'b', 'c'], ['1', '', '3'], ['4', '5', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(parse(['x,"a, b","say ""hi""","two\nlines"\n'])).toEqual([['x', 'a, b', 'say "hi"', 'two\nlines']]);
  });

  it('gives the same records whatever the chunk boundaries, CRLF included', () => {
    const text = 'h1,h2\r\n"q,1",2\r\n\r\n3,"4"""\r\n';
    const whole = parse([text]);
    expect(whole).toEqual([['h1', 'h2'], ['q,1', '2'], ['3', '4"']]);
    for (let cut = 1; cut < text.length; cut++) expect(parse([text.slice(0, cut), text.slice(cut)])).toEqual(whole);
    expect(parse([...text])).toEqual(whole);
  });

  it('refuses a file that ends inside a quoted field', () => {
    const csv = new CsvRecords();
    csv.push('a,"unfinished');
    expect(() => csv.end()).toThrow(/inside a quoted field/);
  });

  it('reads a whole text at once as the chunked reader does', () => {
    const text = 'a,b\r\n"1\n2",3\n\n4,5';
    expect(csvRecordsOf(text)).toEqual(parse([...text]));
    expect(csvRecordsOf('')).toEqual([]);
  });
});
