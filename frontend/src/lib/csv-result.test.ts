import { describe, expect, it } from 'vitest';
import { appendPredictions, csvRecordTexts } from './csv-result.ts';

describe('the batch result file', () => {
  it('splits records at line ends outside quotes, whatever the line ending', () => {
    expect(csvRecordTexts('a,b\r\n1,"x\ny"\r\n\r\n2,z')).toEqual(['a,b', '1,"x\ny"', '2,z']);
  });

  it('appends one prediction per data row, in order', () => {
    expect(appendPredictions('bed,city\n3,"Columbus, OH"\n2,Akron\n', [250000, 180000.5])).toBe('bed,city,prediction\n3,"Columbus, OH",250000\n2,Akron,180000.5\n');
  });

  it('refuses a count of predictions that does not match the rows', () => {
    expect(() => appendPredictions('bed\n3\n2\n', [1])).toThrow(/2 rows but 1 predictions/);
  });
});
