import type { ColumnProfile, ProfileResponse } from '@tabular-ct/core';
import { useState } from 'preact/hooks';
import { BarChart } from '../charts/bar-chart.tsx';
import { DistributionChart } from '../charts/distribution-chart.tsx';
import { getJson } from '../lib/api.ts';
import { histogramShares } from '../lib/distribution.ts';
import type { ViewContext } from './context.ts';
import { Loaded } from './status.tsx';
import { useLoad } from './use-load.ts';

function Summary({ p, ctx }: { p: ColumnProfile; ctx: ViewContext }) {
  if (p.kind === 'categorical') return <>{ctx.t('data.distinct', { distinct: p.distinct })}</>;
  const f = (v: number | null): string => (v === null ? '—' : ctx.num(v));
  return (
    <>
      {f(p.min)} · {f(p.quantiles.p50)} · {f(p.max)} (μ {f(p.mean)})
    </>
  );
}

function Distribution({ p, ctx, name }: { p: ColumnProfile; ctx: ViewContext; name: string }) {
  if (p.kind === 'categorical') return <BarChart items={p.top.slice(0, 8).map((t) => ({ label: t.value, value: t.share }))} format={ctx.num} title={name} />;
  return <DistributionChart reference={[]} current={histogramShares(p)} labels={{ reference: '', current: name }} format={ctx.num} title={name} />;
}

/** One batch's profile: per column its type, missing values, summary, distribution and correlation with the target. */
export function DataView({ ctx }: { ctx: ViewContext }) {
  const [batch, setBatch] = useState<string | undefined>(undefined);
  const query = `dataset=${encodeURIComponent(ctx.config.dataset)}${batch ? `&batch_id=${encodeURIComponent(batch)}` : ''}`;
  const [load, reload] = useLoad(() => getJson<ProfileResponse>(`${ctx.config.history}/profile?${query}`), [query]);
  return (
    <section aria-labelledby="data-h">
      <h2 id="data-h">{ctx.t('data.heading')}</h2>
      <Loaded load={load} what="GET /profile" ctx={ctx} retry={reload}>
        {(r) => (
          <>
            <label>
              {ctx.t('data.batch')}{' '}
              <select id="profile-batch" value={r.batch_id} onChange={(e) => setBatch((e.currentTarget as HTMLSelectElement).value)}>
                {r.batches.map((b) => (
                  <option key={b} value={b}>
                    {b}
                  </option>
                ))}
              </select>
            </label>
            <p data-testid="profile-batch" data-batch={r.batch_id}>
              {ctx.t('data.rows', { rows: r.profile.rows })}
            </p>
            <div class="profiles">
              {[['__target', r.profile.target] as const, ...Object.entries(r.profile.columns)].map(([name, p]) => (
                <div class="card profile" key={name}>
                  <h3>{name === '__target' ? ctx.t('data.target') : name}</h3>
                  <dl>
                    <dt>{ctx.t('data.kind')}</dt>
                    <dd>{p.kind}</dd>
                    <dt>{ctx.t('data.missing')}</dt>
                    <dd>
                      {p.missing} ({ctx.num(p.missing_share)})
                    </dd>
                    <dt>{ctx.t('data.summary')}</dt>
                    <dd>
                      <Summary p={p} ctx={ctx} />
                    </dd>
                    {name !== '__target' && (
                      <>
                        <dt>{ctx.t('data.correlation')}</dt>
                        <dd>{p.target_correlation === null ? '—' : ctx.num(p.target_correlation)}</dd>
                      </>
                    )}
                  </dl>
                  <Distribution p={p} ctx={ctx} name={name === '__target' ? ctx.t('data.target') : name} />
                </div>
              ))}
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
