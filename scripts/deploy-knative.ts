/** Writes knative/ from the chart (`npm run deploy:knative`): the ConfigMap and one file per Knative Service. */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { knativeFiles } from './deploy/knative-files.ts';
import { repoRoot } from './stack/paths.ts';

const dir = path.join(repoRoot, 'knative');
const files = await knativeFiles();
await mkdir(dir, { recursive: true });
for (const f of await readdir(dir)) if (f.endsWith('.yaml') && !files.has(f)) await rm(path.join(dir, f));
for (const [f, content] of files) await writeFile(path.join(dir, f), content);
console.log(`knative/: ${[...files.keys()].join(', ')}`);
