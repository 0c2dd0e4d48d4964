import type { DerivedFeature } from '@tabular-ct/core';
import type { GbdtModel } from '../gbdt/model.ts';
import { graphInputs } from './derived-onnx.ts';

/** One row of the graph's inputs: a number (NaN when missing) or a string per input. */
export type InputExampleRow = Readonly<Record<string, number | string>>;

/** The example files, named as MLflow's `saved_input_example_info` names them. */
export const INPUT_EXAMPLE_FILE = 'input_example.json';
export const SERVING_INPUT_FILE = 'serving_input_example.json';

/**
 * The example as MLflow writes a one-row pandas DataFrame (mlflow/models/utils.py, `_Example`):
 * input_example.json holds the frame in pandas' "split" orient without its index, and
 * serving_input_example.json the request body `mlflow models serve` takes for it,
 * `{"dataframe_split": ...}` indented by 2. Columns follow the graph's inputs; an input the
 * row lacks is missing (NaN, or '' for a category, as the predictor encodes it), and NaN is
 * written as null, as MLflow does, since JSON has no NaN.
 */
export function inputExampleFiles(model: GbdtModel, derived: readonly DerivedFeature[], row: InputExampleRow): Record<string, string> {
  const inputs = graphInputs(model, derived);
  const value = (name: string, kind: 'numeric' | 'categorical'): number | string | null => {
    const v = row[name] ?? (kind === 'numeric' ? Number.NaN : '');
    return typeof v === 'number' && !Number.isFinite(v) ? null : v;
  };
  const split = { columns: inputs.map((i) => i.name), data: [inputs.map((i) => value(i.name, i.kind))] };
  return {
    [INPUT_EXAMPLE_FILE]: JSON.stringify(split),
    [SERVING_INPUT_FILE]: JSON.stringify({ dataframe_split: split }, null, 2),
  };
}
