import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { UiConfig } from './lib/config.ts';
import { dateTimeFormatter, numberFormatter } from './lib/format.ts';
import { initialLang, languages, translator, type Lang, type MessageKey } from './lib/i18n.ts';
import type { ShownPrediction, ViewContext } from './views/context.ts';
import { DataView } from './views/data-view.tsx';
import { ExplainView } from './views/explain-view.tsx';
import { HistoryView } from './views/history-view.tsx';
import { MonitoringView } from './views/monitoring-view.tsx';
import { PredictView } from './views/predict-view.tsx';

const tabs = ['predict', 'explain', 'history', 'monitoring', 'data'] as const;
type Tab = (typeof tabs)[number];

// The view is in the address (#/history), so a link or a reload opens the same view.
const tabFromHash = (hash: string): Tab => tabs.find((t) => hash === `#/${t}`) ?? 'predict';

const storedLang = (): string | null => {
  try {
    return localStorage.getItem('lang');
  } catch {
    return null;
  }
};

/** The shell: tabs (arrow keys move between them), the language switch, and the view shown. */
export function App({ config }: { config: UiConfig }) {
  const [lang, setLang] = useState<Lang>(() => initialLang(storedLang(), navigator.languages));
  const [tab, setTab] = useState<Tab>(() => tabFromHash(location.hash));
  const [shown, setShown] = useState<ShownPrediction | null>(null);
  const tabRefs = useRef<Array<HTMLButtonElement | null>>([]);

  useEffect(() => {
    const onHash = () => setTab(tabFromHash(location.hash));
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
    try {
      localStorage.setItem('lang', lang);
    } catch {
      // Private modes may refuse storage: the choice then lasts for the page only.
    }
  }, [lang]);

  const ctx: ViewContext = useMemo(() => {
    const t = translator(lang);
    return { config, lang, t, num: numberFormatter(lang), date: dateTimeFormatter(lang) };
  }, [config, lang]);
  document.title = ctx.t('title');

  const go = (next: Tab, focus = false) => {
    location.hash = `#/${next}`;
    setTab(next);
    if (focus) tabRefs.current[tabs.indexOf(next)]?.focus();
  };
  const onKey = (e: KeyboardEvent) => {
    const i = tabs.indexOf(tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (e.key === 'Home') go(tabs[0], true);
    else if (e.key === 'End') go(tabs[tabs.length - 1] ?? 'data', true);
    else if (step !== 0) go(tabs[(i + step + tabs.length) % tabs.length] ?? 'predict', true);
    else return;
    e.preventDefault();
  };

  return (
    <>
      <header>
        <h1>{ctx.t('title')}</h1>
        <span class="dataset">{config.dataset}</span>
        {config.dataNote && <span class="data-note">{config.dataNote}</span>}
        <label class="lang">
          {ctx.t('language')}{' '}
          <select id="lang" value={lang} onChange={(e) => setLang((e.currentTarget as HTMLSelectElement).value as Lang)}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {l === 'en' ? 'English' : 'Español'}
              </option>
            ))}
          </select>
        </label>
      </header>
      <nav role="tablist" aria-label={ctx.t('title')} onKeyDown={onKey}>
        {tabs.map((name, i) => (
          <button
            key={name}
            ref={(el) => {
              tabRefs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${name}`}
            aria-selected={tab === name}
            aria-controls="view"
            tabIndex={tab === name ? 0 : -1}
            onClick={() => go(name)}
          >
            {ctx.t(`tab.${name}` as MessageKey)}
          </button>
        ))}
      </nav>
      <main>
        <div id="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {tab === 'predict' && <PredictView ctx={ctx} shown={shown} onPredicted={setShown} onExplain={() => go('explain')} />}
        {tab === 'explain' && <ExplainView ctx={ctx} shown={shown} />}
        {tab === 'history' && <HistoryView ctx={ctx} />}
        {tab === 'monitoring' && <MonitoringView ctx={ctx} />}
        {tab === 'data' && <DataView ctx={ctx} />}
        </div>
      </main>
    </>
  );
}
