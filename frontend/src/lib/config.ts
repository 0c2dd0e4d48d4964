/** What config.json, fetched at start, tells the app: where the functions are and which dataset. */
export interface UiConfig {
  predict: string;
  explain: string;
  history: string;
  dataset: string;
  /** Said beside the dataset's name when its rows are not real ones: "SYNTHETIC: ..." at course scale. */
  dataNote?: string;
}

/** Reads config.json's content, naming the first missing or malformed entry. */
export function parseConfig(data: unknown): UiConfig | string {
  if (typeof data !== 'object' || data === null) return 'expected an object';
  const d = data as Record<string, unknown>;
  for (const key of ['predict', 'explain', 'history'] as const) {
    const v = d[key];
    if (typeof v !== 'string' || !/^https?:\/\//.test(v)) return `"${key}" must be an http(s) URL`;
  }
  const dataset = typeof d.dataset === 'string' && d.dataset !== '' ? d.dataset : 'realtor';
  const trim = (u: unknown): string => String(u).replace(/\/+$/, '');
  const note = typeof d.dataNote === 'string' && d.dataNote.trim() !== '' ? { dataNote: d.dataNote.trim() } : {};
  return { predict: trim(d.predict), explain: trim(d.explain), history: trim(d.history), dataset, ...note };
}
