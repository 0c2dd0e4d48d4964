// GET /model of the predictor: one shape for the function that answers it and the web UI's
// form that reads it (a type only, so the UI's bundle carries nothing of core).

/** GET /model: what the served version is and what it takes, for people and for the prediction form (docs/ui.md). */
export interface ModelMetadata {
  model_name: string;
  model_version: string;
  alias: string;
  run_id: string | null;
  dataset: string;
  objective: unknown;
  output: unknown;
  /** The training run's metrics in MLflow; null when the run cannot be read. */
  metrics: Record<string, number> | null;
  features: FeatureMetadata[];
  /** Typical values shipped in feature_spec.json's `defaults`; null when the model has none. */
  defaults: Record<string, unknown> | null;
  notes: string[];
}

export interface FeatureMetadata {
  name: string;
  /** The value a caller sends: a number, a text category, or a date YYYY-MM-DD. */
  type: 'number' | 'category' | 'date';
  required: boolean;
  integer?: boolean;
  min?: number;
  max?: number;
  allowed?: readonly string[];
  /** Categories the model learned; others are predicted as if missing. */
  known_categories?: number;
  default?: unknown;
}
