import { AppError } from '@tabular-ct/core';
import type { GbdtModel } from '@tabular-ct/ml';
import { describe, expect, it } from 'vitest';
import type { Explainer } from './explainer.ts';
import { methodOf } from './shap-rows.ts';

// Only the tree table's presence matters to the choice of method.
const version = (v: string, tree: boolean): Explainer => ({ name: 'tabular-ct-realtor', version: v, tree: tree ? ({} as GbdtModel) : undefined }) as Explainer;
const withTree = version('1', true);
const without = version('2', false);

describe('methodOf', () => {
  it('defaults to TreeSHAP when every version ships its tree table, else KernelSHAP for all', () => {
    expect(methodOf([withTree], undefined)).toBe('tree');
    expect(methodOf([without], undefined)).toBe('kernel');
    expect(methodOf([withTree, without], undefined)).toBe('kernel');
  });

  it('answers the method asked for, KernelSHAP on a tree table included', () => {
    expect(methodOf([withTree], 'kernel')).toBe('kernel');
    expect(methodOf([withTree, withTree], 'tree')).toBe('tree');
  });

  it("refuses 'tree' without a tree table as a conflict naming the version", () => {
    for (const explainers of [[without], [withTree, without]]) {
      let error: unknown;
      try {
        methodOf(explainers, 'tree');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('conflict');
      expect((error as AppError).message).toMatch(/version 2 ships none/);
    }
  });
});
