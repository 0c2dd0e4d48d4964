/**
 * A function's V8 flags as the chart deploys them: the NODE_FLAGS line of its block in
 * helm/tabular-ct/values.yaml. `tsx scripts/deploy/node-flags.ts <function>` prints them: the
 * image build makes Node's compile cache with them (docker/function.Dockerfile), because V8
 * keeps compiled code per set of flags and a cache made with others is not read.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../stack/paths.ts';

/** The block of `name:` among the chart's functions: its lines, indented deeper, or blank. */
export function functionBlock(values: string, name: string): string | undefined {
  return new RegExp(`^( +)${name}:\\n((?:\\1 .*\\n|\\s*\\n)*)`, 'm').exec(values)?.[2];
}

/** The NODE_FLAGS of a function in values.yaml's text; none when its block sets none. */
export function nodeFlags(values: string, name: string): string[] {
  const flags = /^\s+NODE_FLAGS:\s*(.*)$/m.exec(functionBlock(values, name) ?? '');
  return (flags?.[1] ?? '').trim().split(/\s+/).filter(Boolean);
}

/** The chart's values file, as the repository holds it. */
export const chartValues = (): string => readFileSync(path.join(repoRoot, 'helm', 'tabular-ct', 'values.yaml'), 'utf8');

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const name = process.argv[2];
  if (!name) throw new Error('usage: tsx scripts/deploy/node-flags.ts <function>');
  console.log(nodeFlags(chartValues(), name).join(' '));
}
