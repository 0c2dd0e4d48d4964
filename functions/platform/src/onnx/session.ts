// onnxruntime-node adapter: the only place a model runs outside the ML core's own predict.
import type * as Ort from 'onnxruntime-node';

// Imported on first use: the native binding is loaded only by the functions that run a model,
// so the bundles of the others do not reference it and their images do not ship it.
let runtime: Promise<typeof Ort> | undefined;
const onnxRuntime = (): Promise<typeof Ort> => (runtime ??= import('onnxruntime-node'));

/** Starts loading the native runtime now (while a model downloads, say); a failure surfaces in createOnnxSession. */
export function preloadOnnxRuntime(): void {
  onnxRuntime().catch(() => undefined);
}

/** One raw feature column: numbers (NaN missing) or strings ('' missing). */
export type OnnxColumn = Float64Array | readonly string[];

/** A loaded ONNX model that maps raw feature columns to one output column. */
interface OnnxSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** Runs a batch: one 1-D tensor per input, keyed by input name; returns the first output. */
  run(columns: Readonly<Record<string, OnnxColumn>>): Promise<Float64Array>;
  release(): Promise<void>;
}

/** Creates a session from model bytes, single-threaded unless told otherwise. */
export async function createOnnxSession(model: Uint8Array, threads = 1): Promise<OnnxSession> {
  const ort = await onnxRuntime();
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(columns) {
      const feeds: Record<string, Ort.Tensor> = {};
      for (const name of session.inputNames) {
        const col = columns[name];
        if (col === undefined) throw new RangeError(`missing input column ${name}`);
        feeds[name] =
          col instanceof Float64Array
            ? new ort.Tensor('float64', col, [col.length])
            : new ort.Tensor('string', [...col], [col.length]);
      }
      const out = await session.run(feeds);
      const first = out[session.outputNames[0]!]!;
      const data = first.data;
      return data instanceof Float64Array ? data : Float64Array.from(data as ArrayLike<number>);
    },
    release: () => session.release(),
  };
}
