/**
 * The rows of a course-scale layout, as row ids that batches hold like any others: an id
 * below `firstId` (the table's row count) is the file's row, as it is, which is every row's
 * first copy; id `firstId + i` is copy `copy[i]` (1, 2, ...) of the file's row `source[i]`.
 * Two typed arrays, not row objects: a million rows take 6 MB, and a row's values are
 * written only when it is served.
 */
export interface SyntheticRows {
  firstId: number;
  source: Uint32Array;
  copy: Uint16Array;
  /** Copies made of each file row, its first included (0: never drawn). */
  copies: Uint16Array;
}

// Copy numbers are Uint16: a realtor row gets a few hundred copies, a patient a dozen.
const MAX_COPIES = 0xffff;

/** Hands out the id of each next copy of a file row, and keeps what it handed out. */
export class CopyNumbering {
  private readonly source: Uint32Array;
  private readonly copy: Uint16Array;
  private readonly copies: Uint16Array;
  private used = 0;

  /** `rowCount`: the table's rows; `capacity`: how many copies after the first may be made, at most. */
  constructor(private readonly rowCount: number, capacity: number) {
    this.source = new Uint32Array(capacity);
    this.copy = new Uint16Array(capacity);
    this.copies = new Uint16Array(rowCount);
  }

  /** The id of the next copy of `row`: the row itself the first time, a new synthetic id after. */
  next(row: number): number {
    const copy = this.copies[row] as number;
    if (copy === MAX_COPIES) throw new Error(`row ${row} would get more than ${MAX_COPIES} copies`);
    this.copies[row] = copy + 1;
    if (copy === 0) return row;
    if (this.used === this.source.length) throw new Error(`more than ${this.source.length} copies asked for`);
    this.source[this.used] = row;
    this.copy[this.used] = copy;
    return this.rowCount + this.used++;
  }

  build(): SyntheticRows {
    return { firstId: this.rowCount, source: this.source.slice(0, this.used), copy: this.copy.slice(0, this.used), copies: this.copies };
  }
}

/** The file row and copy number of a row id (copy 0: the file's row as it is). */
export function copyOf(rows: SyntheticRows, id: number): { source: number; copy: number } {
  if (id < rows.firstId) return { source: id, copy: 0 };
  const i = id - rows.firstId;
  return { source: rows.source[i] as number, copy: rows.copy[i] as number };
}
