import { AppError, csvRecordsOf, printableText } from '@tabular-ct/core';

/**
 * Splits CSV text (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks)
 * into records keyed by the header row. Cells stay text, empty cells are empty strings
 * (missing to the dataset), and a ragged or headerless upload is the caller's error.
 */
export function csvRecords(text: string): Record<string, string>[] {
  const lines = csvLines(text.startsWith('\uFEFF') ? text.slice(1) : text);
  const header = lines[0];
  if (!header || (header.length === 1 && header[0] === '')) throw new AppError('invalid_request', 'CSV upload is empty: expected a header row of feature names and one row per prediction');
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) throw new AppError('invalid_request', `CSV header names the column "${printableText(name)}" twice`, { problems: [{ field: printableText(name), message: 'appears twice in the header' }] });
    seen.add(name);
  }
  const records: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!;
    if (cells.length !== header.length) {
      throw new AppError('invalid_request', `CSV line ${i + 1} has ${cells.length} fields, the header has ${header.length}`, {
        problems: [{ field: `line ${i + 1}`, message: `has ${cells.length} fields, the header has ${header.length}` }],
      });
    }
    const record: Record<string, string> = {};
    header.forEach((name, j) => (record[name] = cells[j]!.trim()));
    records.push(record);
  }
  return records;
}

/** The fields of each CSV record (blank lines are none); an unterminated quote is the uploader's error. */
function csvLines(text: string): string[][] {
  try {
    return csvRecordsOf(text);
  } catch (error) {
    throw new AppError('invalid_request', `the upload is not valid CSV: ${(error as Error).message}`);
  }
}
