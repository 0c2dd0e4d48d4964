import { encodeColumns, type CleanValue } from '@tabular-ct/core';
import type { ServedModel } from './served-model.ts';

type Row = Record<string, CleanValue>;

/** Gathers the rows of requests answered in the same event-loop turn into one session run per model version. */
export interface RunBatcher {
  /** The predictions of `rows` (validated, in the served model's inputs), run on `served` together with its other waiting rows. */
  predict(served: ServedModel, rows: readonly Row[]): Promise<Float64Array>;
}

interface BatcherOptions {
  /** Most rows in one merged run; a request of this many rows or more runs alone at once. */
  maxRows: number;
  /** Every session run, with its row count (the predictor's `predict_batch_rows` histogram). */
  onRun?: (rows: number) => void;
}

interface Waiting {
  rows: readonly Row[];
  resolve(predictions: Float64Array): void;
  reject(error: unknown): void;
}

interface Group {
  served: ServedModel;
  waiting: Waiting[];
  rows: number;
}

/**
 * Dynamic micro-batching, as Triton's and Ray Serve's batchers do it, with no added wait: rows
 * asked during one turn of the event loop are run together when the turn's I/O is done
 * (setImmediate), one onnxruntime run per served version. onnxruntime-node runs a session
 * synchronously on the event loop at a fixed cost per call (62 us for one row of the 300-tree
 * benchmark model, 6-8 us a row in runs of 16-64 rows), so under concurrent load this is most
 * of the saving. A request that finds the batcher idle runs at once when the last turn gathered
 * nobody, so a lone client waits no extra turn; under concurrent load (the last flush merged
 * requests) the first request of a turn is gathered with the others rather than paying a run of
 * its own. Load that stops costs one request one turn: a flush of one request alone ends the
 * concurrent state. A version swapped in meanwhile gets its own run: every request is answered
 * by the version it started with.
 * Validation happens before, per request, so a bad row never reaches a merged run; a merged
 * run that fails anyway is retried request by request, so only the request the session refuses fails.
 */
export function createRunBatcher(options: BatcherOptions): RunBatcher {
  const groups = new Map<ServedModel, Group>();
  let scheduled = false;
  let running = 0;
  // Whether the last flush merged requests: more are likely to come in this turn too.
  let concurrent = false;

  const runRows = async (served: ServedModel, rows: readonly Row[]): Promise<Float64Array> => {
    options.onRun?.(rows.length);
    running++;
    try {
      return await served.model.run(encodeColumns(served.inputs.map((i) => i.feature), rows));
    } finally {
      running--;
    }
  };
  const runAlone = (served: ServedModel, w: Waiting): void => void runRows(served, w.rows).then(w.resolve, w.reject);

  const runGroup = async ({ served, waiting, rows }: Group): Promise<void> => {
    if (waiting.length === 1) return runAlone(served, waiting[0]!);
    let predictions: Float64Array;
    try {
      predictions = await runRows(served, waiting.flatMap((w) => w.rows));
      if (predictions.length !== rows) throw new RangeError(`the session answered ${predictions.length} values for ${rows} rows`);
    } catch {
      for (const w of waiting) runAlone(served, w);
      return;
    }
    let at = 0;
    for (const w of waiting) {
      w.resolve(predictions.subarray(at, at + w.rows.length));
      at += w.rows.length;
    }
  };

  const flush = (): void => {
    scheduled = false;
    const ready = [...groups.values()];
    groups.clear();
    concurrent = ready.length > 1 || ready.some((g) => g.waiting.length > 1);
    for (const group of ready) void runGroup(group);
  };

  return {
    predict(served, rows) {
      // Alone (nothing waiting, nothing running, no concurrent load: one client, say) a request runs
      // at once; waiting for the end of the turn would cost it a turn of the event loop and gather nobody.
      if (rows.length >= options.maxRows || (running === 0 && groups.size === 0 && !concurrent)) return runRows(served, rows);
      return new Promise((resolve, reject) => {
        let group = groups.get(served);
        if (group && group.rows + rows.length > options.maxRows) {
          // Full: it runs now and this request starts the next batch.
          groups.delete(served);
          void runGroup(group);
          group = undefined;
        }
        if (!group) {
          group = { served, waiting: [], rows: 0 };
          groups.set(served, group);
        }
        group.waiting.push({ rows, resolve, reject });
        group.rows += rows.length;
        if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
  };
}
