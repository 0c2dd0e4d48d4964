import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson, postCsv, postJson } from '../lib/api.ts';
import { appendPredictions } from '../lib/csv-result.ts';
import { defaultValues, hasShippedDefaults } from '../lib/default-values.ts';
import type { MessageKey } from '../lib/i18n.ts';
import type { FeatureMetadata, ModelMetadata, PredictBatchResponse, PredictResponse } from '@tabular-ct/core';
import { toRecord, validateField, type FieldProblem } from '../lib/validate-field.ts';
import type { ShownPrediction, ViewContext } from './context.ts';
import { Loaded } from './status.tsx';
import { useLoad } from './use-load.ts';

/** A field's message: ours (translated) or the predictor's own text for a 400 it answered. */
type Problem = FieldProblem | { text: string };

function Field({ f, value, problem, ctx, onInput }: { f: FeatureMetadata; value: string; problem: Problem | undefined; ctx: ViewContext; onInput: (v: string) => void }) {
  const id = `f-${f.name}`;
  const hint =
    f.min !== undefined && f.max !== undefined ? ctx.t('predict.range', { min: f.min, max: f.max }) : f.required ? '' : ctx.t('predict.optional');
  const message = problem ? ('text' in problem ? problem.text : ctx.t(`field.${problem.key}` as MessageKey, problem.params)) : '';
  const common = {
    id,
    name: f.name,
    value,
    'aria-invalid': problem ? true : undefined,
    'aria-describedby': `${id}-msg`,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value),
  };
  return (
    <div class={problem ? 'field invalid' : 'field'}>
      <label for={id}>
        {f.name}
        {hint && <span class="hint"> ({hint})</span>}
      </label>
      {f.allowed ? (
        <select {...common}>
          {!f.required && <option value="">—</option>}
          {f.allowed.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      ) : (
        // type=text with inputmode: the browser's own number checks would hide our messages.
        <input {...common} type="text" inputMode={f.type === 'number' ? 'decimal' : 'text'} placeholder={f.type === 'date' ? 'YYYY-MM-DD' : ''} autoComplete="off" />
      )}
      <p id={`${id}-msg`} class="field-msg" data-testid={`msg-${f.name}`} role={problem ? 'alert' : undefined}>
        {message}
      </p>
    </div>
  );
}

function BatchUpload({ ctx }: { ctx: ViewContext }) {
  const [file, setFile] = useState<File | null>(null);
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; url: string; count: number; version: string } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const run = async (e: Event) => {
    e.preventDefault();
    if (!file) return;
    setState({ kind: 'busy' });
    const csv = await file.text();
    const r = await postCsv<PredictBatchResponse>(`${ctx.config.predict}/predict/batch`, csv);
    if (!r.ok) return setState({ kind: 'error', message: r.error.message });
    try {
      const out = appendPredictions(csv, r.value.predictions);
      setState({ kind: 'done', url: URL.createObjectURL(new Blob([out], { type: 'text/csv' })), count: r.value.predictions.length, version: r.value.model_version });
    } catch (error) {
      setState({ kind: 'error', message: (error as Error).message });
    }
  };
  return (
    <form class="card" onSubmit={run}>
      <h3>{ctx.t('predict.batch')}</h3>
      <p class="hint">{ctx.t('predict.batchHelp')}</p>
      <label for="batch-file">{ctx.t('predict.batchFile')}</label>
      <input id="batch-file" type="file" accept=".csv,text/csv" onChange={(e) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      <button type="submit" disabled={!file || state.kind === 'busy'}>
        {ctx.t('predict.batchRun')}
      </button>
      {state.kind === 'error' && (
        <p class="error" role="alert">
          {state.message}
        </p>
      )}
      {state.kind === 'done' && (
        <p role="status">
          {ctx.t('predict.batchDone', { count: state.count, version: state.version })}{' '}
          <a href={state.url} download="predictions.csv" data-testid="batch-download">
            {ctx.t('predict.download')}
          </a>
        </p>
      )}
    </form>
  );
}

