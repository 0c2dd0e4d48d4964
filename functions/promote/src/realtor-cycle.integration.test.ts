import { collectRequest, datasets, driftRequest, preprocessRequest, promoteRequest, trainRequest, type DriftResponse } from '@tabular-ct/core';
import { createMlflowClient, listDecisions, loadConfig, productionHistory, type RunningServer } from '@tabular-ct/platform';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runRound, type CallStep, type CycleStep } from '../../../scripts/cycle/cycle-steps.ts';
import { collectBatch } from '../../collect/src/collect-batch.ts';
import { forgetGroup } from '../../collect/src/testing/forget-group.ts';
import { openDataSide } from '../../collect/src/testing/open-data-side.ts';
import { serveTestDatasource } from '../../datasource/src/testing/serve-test-datasource.ts';
import { evaluateDrift } from '../../drift/src/evaluate-drift.ts';
import { preprocessBatch } from '../../preprocess/src/preprocess-batch.ts';
import { trainBatch } from '../../train/src/train-batch.ts';
import { promoteVersion } from './promote-version.ts';

// The training half of the cycle over realtor's whole plan, in process, on the real stack.
// Its own group, cursor key, de-duplication salt and registered model keep it apart from a
// pipeline running on the same stack; it removes what it made.
const GROUP = 5 + (process.pid % 2);
const SUFFIX = `-cycle-it-${process.pid}`;
const NAME = `test-cycle-${process.pid}`;
const silent = (): void => undefined;

describe('the realtor plan through drift, train and promote', () => {
  const config = loadConfig(inject('stackEnv'), ['database', 'objectStore', 'mlflow', 'datasource']);
  const mlflow = createMlflowClient(config.mlflow);
  const { rawPool, cleanPool, sourcePool, store } = openDataSide(config);
  let api: RunningServer;

  const cleanUp = async (): Promise<void> => {
    await fetch(`${config.mlflow.trackingUri}/api/2.0/mlflow/registered-models/delete`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: NAME }),
    });
    await cleanPool.query('DELETE FROM drift_reports WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM decisions WHERE batch_id LIKE $1', [`realtor-g${GROUP}-%`]);
    await cleanPool.query('DELETE FROM production_history WHERE model_name = $1', [NAME]);
    await forgetGroup({ rawPool, cleanPool, store }, 'realtor', GROUP);
    await sourcePool.query('DELETE FROM cursors WHERE dataset = $1', [`realtor${SUFFIX}`]);
  };

  beforeAll(async () => {
    await cleanUp();
    api = await serveTestDatasource({ dataset: 'realtor', pool: sourcePool, datasetsDir: config.datasource.datasetsDir, cursorSuffix: SUFFIX });
  });
  afterAll(async () => {
    await api.close();
    await cleanUp();
    await Promise.all([rawPool.end(), cleanPool.end(), sourcePool.end()]);
  });

  it('trains and promotes the baseline, retrains on drift with reasons, skips or rejects with reasons, and keeps MLflow and the history in step', async () => {
    const modelName = () => NAME;
    const decisions: Array<{ batch: string; drift: DriftResponse; version?: string; promoted?: boolean; reason?: string }> = [];
    // The steps of scripts/cycle/cycle-steps.ts, called in process: each request parsed as its
    // handler parses it, each answer as JSON carries it.
    const steps: Record<CycleStep, (body: unknown) => Promise<unknown>> = {
      collect: (body) =>
        collectBatch({ rawPool, store, dataApi: { timeoutMs: 60_000, attempts: 2, backoffMs: 100, allowedUrls: [api.url] }, log: silent }, collectRequest.assert(body)),
      preprocess: (body) => preprocessBatch({ rawPool, cleanPool, log: silent, rowKeySalt: SUFFIX }, preprocessRequest.assert(body)),
      drift: (body) => evaluateDrift({ cleanPool, mlflow, log: silent, modelName }, driftRequest.assert(body)),
      train: (body) => trainBatch({ cleanPool, store, bucket: config.objectStore.bucket, mlflow, log: silent, modelName, leaseWaitMs: 60_000 }, trainRequest.assert(body)),
      promote: (body) => promoteVersion({ cleanPool, mlflow, log: silent, modelName, leaseWaitMs: 60_000 }, promoteRequest.assert(body)),
    };
    const callStep: CallStep = async (step, body) => JSON.parse(JSON.stringify(await steps[step](body))) as unknown;
    for (;;) {
      const round = await runRound({ dataset: 'realtor', sourceUrl: api.url, group: GROUP, calls: 1 }, callStep);
      if (!round) break;
      const { collect, drift, train, promote } = round;
      decisions.push({ batch: collect.batch_id ?? '', drift, ...(train && promote ? { version: train.version, promoted: promote.promoted, reason: promote.reason } : {}) });
    }
    expect(decisions).toHaveLength(6);

    // The first batch trains and promotes the baseline.
    expect(decisions[0]?.drift.reasons).toEqual([`no model is in production yet: batch realtor-g${GROUP}-b0-d1 trains the baseline`]);
    expect(decisions[0]?.promoted).toBe(true);

    // Later retrains name the drifting columns with their statistic and threshold.
    const columns = datasets.realtor.columns.map((c) => c.name);
    for (const d of decisions.slice(1).filter((x) => x.drift.retrain)) {
      expect(d.drift.reasons.some((r) => columns.some((c) => r.includes(c)) && /threshold/.test(r))).toBe(true);
    }
    // At least one batch skipped or one challenger rejected, each with its reason.
    const skipped = decisions.filter((d) => !d.drift.retrain);
    const rejected = decisions.filter((d) => d.promoted === false);
    expect(skipped.length + rejected.length).toBeGreaterThan(0);
    for (const d of skipped) expect(d.drift.reasons.join(' ')).toMatch(/stable|below/);
    for (const d of rejected) expect(d.reason).toMatch(/^(not better|worse|only)/);

    // One registered version per training, each with its tags.
    const { versions } = await mlflow.registry.searchModelVersions({ filter: `name = '${NAME}'` });
    expect(versions.map((v) => v.version).sort()).toEqual(decisions.filter((d) => d.version).map((d) => d.version).sort());
    for (const v of versions) {
      const tags = Object.fromEntries((v.tags ?? []).map((t) => [t.key, t.value]));
      expect(Object.keys(tags)).toEqual(expect.arrayContaining(['batch_id', 'reasons', 'data_digest', 'promotion.decision', 'promotion.reason']));
    }
    // The alias sits on the version the history names as current.
    const current = (await productionHistory(cleanPool, NAME)).filter((p) => p.until === null);
    expect(current.map((p) => p.model_version)).toEqual([(await mlflow.registry.findVersionByAlias(NAME, 'production'))?.version]);
    const stored = (await listDecisions(cleanPool, 'realtor')).filter((d) => d.batch_id?.startsWith(`realtor-g${GROUP}-`));
    expect(stored.filter((d) => d.kind === 'train' || d.kind === 'skip')).toHaveLength(6);
    console.log(decisions.map((d) => `${d.batch}: ${d.drift.retrain ? `v${d.version} ${d.promoted ? 'promoted' : 'rejected'}` : 'skipped'}`).join('\n'));
  });
});
