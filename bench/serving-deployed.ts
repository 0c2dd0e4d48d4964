// The predictor's settings as the chart deploys them, read for the serving benchmark (bench/serving.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../scripts/stack/paths.ts';

/**
 * The predictor's settings as the chart deploys them (the `predict:` block of
 * helm/tabular-ct/values.yaml), so the benchmark measures those: its V8 flags (its one
 * NODE_FLAGS line) and its containerConcurrency, the most requests Knative sends one replica at once.
 */
export function deployedPredictor(): { nodeFlags: string[]; containerConcurrency: number } {
  const values = readFileSync(join(repoRoot, 'helm', 'tabular-ct', 'values.yaml'), 'utf8');
  // The block's lines are indented deeper than `predict:`, or blank.
  const block = /^( +)predict:\n((?:\1 .*\n|\s*\n)*)/m.exec(values)?.[2];
  const flags = block && /^\s+NODE_FLAGS:\s*(.*)$/m.exec(block);
  const concurrency = block && /^\s+containerConcurrency:\s*(\d+)\s*$/m.exec(block);
  if (!flags || !concurrency) throw new Error('helm/tabular-ct/values.yaml: the predict block sets no NODE_FLAGS or containerConcurrency');
  return { nodeFlags: flags[1]!.trim().split(/\s+/).filter(Boolean), containerConcurrency: Number(concurrency[1]) };
}
