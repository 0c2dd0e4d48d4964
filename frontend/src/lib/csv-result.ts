/**
 * Splits CSV text into records, keeping each record's text as written: a newline inside
 * quotes belongs to the field (RFC 4180), so a record may span lines. Empty lines are dropped.
 */
export function csvRecordTexts(text: string): string[] {
  const records: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (i === text.length || (!quoted && (c === '\n' || c === '\r'))) {
      const record = text.slice(start, i);
      if (record.trim() !== '') records.push(record);
      if (c === '\r' && text[i + 1] === '\n') i++;
      start = i + 1;
    }
  }
  return records;
}

/**
 * The uploaded CSV with one more column, `prediction`, in the order the predictor answered
 * (one prediction per data record). Refuses a count that does not match rather than shift rows.
 */
export function appendPredictions(csv: string, predictions: readonly number[], column = 'prediction'): string {
  const [header, ...rows] = csvRecordTexts(csv);
  if (header === undefined) throw new Error('the CSV has no header');
  if (rows.length !== predictions.length) throw new Error(`${rows.length} rows but ${predictions.length} predictions`);
  return [`${header},${column}`, ...rows.map((r, i) => `${r},${predictions[i]}`)].join('\n') + '\n';
}
