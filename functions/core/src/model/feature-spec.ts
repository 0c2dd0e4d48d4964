import { type } from 'arktype';
import { err, ok, type Result } from '../errors/result.ts';

/**
 * feature_spec.json, the manifest of a model bundle (docs/architecture.md, "The model
 * bundle"): what the ONNX graph takes and returns, written by ml's export, plus what the
 * training function knows about the data (dataset, encodings, lineage, the SHAP background
 * and each feature's typical value). The training facts are optional: a graph exported by
 * the ML library alone is a valid bundle, and so is every version trained since the format began.
 */
const graphInput = type({
  name: 'string > 0',
  kind: "'numeric' | 'categorical'",
  dtype: "'float64' | 'string'",
  missing: 'string',
  'categories?': 'string[]',
  /** A column the model reads only through the derived features named here. */
  'derivedOnly?': 'string[]',
});

const derivedInput = type({
  name: 'string > 0',
  kind: "'numeric' | 'categorical'",
  source: 'string > 0',
  op: "'lookup' | 'ranges'",
  'categories?': 'string[]',
});

const cleanValue = type('number | string | null');

/** What the training function adds to the graph's description: the data behind the model. */
const trainingFacts = type({
  'dataset?': 'string > 0',
  'target?': { column: 'string', task: "'regression' | 'binary'", 'transform?': "'log1p'", 'positive?': 'string[]' },
  'encodings?': type({ name: 'string', encoding: "'number' | 'category' | 'days-since-epoch'", rule: 'string' }).array(),
  'training_data?': { digest: 'string', location: 'string', rows: { train: 'number', validation: 'number', test: 'number' }, batch_id: 'string' },
  /** Training rows as clean values, the KernelSHAP background. */
  'background?': { rows: type.Record('string', cleanValue).array(), 'weights?': 'number[]' },
  /** A typical training value of each feature: the predictor's example input. */
  'defaults?': type.Record('string', 'number | string'),
});

const featureSpec = type({
  format: "'tabular-ct.feature-spec/1'",
  objective: "'regression' | 'huber' | 'binary'",
  targetTransform: "'none' | 'log1p'",
  output: { name: 'string > 0', meaning: 'string' },
  /** The graph's inputs, in order: the raw columns callers send. */
  features: graphInput.array(),
  /** Model features the graph computes from one input each (their rules are in derived_features.json). */
  'derived?': derivedInput.array(),
  trees: 'number.integer >= 0',
}).and(trainingFacts);

/** Read-only all the way down, so writers can hand over their read-only lists as they are. */
type Frozen<T> = T extends readonly (infer U)[] ? readonly Frozen<U>[] : T extends object ? { readonly [K in keyof T]: Frozen<T[K]> } : T;

export type FeatureSpec = Frozen<typeof featureSpec.infer>;
export type TrainingFacts = Frozen<typeof trainingFacts.infer>;
/** One input of the graph as feature_spec.json lists it. */
export type GraphInput = Frozen<typeof graphInput.infer>;

/** Parses feature_spec.json's text, or says which field is wrong (`features[2].kind must be ...`). */
export function parseFeatureSpec(text: string): Result<FeatureSpec, string> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return err(`feature_spec.json is not JSON (${(error as Error).message})`);
  }
  const out = featureSpec(json);
  if (out instanceof type.errors) return err(`feature_spec.json: ${out.summary.replaceAll('\n', '; ')}`);
  return ok(out);
}
