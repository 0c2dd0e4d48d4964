import type { LeafBuffer } from './train-buffers.ts';

// In-place partition of a leaf's rows by a split. The split's left count is known before
// (from the histogram), so the boundary mid is known too. The misplaced rows are the
// right-going ones before mid, a_1 < a_2 < ... < a_M, and as many left-going ones from mid
// on, b_1 > b_2 > ... > b_M (counted from the end). The partition swaps a_j with b_j for
// every j: nothing else moves, and the result depends on nothing but the data.
//
// Two threads share the pairs without counting them first. Both sides are cut into blocks
// claimed with an atomic counter per side: one thread takes blocks from the ends inwards
// (finding pairs 1, 2, ...), the other from mid outwards (pairs M, M - 1, ...). A thread
// swaps the pairs it holds both rows of; when a side has no block left, the pairs whose
// rows ended up with different threads (at most one block's worth) are swapped by
// finishPartition. Whoever swaps pair j, a_j and b_j trade places: the result is the same
// for one thread or two, and however the blocks were shared out.
//
// Splits are close to coin flips row by row, so a scan that branched on each row would
// mispredict on about every other one; a block's misplaced offsets are recorded without
// branching, then swapped (the BlockQuicksort scheme).

/** Rows per block: a block's offsets fit L1. */
const BLOCK = 128;

/** Int32s of shared state per partition share: leftover side and count, then up to BLOCK positions. */
export const SHARE_STATE = 2 + BLOCK;

/** Scratch offsets of the blocks in progress (each thread has its own module, hence its own). */
const offA = new Int32Array(BLOCK);
const offB = new Int32Array(BLOCK);

/** Swaps positions i and j of a leaf buffer: row id, codes, gradient and (when kept) hessian. */
function swap(buf: LeafBuffer, W: number, i: number, j: number): void {
  const { rows, grad, hess, words } = buf;
  const row = rows[i]!;
  rows[i] = rows[j]!;
  rows[j] = row;
  const g = grad[i]!;
  grad[i] = grad[j]!;
  grad[j] = g;
  if (hess.length > 0) {
    const h = hess[i]!;
    hess[i] = hess[j]!;
    hess[j] = h;
  }
  for (let a = i * W, b = j * W, k = 0; k < W; k++, a++, b++) {
    const w = words[a]!;
    words[a] = words[b]!;
    words[b] = w;
  }
}

/**
 * Claims the next block of side `side` (0: before mid, 1: from mid) of `size` rows: returns
 * its length, 0 when the side is all claimed. claimed[side] counts exactly the rows claimed.
 */
function claim(claimed: Int32Array, side: number, size: number): number {
  for (;;) {
    const before = Atomics.load(claimed, side);
    const len = Math.min(BLOCK, size - before);
    if (len <= 0) return 0;
    if (Atomics.compareExchange(claimed, side, before, before + len) === before) return len;
  }
}

/**
 * One thread's share of the partition of start..end at mid: from the ends (fromMid false)
 * or from mid. `claimed` holds the two sides' claimed row counts (zero before the first
 * share starts); `state` receives this share's leftover misplaced rows for finishPartition.
 */
export function partitionShare(
  buf: LeafBuffer,
  stride: number,
  goLeft: Uint8Array,
  f: number,
  start: number,
  mid: number,
  end: number,
  fromMid: boolean,
  claimed: Int32Array,
  state: Int32Array,
): void {
  const codes = buf.codes;
  const W = stride >>> 2;
  // a walks the part before mid looking for right-going rows, b the rest for left-going ones.
  const da = fromMid ? -1 : 1;
  const db = -da;
  let a = fromMid ? mid - 1 : start;
  let b = fromMid ? mid : end - 1;
  let baseA = a;
  let baseB = b;
  let numA = 0;
  let numB = 0;
  let firstA = 0;
  let firstB = 0;
  for (;;) {
    if (numA === 0) {
      const len = claim(claimed, 0, mid - start);
      if (len === 0) break;
      firstA = 0;
      baseA = a;
      for (let k = 0, at = a * stride + f; k < len; k++, at += da * stride) {
        offA[numA] = k;
        numA += 1 - goLeft[codes[at]!]!;
      }
      a += da * len;
    }
    if (numB === 0) {
      const len = claim(claimed, 1, end - mid);
      if (len === 0) break;
      firstB = 0;
      baseB = b;
      for (let k = 0, at = b * stride + f; k < len; k++, at += db * stride) {
        offB[numB] = k;
        numB += goLeft[codes[at]!]!;
      }
      b += db * len;
    }
    const num = Math.min(numA, numB);
    for (let k = 0; k < num; k++) swap(buf, W, baseA + da * offA[firstA + k]!, baseB + db * offB[firstB + k]!);
    numA -= num;
    numB -= num;
    firstA += num;
    firstB += num;
  }
  // At most one side holds unpaired rows: their partners are with the other share.
  const [side, num, first, base, d, off] = numA > 0 ? [0, numA, firstA, baseA, da, offA] : [1, numB, firstB, baseB, db, offB];
  state[0] = side;
  state[1] = num;
  for (let k = 0; k < num; k++) state[2 + k] = base + d * off[first + k]!;
}

/**
 * Swaps the pairs split between the two shares: the ends' share holds their rows in pair
 * order, the mid share in reverse pair order. With one share there are none.
 */
export function finishPartition(buf: LeafBuffer, stride: number, fromEnds: Int32Array, fromMid: Int32Array): void {
  const n = fromEnds[1]!;
  if (n !== fromMid[1]! || (n > 0 && fromEnds[0] === fromMid[0])) throw new Error('partition: the shares hold unmatched rows');
  const W = stride >>> 2;
  for (let k = 0; k < n; k++) swap(buf, W, fromEnds[2 + k]!, fromMid[2 + n - 1 - k]!);
}
