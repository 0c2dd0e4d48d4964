import { AppError } from '@tabular-ct/core';

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
    if (seen.has(name)) throw new AppError('invalid_request', `CSV header names the column "${name.slice(0, 100)}" twice`, { problems: [{ field: name.slice(0, 100), message: 'appears twice in the header' }] });
    seen.add(name);
  }
  const records: Record<string, string>[] = [];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!;
    // A trailing blank line is not a row.
    if (cells.length === 1 && cells[0] === '') continue;
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

/** The fields of each CSV line, honouring quotes. */
function csvLines(text: string): string[][] {
  const lines: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') field += c;
      else if (text[i + 1] === '"') {
        field += '"';
        i++;
      } else quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      lines.push(fields);
      fields = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new AppError('invalid_request', `CSV upload ends inside a quoted field (line ${lines.length + 1})`);
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    lines.push(fields);
  }
  return lines;
}
