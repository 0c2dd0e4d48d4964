import type { CompareResponse, ExplainResponse, HistoryResponse, ImportanceResponse } from '@tabular-ct/core';
import { useState } from 'preact/hooks';
import { BarChart } from '../charts/bar-chart.tsx';
import { WaterfallChart } from '../charts/waterfall-chart.tsx';
import { getJson, postJson, type ApiResult } from '../lib/api.ts';
import { toTargetUnits, waterfall } from '../lib/waterfall.ts';
import type { ShownPrediction, ViewContext } from './context.ts';
import { Loaded } from './status.tsx';
import { useLoad, type Load } from './use-load.ts';

// Beyond this many features the smallest pushes share one bar; realtor and diabetes fit whole.
const WATERFALL_BARS = 20;

function Explanation({ ctx, shown }: { ctx: ViewContext; shown: ShownPrediction }) {
  const [load, reload] = useLoad(
    () => postJson<ExplainResponse>(`${ctx.config.explain}/explain`, { dataset: ctx.config.dataset, version: shown.version, features: shown.input }),
    [shown],
  );
  return (
    <Loaded load={load} what="POST /explain" ctx={ctx} retry={reload}>
      {(e) => {
        const w = waterfall(e.base_value, e.values, WATERFALL_BARS);
        const note =
          e.output === 'raw margin'
            ? ctx.t('explain.units.margin', { transform: e.output_transform, base: ctx.num(e.base_value), final: ctx.num(w.final), target: ctx.num(toTargetUnits(w.final, e.output_transform)) })
            : ctx.t('explain.units.prediction', { base: ctx.num(e.base_value), final: ctx.num(w.final) });
        return (
          <div data-testid="explanation" data-output={e.output} data-transform={e.output_transform} data-prediction={e.prediction} data-target={e.target_prediction}>
            <p class="hint">
              {ctx.t('explain.method', { method: e.method })} · {note}
            </p>
            <WaterfallChart
              data={w}
              format={ctx.num}
              labels={{ base: ctx.t('explain.base'), final: ctx.t('explain.final'), other: ctx.t('explain.other') }}
              title={ctx.t('explain.heading')}
            />
          </div>
        );
      }}
    </Loaded>
  );
}

/** A result fetched when the user asks for it, not on opening the view: these take seconds. */
function useOnDemand<T>(): [Load<T> | null, (call: () => Promise<ApiResult<T>>) => Promise<void>] {
  const [load, setLoad] = useState<Load<T> | null>(null);
  const run = async (call: () => Promise<ApiResult<T>>) => {
    setLoad({ state: 'loading' });
    const r = await call();
    setLoad(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
  };
  return [load, run];
}

function Importance({ ctx }: { ctx: ViewContext }) {
  const [load, run] = useOnDemand<ImportanceResponse>();
  const go = () => run(() => postJson(`${ctx.config.explain}/importance`, { dataset: ctx.config.dataset }));
  return (
    <div class="card">
      <h3>{ctx.t('explain.importance')}</h3>
      <button type="button" onClick={go}>
        {ctx.t('explain.importanceRun')}
      </button>
      {load && (
        <Loaded load={load} what="POST /importance" ctx={ctx} retry={go}>
          {(r) => (
            <>
              <p class="hint">
                {r.model_name} v{r.version} · {ctx.t('explain.importanceRows', { rows: r.rows })}
              </p>
              <BarChart items={r.importance.map((i) => ({ label: i.feature, value: i.importance }))} format={ctx.num} title={ctx.t('explain.importance')} />
            </>
          )}
        </Loaded>
      )}
    </div>
  );
}

function Compare({ ctx }: { ctx: ViewContext }) {
  const [history, reload] = useLoad(() => getJson<HistoryResponse>(`${ctx.config.history}/history?dataset=${encodeURIComponent(ctx.config.dataset)}`), [ctx.config.history]);
  const [picked, setPicked] = useState<{ a?: string; b?: string }>({});
  const [load, run] = useOnDemand<CompareResponse>();
  return (
    <div class="card">
      <h3>{ctx.t('explain.compare')}</h3>
      <Loaded load={history} what="GET /history" ctx={ctx} retry={reload}>
        {(h) => {
          const versions = h.versions.map((v) => v.version);
          const a = picked.a ?? versions[1] ?? versions[0] ?? '';
          const b = picked.b ?? versions[0] ?? '';
          const go = () => run(() => postJson(`${ctx.config.explain}/compare`, { dataset: ctx.config.dataset, a, b }));
          const select = (id: 'a' | 'b', value: string, label: string) => (
            <label>
              {label}{' '}
              <select id={`compare-${id}`} value={value} onChange={(e) => setPicked({ ...picked, [id]: (e.currentTarget as HTMLSelectElement).value })}>
                {versions.map((v) => (
                  <option key={v} value={v}>
                    {v}
                  </option>
                ))}
              </select>
            </label>
          );
          return (
            <>
              <div class="actions">
                {select('a', a, ctx.t('explain.versionA'))}
                {select('b', b, ctx.t('explain.versionB'))}
                <button type="button" onClick={go} disabled={!a || !b}>
                  {ctx.t('explain.compareRun')}
                </button>
              </div>
              {load && (
                <Loaded load={load} what="POST /compare" ctx={ctx} retry={go}>
                  {(c) => (
                    <>
                      <p>{ctx.t('explain.gained', { list: c.gained.join(', ') || '—' })}</p>
                      <p>{ctx.t('explain.lost', { list: c.lost.join(', ') || '—' })}</p>
                      <div class="table-wrap">
                        <table>
                          <thead>
                            <tr>
                              <th scope="col">{ctx.t('explain.feature')}</th>
                              <th scope="col">{`${ctx.t('explain.before')} (v${c.a.version})`}</th>
                              <th scope="col">{`${ctx.t('explain.after')} (v${c.b.version})`}</th>
                              <th scope="col">{ctx.t('explain.change')}</th>
                            </tr>
                          </thead>
                          <tbody>
                            {c.changes.map((ch) => (
                              <tr key={ch.feature}>
                                <th scope="row">{ch.feature}</th>
                                <td>{ctx.num(ch.before)}</td>
                                <td>{ctx.num(ch.after)}</td>
                                <td class={ch.difference >= 0 ? 'up-text' : 'down-text'}>
                                  {ch.difference >= 0 ? '+' : ''}
                                  {ctx.num(ch.difference)}
                                </td>
                              </tr>
                            ))}
                          </tbody>
                        </table>
                      </div>
                    </>
                  )}
                </Loaded>
              )}
            </>
          );
        }}
      </Loaded>
    </div>
  );
}

/** The waterfall of the prediction shown, the production version's importance, two versions compared. */
export function ExplainView({ ctx, shown }: { ctx: ViewContext; shown: ShownPrediction | null }) {
  return (
    <section aria-labelledby="explain-h">
      <h2 id="explain-h">{ctx.t('explain.heading')}</h2>
      <div class="card">{shown ? <Explanation ctx={ctx} shown={shown} /> : <p>{ctx.t('explain.none')}</p>}</div>
      <Importance ctx={ctx} />
      <Compare ctx={ctx} />
    </section>
  );
}
