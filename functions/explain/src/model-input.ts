import { AppError, datasetInputs, validateRecords, type CleanValue, type DatasetSpec } from '@tabular-ct/core';

/**
 * Validates one input as the predictor takes it (raw values, keyed by column name) against
 * every feature of the dataset, with the predictor's validation and the normalization CLEAN
 * applies (ZIP codes to five digits, dates to ISO, bounds, allowed categories); numbers are
 * read from text as in the data. Every bad field is named in one 400. Columns of the dataset
 * that are not features (identifiers, the target) are accepted and ignored, so a listing
 * copied whole from CLEAN can be explained; unknown names are refused.
 */
export function cleanInput(spec: DatasetSpec, raw: Readonly<Record<string, unknown>>): Record<string, CleanValue> {
  const ignored = new Set(spec.columns.filter((c) => c.role !== 'feature').map((c) => c.name));
  const outcome = validateRecords(datasetInputs(spec), spec.missing, [raw], 'text', true, { prefix: 'features.', ignored });
  if (!outcome.ok) {
    const { problems } = outcome;
    throw new AppError('invalid_request', `explain request is invalid: ${problems.map((p) => p.field).join(', ')}`, { problems });
  }
  return outcome.value[0]!;
}
