/**
 * Imported first by main.ts, before anything builds a schema: the predictor's arktype schemas
 * are interpreted rather than compiled to JavaScript. Compiling every validator at start-up
 * (`new Function` per schema, hundreds of them across the configuration, the datasets and the
 * MLflow payloads) is the largest share of a cold start, and the prediction path validates
 * records with its own code, not with arktype: only the Open Inference Protocol's envelope
 * and MLflow's answers go through a schema, a few microseconds slower each
 * (docs/benchmarks.md, "Cold start on Node 22").
 */
import { configure } from 'arktype/config';

configure({ jitless: true });
