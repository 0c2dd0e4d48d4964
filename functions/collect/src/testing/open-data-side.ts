import { createPool, createS3ObjectStore, type LoadedConfig, type ObjectStore, type Pool } from '@tabular-ct/platform';

/**
 * The data side's stores on the stack, for an integration test: RAW, CLEAN, the simulator's
 * database and the object store. Nothing connects until first used; the test ends the pools.
 */
export function openDataSide(config: LoadedConfig<'database' | 'objectStore' | 'datasource'>): { rawPool: Pool; cleanPool: Pool; sourcePool: Pool; store: ObjectStore } {
  return {
    rawPool: createPool(config.database.rawUrl),
    cleanPool: createPool(config.database.cleanUrl),
    sourcePool: createPool(config.datasource.databaseUrl),
    store: createS3ObjectStore(config.objectStore),
  };
}
