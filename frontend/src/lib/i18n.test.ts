import { describe, expect, it } from 'vitest';
import { initialLang, translator } from './i18n.ts';

describe('English and Spanish', () => {
  it('fills placeholders, numbers in the language\'s format', () => {
    expect(translator('en')('field.belowMin', { min: 1000.5 })).toBe('The smallest allowed value is 1,000.5.');
    expect(translator('es')('field.belowMin', { min: 1000.5 })).toBe('El valor mínimo permitido es 1000,5.');
    expect(translator('es')('history.production', { version: '3' })).toBe('En producción ahora: versión 3');
  });

  it('starts in the language chosen before, else the browser\'s, else English', () => {
    expect(initialLang('es', ['en-US'])).toBe('es');
    expect(initialLang(null, ['fr-FR', 'es-MX'])).toBe('es');
    expect(initialLang('de', ['fr'])).toBe('en');
  });
});
