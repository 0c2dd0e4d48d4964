import { describe, expect, it } from 'vitest';
import { ProtoWriter } from './protobuf.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('protobuf writer', () => {
  it('encodes varints, negative int64 and fixed-width numbers as the wire format says', () => {
    expect(hex(new ProtoWriter().int(1, 150).finish())).toBe('089601');
    expect(hex(new ProtoWriter().int(2, 300).finish())).toBe('10ac02');
    expect(hex(new ProtoWriter().int(1, -1).finish())).toBe('08ffffffffffffffffff01');
    expect(hex(new ProtoWriter().float(2, 1).finish())).toBe('150000803f');
    expect(hex(new ProtoWriter().string(2, 'testing').finish())).toBe('120774657374696e67');
    expect(hex(new ProtoWriter().packedInts(4, [3, 270, 86942]).finish())).toBe('2206038e029ea705');
  });

  it('nests messages and grows past its first buffer', () => {
    const long = 'x'.repeat(1000);
    const out = new ProtoWriter().message(3, (w) => w.int(1, 150)).string(4, long).finish();
    expect(hex(out.subarray(0, 5))).toBe('1a03089601');
    expect(out.length).toBe(5 + 3 + 1000);
  });
});
