import { describe, expect, it } from 'vitest';
import { finishPartition, partitionShare, SHARE_STATE } from './partition.ts';
import { createRng } from '../random.ts';
import type { LeafBuffer } from './train-buffers.ts';

function leafBuffer(rows: number, stride: number, hessians: boolean, seed: number): LeafBuffer {
  const rng = createRng(seed);
  const words = new Uint32Array((rows * stride) / 4);
  const codes = new Uint8Array(words.buffer);
  for (let i = 0; i < codes.length; i++) codes[i] = Math.floor(rng() * 256);
  return {
    codes,
    words,
    grad: Float64Array.from({ length: rows }, () => rng() - 0.5),
    hess: hessians ? Float64Array.from({ length: rows }, () => rng()) : new Float64Array(0),
    rows: Uint32Array.from({ length: rows }, (_, i) => i),
  };
}

function copy(b: LeafBuffer): LeafBuffer {
  const words = b.words.slice();
  return { codes: new Uint8Array(words.buffer), words, grad: b.grad.slice(), hess: b.hess.slice(), rows: b.rows.slice() };
}

/** A routing table sending a share of the 256 codes left (clustered so some ranges are mostly one side). */
function routing(seed: number): Uint8Array {
  const rng = createRng(seed);
  const cut = Math.floor(rng() * 256);
  return Uint8Array.from({ length: 256 }, (_, b) => (b < cut ? (rng() < 0.9 ? 1 : 0) : rng() < 0.1 ? 1 : 0));
}

/** Rows of start..end that go left. */
function leftCount(b: LeafBuffer, stride: number, goLeft: Uint8Array, f: number, start: number, end: number): number {
  let n = 0;
  for (let i = start; i < end; i++) n += goLeft[b.codes[i * stride + f]!]!;
  return n;
}

/** One share alone, from the ends or from mid: it claims every block. Returns its leftover count (0 when mid is right). */
function oneShare(b: LeafBuffer, stride: number, goLeft: Uint8Array, f: number, start: number, mid: number, end: number, fromMid = false): number {
  const state = new Int32Array(SHARE_STATE);
  partitionShare(b, stride, goLeft, f, start, mid, end, fromMid, new Int32Array(2), state);
  return state[1]!;
}

describe('in-place partition', () => {
  const cases = [
    { stride: 16, hessians: false, rows: 5000 },
    { stride: 12, hessians: true, rows: 3001 },
    { stride: 48, hessians: false, rows: 700 },
    { stride: 4, hessians: true, rows: 90 },
  ];
  it.each(cases)('puts every left row first, moving whole rows (stride $stride, hessians $hessians)', ({ stride, hessians, rows }) => {
    const original = leafBuffer(rows, stride, hessians, rows);
    for (let k = 0; k < 6; k++) {
      const goLeft = routing(k);
      const f = k % Math.min(stride, 13);
      const [start, end] = [Math.floor(rows / 7) * (k % 2), rows - k];
      const b = copy(original);
      const mid = start + leftCount(original, stride, goLeft, f, start, end);
      expect(oneShare(b, stride, goLeft, f, start, mid, end)).toBe(0);
      let wrongSide = 0;
      let wrongData = 0;
      const W = stride / 4;
      for (let i = start; i < end; i++) {
        if (goLeft[b.codes[i * stride + f]!] !== (i < mid ? 1 : 0)) wrongSide++;
        // The row's codes, gradient and hessian travelled with its id.
        const r = b.rows[i]!;
        if (b.grad[i] !== original.grad[r] || (hessians && b.hess[i] !== original.hess[r])) wrongData++;
        for (let w = 0; w < W; w++) if (b.words[i * W + w] !== original.words[r * W + w]) wrongData++;
      }
      expect({ wrongSide, wrongData }).toEqual({ wrongSide: 0, wrongData: 0 });
      // Rows outside the range do not move.
      expect(b.rows.subarray(0, start)).toEqual(original.rows.subarray(0, start));
      expect(b.rows.subarray(end)).toEqual(original.rows.subarray(end));
    }
  });

  // Two threads racing for blocks are exercised in train-engine.test.ts; here each end alone.
  it.each(cases)('swaps the same pairs from mid outwards as from the ends inwards (stride $stride)', ({ stride, hessians, rows }) => {
    const original = leafBuffer(rows, stride, hessians, rows + 1);
    for (let k = 0; k < 8; k++) {
      const goLeft = routing(100 + k);
      const f = (3 * k) % Math.min(stride, 13);
      const [start, end] = [k, rows - Math.floor(rows / 5) * (k % 2)];
      const mid = start + leftCount(original, stride, goLeft, f, start, end);
      const ends = copy(original);
      oneShare(ends, stride, goLeft, f, start, mid, end);
      const fromMid = copy(original);
      expect(oneShare(fromMid, stride, goLeft, f, start, mid, end, true)).toBe(0);
      expect(fromMid.rows).toEqual(ends.rows);
      expect(fromMid.words).toEqual(ends.words);
      expect(fromMid.grad).toEqual(ends.grad);
      expect(fromMid.hess).toEqual(ends.hess);
    }
  });

  it('notices a boundary that does not match the routing', () => {
    const b = leafBuffer(600, 16, false, 3);
    const goLeft = routing(1);
    const mid = leftCount(b, 16, goLeft, 0, 0, 600);
    expect(oneShare(copy(b), 16, goLeft, 0, 0, mid + 1, 600)).toBeGreaterThan(0);
    const same = Int32Array.of(0, 2, 5, 6);
    expect(() => finishPartition(copy(b), 16, same, Int32Array.of(0, 2, 400, 401))).toThrow(/unmatched/);
  });
});
