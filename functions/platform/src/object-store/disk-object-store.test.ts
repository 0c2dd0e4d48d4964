import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeObjectStore } from './object-store.suite.ts';
import { createDiskObjectStore } from './disk-object-store.ts';

describeObjectStore('disk', () => createDiskObjectStore(mkdtempSync(path.join(os.tmpdir(), 'objects-'))), 'suite');
