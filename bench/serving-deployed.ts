// The predictor's settings as the chart deploys them, read for the serving benchmark (bench/serving.ts).
import { chartValues, functionBlock, nodeFlags } from '../scripts/deploy/node-flags.ts';

/**
 * The predictor's settings as the chart deploys them (the `predict:` block of
 * helm/tabular-ct/values.yaml), so the benchmark measures those: its V8 flags (its one
 * NODE_FLAGS line) and its containerConcurrency, the most requests Knative sends one replica at once.
 */
export function deployedPredictor(): { nodeFlags: string[]; containerConcurrency: number } {
  const values = chartValues();
  const flags = nodeFlags(values, 'predict');
  const concurrency = /^\s+containerConcurrency:\s*(\d+)\s*$/m.exec(functionBlock(values, 'predict') ?? '');
  if (flags.length === 0 || !concurrency) throw new Error('helm/tabular-ct/values.yaml: the predict block sets no NODE_FLAGS or containerConcurrency');
  return { nodeFlags: flags, containerConcurrency: Number(concurrency[1]) };
}
