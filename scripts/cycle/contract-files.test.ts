import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contractFiles, contractsDir, REGENERATE } from './contract-files.ts';

// The DAG validates with the checked-in files; they must say what core's types say today.
describe('dags/contracts', () => {
  const files = contractFiles();

  it.each([...files.keys()])('%s is current', async (name) => {
    const onDisk = await readFile(path.join(contractsDir, name), 'utf8').catch(() => undefined);
    expect(onDisk, `dags/contracts/${name} is missing or stale: run \`${REGENERATE}\` and commit it`).toBe(files.get(name));
  });

  it('holds no contract that nothing generates', async () => {
    const stale = (await readdir(contractsDir)).filter((name) => name.endsWith('.json') && !files.has(name));
    expect(stale, `dags/contracts has files no type makes: run \`${REGENERATE}\` and commit the removal`).toEqual([]);
  });
});
