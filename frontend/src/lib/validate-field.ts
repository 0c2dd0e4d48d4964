import type { FeatureMetadata } from '@tabular-ct/core';

/** Why a value is refused, as a message key and its parameters (the view translates it). */
export interface FieldProblem {
  key: 'required' | 'notNumber' | 'notInteger' | 'belowMin' | 'aboveMax' | 'notAllowed' | 'notDate';
  params?: Record<string, string | number>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written YYYY-MM-DD, the form the predictor takes dates in. */
function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Checks one form value against the feature's rules from GET /model, the same rules the
 * predictor applies, so the form can refuse a value before anything is sent. Empty text
 * is a missing value: refused only when the feature is required.
 */
export function validateField(feature: FeatureMetadata, raw: string): FieldProblem | null {
  const text = raw.trim();
  if (text === '') return feature.required ? { key: 'required' } : null;
  if (feature.type === 'number') {
    const n = Number(text);
    if (!Number.isFinite(n)) return { key: 'notNumber' };
    if (feature.integer && !Number.isInteger(n)) return { key: 'notInteger' };
    if (feature.min !== undefined && n < feature.min) return { key: 'belowMin', params: { min: feature.min } };
    if (feature.max !== undefined && n > feature.max) return { key: 'aboveMax', params: { max: feature.max } };
    return null;
  }
  if (feature.type === 'date') return isDate(text) ? null : { key: 'notDate' };
  if (feature.allowed && !feature.allowed.includes(text)) return { key: 'notAllowed', params: { allowed: feature.allowed.join(', ') } };
  return null;
}

/** The record POST /predict takes: numbers as numbers, empty optional values left out. */
export function toRecord(features: readonly FeatureMetadata[], values: Record<string, string>): Record<string, string | number> {
  const record: Record<string, string | number> = {};
  for (const f of features) {
    const text = (values[f.name] ?? '').trim();
    if (text === '') continue;
    record[f.name] = f.type === 'number' ? Number(text) : text;
  }
  return record;
}
