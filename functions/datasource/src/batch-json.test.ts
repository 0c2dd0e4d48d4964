import { describe, expect, it } from 'vitest';
import { batchJsonPieces } from './batch-json.ts';

describe('batchJsonPieces', () => {
  const writeRow = (row: number): string => JSON.stringify({ row, text: 'x'.repeat(100) });

  it('joins into the batch document, with the head fields first and rows in the given order', () => {
    const rows = Uint32Array.from([5, 2, 9]);
    const doc = [...batchJsonPieces({ group_number: 1, batch_number: 0 }, rows, writeRow)].join('');
    expect(doc.startsWith('{"group_number":1,"batch_number":0,"data":[')).toBe(true);
    expect(JSON.parse(doc)).toEqual({ group_number: 1, batch_number: 0, data: [5, 2, 9].map((row) => ({ row, text: 'x'.repeat(100) })) });
  });

  it('writes an empty batch as an empty array', () => {
    expect(JSON.parse([...batchJsonPieces({ group_number: 2, batch_number: 3 }, new Uint32Array(0), writeRow)].join(''))).toEqual({
      group_number: 2,
      batch_number: 3,
      data: [],
    });
  });

  it('sends a large batch in many bounded pieces, never as one string', () => {
    const rows = Uint32Array.from({ length: 20_000 }, (_, i) => i);
    const pieces = [...batchJsonPieces({ group_number: 1, batch_number: 0 }, rows, writeRow)];
    expect(pieces.length).toBeGreaterThan(20);
    // A piece ends at the first row that takes it past 64 KiB: at most one row over.
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(64 * 1024 + 200);
    expect((JSON.parse(pieces.join('')) as { data: unknown[] }).data).toHaveLength(20_000);
  });
});
