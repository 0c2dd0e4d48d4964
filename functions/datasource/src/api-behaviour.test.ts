import { EXHAUSTED_DETAILS } from '@tabular-ct/core';
import { ConfigError, loadConfig } from '@tabular-ct/platform';
import { describe, expect, it } from 'vitest';
import { answerDelayMs, exhaustedDetail, restartAnswer, type ApiBehaviour } from './api-behaviour.ts';

const URL = { DATASOURCE_DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/datasource' };
const behaviour = (env: Record<string, string> = {}): ApiBehaviour => loadConfig({ ...URL, ...env }, ['datasource']).datasource.api;
const problem = (env: Record<string, string>): string => {
  try {
    behaviour(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'no error';
};

describe('the API behaviour from the DATASOURCE_* variables', () => {
  it('defaults to today\'s cursor API, with the released code\'s window settings ready', () => {
    expect(behaviour()).toEqual({
      mode: 'cursor',
      windowSeconds: 300,
      sampleShare: 0.1,
      sampleSeed: 'tabular-ct',
      exhaustedSpelling: 'accented',
      restartAnswer: 'object',
      delayMsPer1000Rows: 0,
    });
  });

  it('reads every variable, windows and shares as fractions', () => {
    const env = {
      DATASOURCE_API_MODE: 'window',
      DATASOURCE_WINDOW_SECONDS: '0.5',
      DATASOURCE_SAMPLE_SHARE: '1',
      DATASOURCE_SAMPLE_SEED: 'course-2026',
      DATASOURCE_EXHAUSTED_SPELLING: 'plain',
      DATASOURCE_RESTART_ANSWER: 'list',
      DATASOURCE_DELAY_MS_PER_1000_ROWS: '12.5',
    };
    expect(behaviour(env)).toEqual({
      mode: 'window',
      windowSeconds: 0.5,
      sampleShare: 1,
      sampleSeed: 'course-2026',
      exhaustedSpelling: 'plain',
      restartAnswer: 'list',
      delayMsPer1000Rows: 12.5,
    });
  });

  it.each([
    ['DATASOURCE_API_MODE', 'sliding'],
    ['DATASOURCE_WINDOW_SECONDS', '0'],
    ['DATASOURCE_WINDOW_SECONDS', '5m'],
    ['DATASOURCE_SAMPLE_SHARE', '0'],
    ['DATASOURCE_SAMPLE_SHARE', '1.5'],
    ['DATASOURCE_SAMPLE_SEED', ''],
    ['DATASOURCE_EXHAUSTED_SPELLING', 'ascii'],
    ['DATASOURCE_RESTART_ANSWER', 'set'],
    ['DATASOURCE_DELAY_MS_PER_1000_ROWS', '-1'],
  ])('fails at start-up naming %s=%j', (name, value) => {
    expect(problem({ [name]: value })).toContain(`invalid ${name}`);
  });
});

describe('the answers that depend on the behaviour', () => {
  it('spells the end of the data as configured', () => {
    expect(exhaustedDetail(behaviour())).toBe(EXHAUSTED_DETAILS.accented);
    expect(exhaustedDetail(behaviour({ DATASOURCE_EXHAUSTED_SPELLING: 'plain' }))).toBe(EXHAUSTED_DETAILS.plain);
  });

  it('answers a restart as an object or as the Python set\'s list', () => {
    expect(JSON.stringify(restartAnswer(behaviour()))).toBe('{"ok":true}');
    expect(JSON.stringify(restartAnswer(behaviour({ DATASOURCE_RESTART_ANSWER: 'list' })))).toBe('["ok"]');
  });

  it('waits in proportion to the rows served', () => {
    const api = behaviour({ DATASOURCE_DELAY_MS_PER_1000_ROWS: '200' });
    expect([answerDelayMs(api, 1000), answerDelayMs(api, 333), answerDelayMs(api, 0)]).toEqual([200, 66.6, 0]);
    expect(answerDelayMs(behaviour(), 361_457)).toBe(0);
  });
});
