/**
 * A stand-in data API for the collect/preprocess benchmark, run as its own process so its
 * memory does not count against the functions measured. It serves ONE batch of N rows made
 * by resampling (with replacement, seeded) the complete rows of the shared realtor file,
 * each given a street id of its own so that no two rows are the same record (otherwise
 * preprocess would set most of them aside as duplicates and look faster than it is):
 * realtor-shaped data at the size of the course API's largest batch, not real listings.
 * Usage: tsx bench/resampled-data-api.ts <rows> <port>
 */
import { createServer } from 'node:http';
import path from 'node:path';
import { isComplete } from '../functions/datasource/src/table/column-table.ts';
import { readGzipCsvTable } from '../functions/datasource/src/table/read-table.ts';
import { rowJsonWriter } from '../functions/datasource/src/table/row-json.ts';
import { paths } from '../scripts/stack/paths.ts';

const rows = Number(process.argv[2] ?? 360_000);
const port = Number(process.argv[3] ?? 0);

// The datasource's own reader: the rows are what the simulator would serve, as it writes them.
const table = await readGzipCsvTable(path.join(paths.datasets, 'realtor.csv.gz'));
const toJson = rowJsonWriter(table);
const complete = Array.from({ length: table.rowCount }, (_, i) => i).filter((i) => isComplete(table, i));
let seed = 20_260_101;
const next = (): number => ((seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32);

// Built once as JSON text, as the course API sends it: numeric codes as numbers.
const data = Array.from({ length: rows }, (_, n) => {
  const source = complete[Math.floor(next() * complete.length)] ?? 0;
  return { ...(JSON.parse(toJson(source)) as Record<string, unknown>), street: 90_000_000 + n };
});
// The group number is filled in per request: the payload is the same for any group.
const dataJson = JSON.stringify(data);
let served = false;

const server = createServer((req, res) => {
  if (served) {
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail: 'Ya se recolectó toda la información mínima necesaria' }));
    return;
  }
  served = true;
  const group = Number(new URL(req.url ?? '/', 'http://api').searchParams.get('group_number'));
  const body = Buffer.from(`{"group_number":${group},"batch_number":0,"data":${dataJson}}`);
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
  res.end(body);
});
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === 'object' && address ? address.port : port, rows, bytes: dataJson.length, sourceRows: complete.length }));
});
