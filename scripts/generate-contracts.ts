/**
 * `npm run contracts`: writes the JSON Schemas of the cycle's steps, the DAG's summary and the
 * dataset list into dags/contracts/, from the types in functions/core (docs/airflow.md).
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contractFiles, contractsDir } from './cycle/contract-files.ts';

const files = contractFiles();
await mkdir(contractsDir, { recursive: true });
for (const name of await readdir(contractsDir)) if (name.endsWith('.json') && !files.has(name)) await rm(path.join(contractsDir, name));
for (const [name, text] of files) await writeFile(path.join(contractsDir, name), text);
console.log(`wrote ${files.size} files to ${path.relative(process.cwd(), contractsDir) || '.'}`);
