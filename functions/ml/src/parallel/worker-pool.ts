import { Worker } from 'node:worker_threads';

// Training workers and the main thread meet on one small shared Int32Array, with Atomics
// only, no messages: train() is synchronous (its callers expect a result, not a promise),
// so the main thread cannot turn its event loop to receive a message while it waits; it
// blocks in Atomics.wait instead, which Node allows on the main thread. A step: the main
// thread writes the arguments, sets PENDING to the number of workers and bumps SEQ; each
// worker runs its part, decrements PENDING and wakes the main thread at zero, which has run
// part 0 meanwhile. A worker that throws records the message and still counts down, so
// the main thread rethrows it instead of waiting for ever.

const SEQ = 0;
const PENDING = 1;
const FAILED = 2;
const STOP = 3;
const ERROR_LENGTH = 4;
const ARGS = 8;
const ARG_COUNT = 16;
const ERROR_BYTES = 4096;

/**
 * How long a thread spins on a shared word before sleeping on it. Steps come every few tens
 * of microseconds while a tree grows, and waking a sleeping thread is a system call: with
 * workers asleep between steps, begin() alone took 0.55 s of a 13 s training on 1M rows.
 * Spinning through the main thread's split search keeps the worker awake, and costs little
 * when the other side takes longer.
 */
const SPIN_MS = 0.2;

/** Spins until control[index] is not `value` (or, with `until`, is `value`) or SPIN_MS pass; returns whether it happened. */
function spin(control: Int32Array, index: number, value: number, until = false): boolean {
  const deadline = performance.now() + SPIN_MS;
  for (;;) {
    for (let k = 0; k < 256; k++) if ((Atomics.load(control, index) === value) === until) return true;
    if (performance.now() > deadline) return false;
  }
}

/** A worker that has not started after this long will not: the thread or its code is broken. */
const START_TIMEOUT_MS = 60_000;

/** No step takes this long (the largest, a histogram of 10M rows, takes well under a second). */
const STEP_TIMEOUT_MS = 600_000;

/** What a worker needs to serve steps: the shared control words and its part number. */
export interface PoolSeat {
  readonly control: SharedArrayBuffer;
  readonly error: SharedArrayBuffer;
  /** The part of each step this worker runs (the main thread runs part 0). */
  readonly part: number;
}

/** Workers that run parts 1..size of each step while the main thread runs part 0. */
export class WorkerPool {
  private readonly control: Int32Array;
  private readonly error: Uint8Array;
  private readonly workers: Worker[] = [];
  private started = false;
  private closed = false;
  /** Arguments of the next step, read by every worker. */
  readonly args: Int32Array;

  /**
   * Starts `size` workers running `code` (a CommonJS script, see worker-code.ts), each with
   * workerData { seat, ...data }. The workers are unreferenced: a pool that is never closed
   * still does not keep the process alive.
   */
  constructor(
    readonly size: number,
    code: string,
    data: Record<string, unknown>,
  ) {
    const control = new SharedArrayBuffer((ARGS + ARG_COUNT) * 4);
    const error = new SharedArrayBuffer(ERROR_BYTES);
    this.control = new Int32Array(control);
    this.args = this.control.subarray(ARGS);
    this.error = new Uint8Array(error);
    this.control[PENDING] = size;
    try {
      for (let part = 1; part <= size; part++) {
        const seat: PoolSeat = { control, error, part };
        const worker = new Worker(code, { eval: true, workerData: { ...data, seat } });
        worker.unref();
        // Steps and set-up report their errors through the shared memory; an 'error' event
        // without a listener would throw in the main thread's event loop.
        worker.on('error', () => {});
        this.workers.push(worker);
      }
    } catch (error) {
      void this.close();
      throw error;
    }
  }

  /** Starts the step whose arguments are in args on every worker. */
  begin(): void {
    if (this.closed) throw new Error('the training workers are closed');
    if (!this.started) {
      this.waitForWorkers(START_TIMEOUT_MS, 'start');
      this.throwIfFailed();
      this.started = true;
    }
    Atomics.store(this.control, PENDING, this.size);
    Atomics.add(this.control, SEQ, 1);
    Atomics.notify(this.control, SEQ);
  }

  /** Waits until every worker has finished the step; rethrows a worker's error. */
  finish(): void {
    this.waitForWorkers(STEP_TIMEOUT_MS, 'finish a step');
    this.throwIfFailed();
  }

  private throwIfFailed(): void {
    if (Atomics.load(this.control, FAILED) === 0) return;
    const length = Atomics.load(this.control, ERROR_LENGTH);
    const message = new TextDecoder().decode(this.error.slice(0, length));
    throw new Error(`a training worker failed: ${message}`);
  }

  /**
   * Stops and terminates the workers (idempotent). Termination is under way when this
   * returns, even mid-step; the promise resolves once every thread has exited.
   */
  close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      Atomics.store(this.control, STOP, 1);
      Atomics.add(this.control, SEQ, 1);
      Atomics.notify(this.control, SEQ);
    }
    return Promise.all(this.workers.map((worker) => worker.terminate())).then(
      () => undefined,
      () => undefined,
    );
  }

  private waitForWorkers(timeoutMs: number, what: string): void {
    const control = this.control;
    if (spin(control, PENDING, 0, true)) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const pending = Atomics.load(control, PENDING);
      if (pending === 0) return;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`training workers did not ${what} within ${timeoutMs / 1000} s`);
      Atomics.wait(control, PENDING, pending, Math.min(left, 1000));
    }
  }
}

/**
 * The worker side: prepares with setup() (a failure there is reported like a step's), signals
 * that the worker is up, then runs its part of every step until the pool closes.
 */
export function serveSteps(seat: PoolSeat, setup: () => (args: Int32Array, part: number) => void): void {
  const control = new Int32Array(seat.control);
  const args = control.subarray(ARGS);
  let seen = Atomics.load(control, SEQ);
  let run: (args: Int32Array, part: number) => void;
  try {
    run = setup();
  } catch (error) {
    recordFailure(control, new Uint8Array(seat.error), error);
    countDown(control);
    return;
  }
  countDown(control);
  for (;;) {
    if (!spin(control, SEQ, seen)) while (Atomics.load(control, SEQ) === seen) Atomics.wait(control, SEQ, seen);
    seen = Atomics.load(control, SEQ);
    if (Atomics.load(control, STOP) !== 0) return;
    try {
      run(args, seat.part);
    } catch (error) {
      recordFailure(control, new Uint8Array(seat.error), error);
    }
    countDown(control);
  }
}

function countDown(control: Int32Array): void {
  if (Atomics.sub(control, PENDING, 1) === 1) Atomics.notify(control, PENDING);
}

/** Keeps the first failure's message (later ones are usually its consequences). */
function recordFailure(control: Int32Array, bytes: Uint8Array, error: unknown): void {
  if (Atomics.compareExchange(control, FAILED, 0, 1) !== 0) return;
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  const { written } = new TextEncoder().encodeInto(text, bytes);
  Atomics.store(control, ERROR_LENGTH, written);
}
