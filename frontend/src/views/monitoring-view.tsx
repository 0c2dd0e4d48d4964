import type { ColumnDrift, DriftHistoryResponse, ProfileResponse } from '@tabular-ct/core';
import { useState } from 'preact/hooks';
import { DistributionChart } from '../charts/distribution-chart.tsx';
import { LineChart } from '../charts/line-chart.tsx';
import { PairedBars } from '../charts/paired-bars.tsx';
import { getJson } from '../lib/api.ts';
import { categoryShares, histogramShares } from '../lib/distribution.ts';
import { comparedValue, driftLight } from '../lib/drift-status.ts';
import type { MessageKey } from '../lib/i18n.ts';
import type { ViewContext } from './context.ts';
import { Loaded } from './status.tsx';
import { useLoad } from './use-load.ts';

type Report = DriftHistoryResponse['reports'][number];

const NEW_CATEGORIES_SHOWN = 5;

function DriftRow({ c, ctx, selected, onSelect }: { c: ColumnDrift; ctx: ViewContext; selected: boolean; onSelect: () => void }) {
  const light = driftLight(c);
  const value = comparedValue(c);
  // A high-cardinality column (city) may bring hundreds of new categories: the largest few, and how many more.
  const newest = [...c.new_categories].sort((a, b) => b.share - a.share).slice(0, NEW_CATEGORIES_SHOWN);
  const hidden = c.new_categories.length - newest.length;
  const newShare = c.new_categories.reduce((sum, n) => sum + n.share, 0);
  return (
    <tr data-column={c.column} data-light={light} class={selected ? 'selected' : undefined}>
      <th scope="row">
        <button type="button" class="link" aria-pressed={selected} onClick={onSelect}>
          {c.column}
        </button>
      </th>
      <td>
        <span class={`light ${light}`} aria-hidden="true" /> {ctx.t(`light.${light}` as MessageKey)}
      </td>
      <td>{c.test}</td>
      <td>
        {value === null ? '—' : ctx.num(value)}
        {c.p_value !== undefined && c.statistic !== null && <span class="hint"> (p; {ctx.num(c.statistic)})</span>}
      </td>
      <td>{ctx.num(c.threshold)}</td>
      <td>
        {ctx.num(c.missing_share.reference)} → {ctx.num(c.missing_share.current)}
      </td>
      <td>
        {newest.map((n) => `${n.value} (${ctx.num(n.share)})`).join(', ')}
        {hidden > 0 && <span class="hint"> {ctx.t('monitoring.more', { count: hidden, share: newShare })}</span>}
      </td>
    </tr>
  );
}

function Distributions({ ctx, column, target, reference, current }: { ctx: ViewContext; column: string; target: boolean; reference: string | undefined; current: string }) {
  const profile = (batch: string | undefined) => () =>
    batch === undefined ? Promise.resolve({ ok: true as const, value: undefined, ms: 0 }) : getJson<ProfileResponse>(`${ctx.config.history}/profile?dataset=${encodeURIComponent(ctx.config.dataset)}&batch_id=${encodeURIComponent(batch)}`);
  const [ref, reloadRef] = useLoad(profile(reference), [reference]);
  const [cur, reloadCur] = useLoad(profile(current), [current]);
  const title = ctx.t('monitoring.distributions', { column });
  const labels = { reference: `${ctx.t('monitoring.reference')} ${reference ?? ''}`, current: `${ctx.t('monitoring.current')} ${current}` };
  return (
    <div class="card">
      <h3>{title}</h3>
      <Loaded load={ref} what="GET /profile" ctx={ctx} retry={reloadRef}>
        {(r) => (
          <Loaded load={cur} what="GET /profile" ctx={ctx} retry={reloadCur}>
            {(c) => {
              // The target has its own entry in a profile, apart from the feature columns.
              const rp = target ? r?.profile.target : r?.profile.columns[column];
              const cp = target ? c?.profile.target : c?.profile.columns[column];
              if (cp?.kind === 'categorical' || rp?.kind === 'categorical') return <PairedBars items={categoryShares(rp, cp)} labels={labels} format={ctx.num} title={title} />;
              return <DistributionChart reference={rp ? histogramShares(rp) : []} current={cp ? histogramShares(cp) : []} labels={labels} format={ctx.num} title={title} />;
            }}
          </Loaded>
        )}
      </Loaded>
    </div>
  );
}

