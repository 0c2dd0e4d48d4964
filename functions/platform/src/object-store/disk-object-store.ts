import { AppError } from '@tabular-ct/core';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ObjectBody, ObjectStore, StoredObject } from './object-store.ts';

const isMissing = (error: unknown): boolean => (error as { code?: string }).code === 'ENOENT';

/**
 * The object store on a local directory: for unit tests of the functions and for a
 * single-machine run without an S3 server. Keys map to files below `root`.
 */
export function createDiskObjectStore(root: string): ObjectStore {
  const file = (key: string): string => {
    const resolved = path.resolve(root, key);
    if (!resolved.startsWith(path.resolve(root) + path.sep)) throw new AppError('invalid_request', `object key escapes the store: ${key}`);
    return resolved;
  };

  async function walk(dir: string): Promise<string[]> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
      if (isMissing(error)) return [];
      throw error;
    });
    const nested = await Promise.all(
      entries.map((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : Promise.resolve([path.join(dir, e.name)]))),
    );
    return nested.flat();
  }

  return {
    async ensureBucket() {
      await mkdir(root, { recursive: true });
    },
    async put(key, body: ObjectBody) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      // Write beside the target, then rename: readers never see half an object.
      const partial = `${target}.partial-${process.pid}`;
      const source = body instanceof Readable ? body : Readable.from([typeof body === 'string' ? Buffer.from(body) : body]);
      await pipeline(source, createWriteStream(partial));
      await rename(partial, target);
    },
    async get(key) {
      try {
        return await readFile(file(key));
      } catch (error) {
        if (isMissing(error)) throw new AppError('not_found', `get ${key}: not found`);
        throw error;
      }
    },
    async getStream(key) {
      if ((await this.head(key)) === undefined) throw new AppError('not_found', `get ${key}: not found`);
      return createReadStream(file(key));
    },
    async head(key) {
      try {
        const s = await stat(file(key));
        return s.isFile() ? { key, size: s.size } : undefined;
      } catch (error) {
        if (isMissing(error)) return undefined;
        throw error;
      }
    },
    async list(prefix) {
      const base = path.resolve(root);
      const all = await walk(base);
      const found: StoredObject[] = [];
      for (const f of all) {
        if (f.includes('.partial-')) continue;
        const key = path.relative(base, f).split(path.sep).join('/');
        if (key.startsWith(prefix)) found.push({ key, size: (await stat(f)).size });
      }
      return found.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}
