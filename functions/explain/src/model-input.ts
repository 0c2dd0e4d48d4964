import { AppError, normalizeValue, printableText, type CleanValue, type DatasetSpec, type FieldProblem } from '@tabular-ct/core';

/**
 * Validates one input as the predictor takes it (raw values, keyed by column name) against
 * the dataset's specification, with the same normalization CLEAN applies (ZIP codes to five
 * digits, dates to ISO, bounds, allowed categories). Every bad field is named in one 400.
 * Columns of the dataset that are not features (identifiers, the target) are accepted and
 * ignored, so a listing copied whole from CLEAN can be explained; unknown names are refused.
 */
export function cleanInput(spec: DatasetSpec, raw: Readonly<Record<string, unknown>>): Record<string, CleanValue> {
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(raw)) {
    if (!spec.columns.some((c) => c.name === key)) problems.push({ field: `features.${printableText(key)}`, message: `is not a column of ${spec.name}` });
  }
  const values: Record<string, CleanValue> = {};
  for (const column of spec.columns) {
    if (column.role !== 'feature') continue;
    const outcome = normalizeValue(column, raw[column.name], spec.missing);
    if (outcome.ok) values[column.name] = outcome.value;
    else problems.push({ field: `features.${column.name}`, message: outcome.reason });
  }
  if (problems.length > 0) {
    throw new AppError('invalid_request', `explain request is invalid: ${problems.map((p) => p.field).join(', ')}`, { problems });
  }
  return values;
}
