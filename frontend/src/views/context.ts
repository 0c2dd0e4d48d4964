import type { UiConfig } from '../lib/config.ts';
import type { Lang, Translate } from '../lib/i18n.ts';

/** What every view gets from the app: where the functions are, the language and its formats. */
export interface ViewContext {
  config: UiConfig;
  lang: Lang;
  t: Translate;
  num: (n: number) => string;
  date: (iso: string) => string;
}

/** The prediction last shown on the Predict view, which the Explain view explains. */
export interface ShownPrediction {
  input: Record<string, string | number>;
  prediction: number;
  modelName: string;
  version: string;
}
