import type { FeatureMetadata, ModelMetadata } from '@tabular-ct/core';

/**
 * The form's starting value of each feature, as text: the typical training value the model
 * ships (`default`, or `defaults[name]`) when it has one; otherwise something the rules
 * accept (the middle of the bounds, the first allowed value), or empty when nothing is known.
 */
export function defaultValues(model: Pick<ModelMetadata, 'features' | 'defaults'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of model.features) out[f.name] = defaultFor(f, model.defaults?.[f.name]);
  return out;
}

function defaultFor(f: FeatureMetadata, shipped: unknown): string {
  const typical = f.default ?? shipped;
  if (typeof typical === 'number' && Number.isFinite(typical)) return String(f.integer ? Math.round(typical) : typical);
  if (typeof typical === 'string' && typical !== '') return typical;
  if (f.allowed && f.allowed.length > 0) return f.allowed[0] ?? '';
  if (f.type === 'number' && f.min !== undefined && f.max !== undefined) {
    const mid = (f.min + f.max) / 2;
    return String(f.integer ? Math.round(mid) : mid);
  }
  if (f.type === 'number' && f.min !== undefined) return String(f.min);
  return '';
}

/** Whether the version shipped typical values, or the form had to make its own up. */
export const hasShippedDefaults = (model: Pick<ModelMetadata, 'features' | 'defaults'>): boolean =>
  model.features.some((f) => f.default !== undefined) || Object.keys(model.defaults ?? {}).length > 0;
