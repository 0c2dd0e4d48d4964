import { describe, expect, it } from 'vitest';
import { chartValues, nodeFlags } from './node-flags.ts';

describe('nodeFlags', () => {
  const values = ['functions:', '  train:', '    env:', '      NODE_FLAGS: --max-old-space-size=800', '', '  predict:', '    minScale: 1', '    env:', '      PREDICTOR_DATASET: realtor', '      NODE_FLAGS: --single-threaded-gc  --max-semi-space-size=8', '  history:', '    enabled: true', ''].join('\n');

  it("reads the NODE_FLAGS of the named function's block only", () => {
    expect(nodeFlags(values, 'predict')).toEqual(['--single-threaded-gc', '--max-semi-space-size=8']);
    expect(nodeFlags(values, 'train')).toEqual(['--max-old-space-size=800']);
  });

  it('gives none for a block without NODE_FLAGS and for an unknown function', () => {
    expect(nodeFlags(values, 'history')).toEqual([]);
    expect(nodeFlags(values, 'nowhere')).toEqual([]);
  });

  it("reads the chart's predictor flags", () => {
    expect(nodeFlags(chartValues(), 'predict')).toContain('--single-threaded-gc');
  });
});
