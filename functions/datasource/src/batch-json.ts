// Rows are sent in pieces of about this many characters: large enough that a 15,000-row
// batch is a few hundred writes, small enough that memory holds one piece, not the batch.
const PIECE_CHARS = 64 * 1024;

/**
 * The JSON text of a batch answer, in pieces: `head`'s fields, then `data` with one object
 * per row. Joined, the pieces are one JSON document; no piece holds more than a few rows.
 */
export function* batchJsonPieces(head: Record<string, unknown>, rows: Uint32Array, writeRow: (row: number) => string): Generator<string> {
  let piece = `${JSON.stringify(head).slice(0, -1)}${Object.keys(head).length > 0 ? ',' : ''}"data":[`;
  for (let i = 0; i < rows.length; i++) {
    piece += (i === 0 ? '' : ',') + writeRow(rows[i] as number);
    if (piece.length >= PIECE_CHARS) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}]}`;
}
