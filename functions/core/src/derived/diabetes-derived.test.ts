import { describe, expect, it } from 'vitest';
import { diabetes } from '../datasets/diabetes.ts';
import { derivedFeatures } from './resolve-derived.ts';

const resolved = await derivedFeatures(diabetes);
if (!resolved.ok) throw new Error(resolved.error);
const byName = Object.fromEntries(resolved.value.features.map((f) => [f.name, f]));
const chapter = (code: string | null) => byName.diag_1_chapter!.compute({ diag_1: code });

describe('ICD-9 chapters (Strack et al. 2014)', () => {
  it('maps each chapter at its bounds', () => {
    const cases: Record<string, string[]> = {
      circulatory: ['390', '459.9', '428', '785', '785.5'],
      respiratory: ['460', '519', '786', '486'],
      digestive: ['520', '579', '787'],
      diabetes: ['250', '250.01', '250.83'],
      injury: ['800', '996', '999'],
      musculoskeletal: ['710', '739', '715'],
      genitourinary: ['580', '629', '788', '599'],
      neoplasms: ['140', '239', '174'],
      other: ['8', '139', '240', '249', '251', '389', '630', '709', '740', '784', '789', '799', 'V57', 'V45.81', 'E909', 'E878'],
    };
    for (const [name, codes] of Object.entries(cases)) for (const code of codes) expect(chapter(code), code).toBe(name);
  });

  it('leaves a missing code missing', () => {
    expect(chapter(null)).toBeNull();
    expect(byName.diag_1_chapter!.compute({})).toBeNull();
  });

  it('derives one chapter per diagnosis column, from that column', () => {
    expect(resolved.value.features.filter((f) => f.kind === 'categorical').map((f) => [f.name, f.source])).toEqual([
      ['diag_1_chapter', 'diag_1'],
      ['diag_2_chapter', 'diag_2'],
      ['diag_3_chapter', 'diag_3'],
    ]);
    expect(byName.diag_3_chapter!.compute({ diag_1: '250', diag_3: '428' })).toBe('circulatory');
  });
});

describe('age as a number', () => {
  it('reads a bracket as its lower bound in years', () => {
    const age = byName.age_years!;
    expect(age.compute({ age: '[0-10)' })).toBe(0);
    expect(age.compute({ age: '[70-80)' })).toBe(70);
    expect(age.compute({ age: '[90-100)' })).toBe(90);
    expect(age.compute({ age: null })).toBeNaN();
    expect(age.compute({ age: '70' })).toBeNaN();
    expect(age).toMatchObject({ source: 'age', kind: 'numeric', rule: { op: 'lookup' } });
  });
});
