import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../stack/paths.ts';
import { buildStage } from './dockerfile-steps.ts';

describe('buildStage', () => {
  it('returns the ARGs, ENVs and joined RUN lines of the named stage only', () => {
    const dockerfile = [
      'ARG BASE=node:22',
      'FROM ${BASE} AS build',
      'ARG FUNCTION',
      'ENV A=1 B="two words"',
      '# a comment',
      'RUN npm ci',
      'RUN mkdir out \\',
      '  # skipped inside the instruction',
      ' && cp x out/',
      'FROM ${BASE} AS runtime',
      'RUN echo not this one',
    ].join('\n');
    expect(buildStage(dockerfile, 'build')).toEqual({
      args: ['FUNCTION'],
      env: { A: '1', B: 'two words' },
      runs: ['npm ci', 'mkdir out  && cp x out/'],
    });
  });

  it('refuses an unknown stage and exec-form RUN', () => {
    expect(() => buildStage('FROM x AS a\nRUN true', 'b')).toThrow(/no stage named b/);
    expect(() => buildStage('FROM x AS a\nRUN ["true"]', 'a')).toThrow(/exec-form/);
  });

  it('reads the function image build stage: npm ci, then the bundles', async () => {
    const stage = buildStage(await readFile(path.join(repoRoot, 'docker', 'function.Dockerfile'), 'utf8'), 'build');
    expect(stage.args).toContain('FUNCTION');
    expect(stage.runs.findIndex((r) => r.startsWith('npm ci'))).toBeLessThan(stage.runs.findIndex((r) => r.includes('build:functions')));
  });
});
