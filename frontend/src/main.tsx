import { render } from 'preact';
import { App } from './app.tsx';
import { parseConfig } from './lib/config.ts';
import { translator, initialLang } from './lib/i18n.ts';
import './styles.css';

// The functions' addresses come from config.json next to the page, written where the app is
// deployed, so one build serves any environment.
const root = document.getElementById('app') as HTMLElement;
const failed = (message: string) => {
  const t = translator(initialLang(null, navigator.languages));
  root.textContent = t('error.config', { message });
  root.setAttribute('role', 'alert');
};
try {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const config = parseConfig(await res.json());
  if (typeof config === 'string') failed(config);
  else render(<App config={config} />, root);
} catch (error) {
  failed((error as Error).message);
}
