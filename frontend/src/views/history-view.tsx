import type { HistoryDecision, HistoryResponse } from '@tabular-ct/core';
import { getJson } from '../lib/api.ts';
import type { ViewContext } from './context.ts';
import { Loaded } from './status.tsx';
import { useLoad } from './use-load.ts';

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function Decision({ d, ctx }: { d: HistoryDecision; ctx: ViewContext }) {
  const version = d.model_version ?? '?';
  const title =
    d.kind === 'train' ? ctx.t('history.train') : d.kind === 'skip' ? ctx.t('history.skip') : d.kind === 'promote' ? ctx.t('history.promote', { version }) : ctx.t('history.reject', { version });
  const challenger = num(d.details.challenger);
  const champion = num(d.details.champion);
  const metric = typeof d.details.metric === 'string' ? d.details.metric : '';
  return (
    <li class={`decision ${d.kind}`} data-kind={d.kind} data-version={d.model_version ?? ''}>
      <strong class={`chip ${d.kind}`}>{title}</strong>
      {(d.kind === 'promote' || d.kind === 'reject') && metric && (
        <span class="metrics">{ctx.t('history.metrics', { metric, challenger: challenger === null ? '—' : ctx.num(challenger), champion: champion === null ? '—' : ctx.num(champion) })}</span>
      )}
      <ul class="reasons">
        {d.reasons.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
    </li>
  );
}

/** Every batch on a timeline with its decisions; the versions and which served when. */
export function HistoryView({ ctx }: { ctx: ViewContext }) {
  const [load, reload] = useLoad(() => getJson<HistoryResponse>(`${ctx.config.history}/history?dataset=${encodeURIComponent(ctx.config.dataset)}`), [ctx.config.history]);
  return (
    <section aria-labelledby="history-h">
      <h2 id="history-h">{ctx.t('history.heading')}</h2>
      <Loaded load={load} what="GET /history" ctx={ctx} retry={reload}>
        {(h) => (
          <>
            <p class="production-now" data-testid="production-now" data-version={h.production_version ?? ''}>
              {h.production_version ? ctx.t('history.production', { version: h.production_version }) : ctx.t('history.noProduction')}
            </p>
            {h.batches.length === 0 && <p>{ctx.t('history.empty')}</p>}
            <ol class="timeline" data-testid="timeline">
              {h.batches.map((b) => (
                <li key={b.batch_id} class="batch" data-batch={b.batch_id}>
                  <h3>
                    {b.batch_id} <small>{ctx.date(b.processed_at)}</small>
                  </h3>
                  <p class="hint">{ctx.t('history.rows', { rows: b.rows_in, clean: b.rows_clean, rejected: b.rows_rejected, duplicates: b.rows_duplicate })}</p>
                  {b.decided_with !== null && b.decided_with !== b.batch_id && (
                    <p class="hint" data-testid="decided-with">
                      {ctx.t('history.decidedWith', { batch: b.decided_with })}
                    </p>
                  )}
                  <ul class="decisions">
                    {b.decisions.map((d) => (
                      <Decision key={d.kind} d={d} ctx={ctx} />
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
            <div class="card">
              <h3>{ctx.t('history.versions')}</h3>
              <div class="table-wrap">
                <table data-testid="versions">
                  <thead>
                    <tr>
                      <th scope="col">{ctx.t('history.version')}</th>
                      <th scope="col">{ctx.t('history.created')}</th>
                      <th scope="col">{ctx.t('history.decision')}</th>
                      <th scope="col">{ctx.t('history.metricsCol')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.versions.map((v) => (
                      <tr key={v.version} data-version={v.version} data-decision={v.decision ?? ''}>
                        <th scope="row">
                          {v.version} {v.aliases.includes('production') && <span class="chip promote">production</span>}
                        </th>
                        <td>{v.created_at ? ctx.date(v.created_at) : ''}</td>
                        <td>{v.decision ? ctx.t(v.decision === 'promoted' ? 'history.promoted' : 'history.rejected') : ''}</td>
                        <td class="metrics">
                          {Object.entries(v.metrics)
                            .filter(([k]) => k.startsWith('test_'))
                            .map(([k, m]) => `${k} ${ctx.num(m)}`)
                            .join(' · ')}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
            <div class="card">
              <h3>{ctx.t('history.periods')}</h3>
              <ol>
                {h.production.map((p) => (
                  <li key={p.since}>
                    v{p.model_version}: {p.until ? ctx.t('history.until', { since: ctx.date(p.since), until: ctx.date(p.until) }) : ctx.t('history.since', { since: ctx.date(p.since) })} — {p.reason}
                  </li>
                ))}
              </ol>
            </div>
          </>
        )}
      </Loaded>
    </section>
  );
}
