import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ColumnTableBuilder, type ColumnTable } from './column-table.ts';
import { CsvRecords } from '@tabular-ct/core';

/**
 * Reads a gzipped CSV into a column table while it decompresses: memory holds the
 * table and one chunk of text, never the whole file.
 */
export async function readGzipCsvTable(file: string): Promise<ColumnTable> {
  const csv = new CsvRecords();
  const builder = new ColumnTableBuilder();
  const text = createReadStream(file).pipe(createGunzip()).setEncoding('utf8');
  for await (const chunk of text as AsyncIterable<string>) {
    for (const record of csv.push(chunk)) builder.add(record);
  }
  for (const record of csv.end()) builder.add(record);
  return builder.build();
}