function Series({ ctx, reports, column }: { ctx: ViewContext; reports: readonly Report[]; column: string }) {
  const cols = reports.map((r) => r.report.columns.find((c) => c.column === column));
  const last = cols.findLast((c) => c !== undefined);
  // The test depends on the reference's size (K-S p-values below 1000 rows, distances above):
  // only the latest test's values share an axis and a threshold, the others are gaps, named below.
  const others = reports.flatMap((r, i) => {
    const c = cols[i];
    return c && c.test !== last?.test ? [`${r.batch_id.replace(/^.*-(b\d+)$/, '$1')}: ${c.test}`] : [];
  });
  const title = ctx.t('monitoring.series', { column, test: last?.test ?? '' });
  return (
    <div class="card">
      <h3>{title}</h3>
      <LineChart
        points={reports.map((r, i) => {
          const c = cols[i];
          return { label: r.batch_id, value: c && c.test === last?.test ? comparedValue(c) : null, flagged: c?.drifted ?? false };
        })}
        threshold={last?.threshold ?? null}
        format={ctx.num}
        title={title}
      />
      {others.length > 0 && <p class="hint">{ctx.t('monitoring.otherTests', { list: others.join(', ') })}</p>}
    </div>
  );
}

/** The latest batch's drift table with traffic lights, distributions, each statistic over the batches, the recommendation. */
export function MonitoringView({ ctx }: { ctx: ViewContext }) {
  const [load, reload] = useLoad(() => getJson<DriftHistoryResponse>(`${ctx.config.history}/drift?dataset=${encodeURIComponent(ctx.config.dataset)}`), [ctx.config.history]);
  const [column, setColumn] = useState<string | null>(null);
  return (
    <section aria-labelledby="monitoring-h">
      <h2 id="monitoring-h">{ctx.t('monitoring.heading')}</h2>
      <Loaded load={load} what="GET /drift" ctx={ctx} retry={reload}>
        {(d) => {
          const latest = d.reports.at(-1);
          if (!latest) return <p>{ctx.t('monitoring.empty')}</p>;
          const rep = latest.report;
          const chosen = column ?? rep.columns.find((c) => c.drifted)?.column ?? rep.columns[0]?.column ?? '';
          return (
            <>
              <p data-testid="drift-batch" data-batch={latest.batch_id}>
                {ctx.t('monitoring.batch', {
                  batch: latest.batch_id,
                  reference: rep.reference.batch_id ?? (rep.reference.model_version ? `v${rep.reference.model_version}` : ctx.t('monitoring.noReference')),
                  refRows: rep.reference.rows,
                  rows: rep.current.rows,
                })}
              </p>
              <div class={latest.retrain ? 'card recommendation retrain' : 'card recommendation'} data-testid="recommendation" data-retrain={String(latest.retrain)}>
                <strong>{latest.retrain ? ctx.t('monitoring.retrain') : ctx.t('monitoring.keep')}</strong>
                <ul>
                  {latest.reasons.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </div>
              <div class="table-wrap">
                <table data-testid="drift-table">
                  <thead>
                    <tr>
                      <th scope="col">{ctx.t('monitoring.column')}</th>
                      <th scope="col">{ctx.t('monitoring.status')}</th>
                      <th scope="col">{ctx.t('monitoring.test')}</th>
                      <th scope="col">{ctx.t('monitoring.statistic')}</th>
                      <th scope="col">{ctx.t('monitoring.threshold')}</th>
                      <th scope="col">{ctx.t('monitoring.missing')}</th>
                      <th scope="col">{ctx.t('monitoring.newCategories')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rep.columns.map((c) => (
                      <DriftRow key={c.column} c={c} ctx={ctx} selected={c.column === chosen} onSelect={() => setColumn(c.column)} />
                    ))}
                  </tbody>
                </table>
              </div>
              {chosen && (
                <div class="two">
                  <Distributions ctx={ctx} column={chosen} target={rep.columns.find((c) => c.column === chosen)?.role === 'target'} reference={rep.reference.batch_id} current={latest.batch_id} />
                  <Series ctx={ctx} reports={d.reports} column={chosen} />
                </div>
              )}
            </>
          );
        }}
      </Loaded>
    </section>
  );
}
