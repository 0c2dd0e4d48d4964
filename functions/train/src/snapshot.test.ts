import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildSnapshot, snapshotLine, type SnapshotRow } from './snapshot.ts';

const rows: SnapshotRow[] = [
  { batch_id: 'realtor-g1-b0-d1', row_index: 0, split: 'train', features: { state: 'Ohio', bed: 3, prev_sold_date: '2001-02-03' }, target: 100_000 },
  { batch_id: 'realtor-g1-b0-d1', row_index: 2, split: 'test', features: { bed: null, state: 'Utah' }, target: 250_000 },
];

describe('the training snapshot', () => {
  it('writes one JSON line per row with features in name order, whatever order they came in', () => {
    const reordered = { ...rows[0]!, features: { prev_sold_date: '2001-02-03', bed: 3, state: 'Ohio' } };
    expect(snapshotLine(reordered)).toBe(snapshotLine(rows[0]!));
    expect(snapshotLine(rows[0]!)).toBe(
      '{"batch_id":"realtor-g1-b0-d1","row_index":0,"split":"train","features":{"bed":3,"prev_sold_date":"2001-02-03","state":"Ohio"},"target":100000}\n',
    );
  });

  it('is gzipped JSON lines whose digest is the sha256 of the uncompressed content, under a content-addressed key', () => {
    const s = buildSnapshot('realtor', rows);
    const text = gunzipSync(s.body).toString('utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(text.split('\n').slice(0, 2).map((l) => JSON.parse(l) as unknown)).toEqual(rows);
    expect(s.digest).toBe(createHash('sha256').update(text).digest('hex'));
    expect(s.key).toBe(`snapshots/realtor/${s.digest}.jsonl.gz`);
    expect(s.rows).toBe(2);
  });

  it('names the rows: same rows, same digest; another order or value, another digest', () => {
    expect(buildSnapshot('realtor', rows).digest).toBe(buildSnapshot('realtor', rows.map((r) => ({ ...r }))).digest);
    expect(buildSnapshot('realtor', [...rows].reverse()).digest).not.toBe(buildSnapshot('realtor', rows).digest);
    expect(buildSnapshot('realtor', [rows[0]!, { ...rows[1]!, target: 250_001 }]).digest).not.toBe(buildSnapshot('realtor', rows).digest);
  });
});
