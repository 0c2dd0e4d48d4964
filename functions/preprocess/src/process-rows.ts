import { assignSplit, cleanRow, rowContentKey, type BatchProfile, type CleanRow, type DatasetSpec } from '@tabular-ct/core';
import { profileBatch } from '@tabular-ct/ml';
import type { CleanRowRecord, DuplicateRecord, RejectRecord } from '@tabular-ct/platform';

/** Every raw row validated once: clean ones with their content key, the rest with their reason. */
interface CleanedRows {
  clean: Array<{ row_index: number; row: CleanRow; row_key: string }>;
  rejects: RejectRecord[];
}

interface ProcessedRows {
  rows: CleanRowRecord[];
  rejects: RejectRecord[];
  duplicates: DuplicateRecord[];
  profile: BatchProfile;
}

/** Validates and normalizes every raw row; `digest` turns a row's content text into its key. */
export function cleanRows(spec: DatasetSpec, raw: readonly unknown[], digest: (text: string) => string): CleanedRows {
  const clean: CleanedRows['clean'] = [];
  const rejects: RejectRecord[] = [];
  raw.forEach((payload, row_index) => {
    const outcome = cleanRow(spec, payload);
    if (outcome.ok) clean.push({ row_index, row: outcome.row, row_key: digest(rowContentKey(spec, outcome.row)) });
    else rejects.push({ row_index, field: outcome.field, reason: outcome.reason, payload });
  });
  return { clean, rejects };
}

/**
 * Sets aside repeats of a record already seen (earlier in this batch, or in CLEAN as
 * `alreadyStored` says), assigns each remaining row its split, and profiles the batch.
 */
export function assembleBatch(spec: DatasetSpec, cleaned: CleanedRows, alreadyStored: ReadonlySet<string>): ProcessedRows {
  const rows: CleanRowRecord[] = [];
  const duplicates: DuplicateRecord[] = [];
  const seen = new Set<string>();
  for (const { row_index, row, row_key } of cleaned.clean) {
    if (seen.has(row_key) || alreadyStored.has(row_key)) {
      duplicates.push({ row_index, row_key });
      continue;
    }
    seen.add(row_key);
    rows.push({ row_index, row_key, split: assignSplit(spec, row), features: row.values, target: row.target });
  }
  const profile = profileBatch(spec, rows.map((r) => ({ values: r.features as CleanRow['values'], target: r.target })));
  return { rows, rejects: cleaned.rejects, duplicates, profile };
}
