import { describe, expect, it } from 'vitest';
import { EXHAUSTED_DETAILS, isExhaustedDetail } from './course-api.ts';

describe('isExhaustedDetail', () => {
  it.each([
    EXHAUSTED_DETAILS.accented,
    EXHAUSTED_DETAILS.plain,
    'ya se recolecto toda la informacion minima necesaria',
    '  YA SE RECOLECTÓ   toda la información\tmínima necesaria. ',
    // Composed and decomposed accents are the same sentence.
    'Ya se recolecto\u0301 toda la informacio\u0301n mi\u0301nima necesaria',
  ])('recognises %j as the end of the data', (detail) => {
    expect(isExhaustedDetail(detail)).toBe(true);
  });

  it.each([
    'Número de grupo inválido',
    'Ya se recolectó toda la información',
    'Ya se recolectó toda la información mínima necesaria para el grupo 2',
    '',
    undefined,
    42,
    ['Ya se recolectó toda la información mínima necesaria'],
  ])('does not take %j for the end of the data', (detail) => {
    expect(isExhaustedDetail(detail)).toBe(false);
  });
});
