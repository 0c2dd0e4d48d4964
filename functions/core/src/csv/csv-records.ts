/**
 * An RFC 4180 CSV reader that takes the text in chunks of any size and hands back the
 * complete records, so a file is parsed while it is decompressed, never held whole.
 * Quoted fields may hold commas, doubled quotes and line breaks; CRLF and LF both end a record.
 */
export class CsvRecords {
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** A quote just closed a quoted field; a second one right after it is a literal quote. */
  private quoteClosed = false;
  /** A CR was the last character of the previous chunk; an LF opening this one belongs to it. */
  private pendingCr = false;
  private started = false;

  /** Feeds the next chunk of text; returns the records it completed. */
  push(text: string): string[][] {
    const done: string[][] = [];
    for (let i = 0; i < text.length; i++) {
      const ch = text[i] as string;
      if (this.pendingCr) {
        this.pendingCr = false;
        if (ch === '\n') continue;
      }
      if (this.inQuotes) {
        if (ch === '"') {
          this.inQuotes = false;
          this.quoteClosed = true;
        } else {
          this.field += ch;
        }
        continue;
      }
      if (ch === '"') {
        // "" inside a quoted field: a literal quote, and the field is quoted again.
        if (this.quoteClosed) this.field += '"';
        this.inQuotes = true;
        this.quoteClosed = false;
        this.started = true;
        continue;
      }
      this.quoteClosed = false;
      if (ch === ',') {
        this.record.push(this.field);
        this.field = '';
        this.started = true;
      } else if (ch === '\n' || ch === '\r') {
        if (ch === '\r') this.pendingCr = true;
        this.finishRecord(done);
      } else {
        this.field += ch;
        this.started = true;
      }
    }
    return done;
  }

  /** Ends the input: returns the last record when the text did not end with a line break. */
  end(): string[][] {
    if (this.inQuotes) throw new Error('CSV ends inside a quoted field');
    const done: string[][] = [];
    this.finishRecord(done);
    return done;
  }

  private finishRecord(done: string[][]): void {
    // A blank line is no record; pandas skips them too.
    if (this.started) {
      this.record.push(this.field);
      done.push(this.record);
    }
    this.field = '';
    this.record = [];
    this.started = false;
    this.quoteClosed = false;
  }
}

/** Every record of a whole CSV text (for text already in memory: an upload, a small file). */
export function csvRecordsOf(text: string): string[][] {
  const csv = new CsvRecords();
  return [...csv.push(text), ...csv.end()];
}