/** The prediction form built from GET /model, the answer with its model and version, and batch upload. */
export function PredictView({ ctx, shown, onPredicted, onExplain }: { ctx: ViewContext; shown: ShownPrediction | null; onPredicted: (p: ShownPrediction) => void; onExplain: () => void }) {
  const [model, reload] = useLoad(() => getJson<ModelMetadata>(`${ctx.config.predict}/model`), [ctx.config.predict]);
  return (
    <section aria-labelledby="predict-h">
      <h2 id="predict-h">{ctx.t('predict.heading')}</h2>
      <Loaded load={model} what="GET /model" ctx={ctx} retry={reload}>
        {(m) => <PredictForm ctx={ctx} model={m} shown={shown} onPredicted={onPredicted} onExplain={onExplain} />}
      </Loaded>
      <BatchUpload ctx={ctx} />
    </section>
  );
}

function PredictForm({ ctx, model, shown, onPredicted, onExplain }: { ctx: ViewContext; model: ModelMetadata; shown: ShownPrediction | null; onPredicted: (p: ShownPrediction) => void; onExplain: () => void }) {
  const [values, setValues] = useState(() => defaultValues(model));
  const [problems, setProblems] = useState<Record<string, Problem>>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [latency, setLatency] = useState<number | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => setValues(defaultValues(model)), [model]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const found: Record<string, Problem> = {};
    for (const f of model.features) {
      const p = validateField(f, values[f.name] ?? '');
      if (p) found[f.name] = p;
    }
    setProblems(found);
    const first = model.features.find((f) => found[f.name]);
    if (first) {
      setFormError(ctx.t('predict.fixFields'));
      formRef.current?.querySelector<HTMLElement>(`#f-${CSS.escape(first.name)}`)?.focus();
      return;
    }
    setFormError('');
    setBusy(true);
    const input = toRecord(model.features, values);
    const r = await postJson<PredictResponse>(`${ctx.config.predict}/predict`, input);
    setBusy(false);
    if (!r.ok) {
      const fromServer: Record<string, Problem> = {};
      for (const p of r.error.problems) fromServer[p.field.replace(/^features\./, '')] = { text: p.message };
      setProblems(fromServer);
      setFormError(r.error.message);
      return;
    }
    setLatency(r.ms);
    onPredicted({ input, prediction: r.value.prediction, modelName: r.value.model_name, version: r.value.model_version });
  };

  return (
    <form ref={formRef} class="card" onSubmit={submit} noValidate>
      <p class="model-line" data-testid="model-line">
        {ctx.t('predict.model', { name: model.model_name, version: model.model_version, alias: model.alias })}
      </p>
      {!hasShippedDefaults(model) && <p class="hint">{ctx.t('predict.noDefaults')}</p>}
      <div class="fields">
        {model.features.map((f) => (
          <Field
            key={f.name}
            f={f}
            value={values[f.name] ?? ''}
            problem={problems[f.name]}
            ctx={ctx}
            onInput={(v) => {
              setValues({ ...values, [f.name]: v });
              // A corrected field loses its message as soon as it is valid.
              if (problems[f.name] && !validateField(f, v)) {
                const { [f.name]: _fixed, ...rest } = problems;
                setProblems(rest);
              }
            }}
          />
        ))}
      </div>
      {formError && (
        <p class="error" role="alert" data-testid="form-error">
          {formError}
        </p>
      )}
      <div class="actions">
        <button type="submit" disabled={busy}>
          {ctx.t('predict.submit')}
        </button>
        <button type="button" class="secondary" onClick={() => (setValues(defaultValues(model)), setProblems({}), setFormError(''))}>
          {ctx.t('predict.reset')}
        </button>
      </div>
      {shown && (
        <div class="result" role="status" aria-live="polite">
          <span class="result-label">{ctx.t('predict.result')}</span>
          <output data-testid="prediction" data-value={shown.prediction}>
            {ctx.num(shown.prediction)}
          </output>
          <span data-testid="served-by" data-version={shown.version}>
            {ctx.t('predict.servedBy', { name: shown.modelName, version: shown.version })}
          </span>
          {latency !== null && <span class="hint">{ctx.t('predict.latency', { ms: Math.round(latency) })}</span>}
          <button type="button" class="secondary" onClick={onExplain}>
            {ctx.t('predict.explainThis')}
          </button>
        </div>
      )}
    </form>
  );
}
