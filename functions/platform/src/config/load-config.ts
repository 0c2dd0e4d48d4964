import { envToConfig, envVariables, type ConfigSection } from '@tabular-ct/core';
import { type } from 'arktype';

type SectionConfig<S extends ConfigSection> = (typeof envToConfig)[S]['infer'];
export type LoadedConfig<S extends ConfigSection> = { [K in S]: SectionConfig<K> };

/** Thrown at start-up, before a function serves anything: the message names every variable to fix. */
export class ConfigError extends Error {
  constructor(readonly variables: string[], message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the sections a function needs from the environment, once, at start-up. Missing
 * required variables and unparsable values fail fast with one message naming all of them.
 */
export function loadConfig<S extends ConfigSection>(env: NodeJS.ProcessEnv, sections: readonly S[]): LoadedConfig<S> {
  const missing: string[] = [];
  const invalid: string[] = [];
  const out: Partial<Record<ConfigSection, unknown>> = {};
  for (const section of sections) {
    const values: Record<string, string> = {};
    for (const [name, spec] of Object.entries(envVariables[section])) {
      const value = env[name] ?? ('default' in spec ? spec.default : undefined);
      if (value === undefined) missing.push(name);
      else values[name] = value;
    }
    const parsed = envToConfig[section](values);
    if (parsed instanceof type.errors) {
      for (const e of parsed) {
        const name = String(e.path[0] ?? section);
        if (!missing.includes(name)) invalid.push(`${name} (${e.message})`);
      }
    } else {
      out[section] = parsed;
    }
  }
  if (missing.length > 0 || invalid.length > 0) {
    const parts = [
      missing.length > 0 ? `missing environment variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` : '',
      invalid.length > 0 ? `invalid ${invalid.join(', ')}` : '',
    ].filter(Boolean);
    throw new ConfigError([...missing, ...invalid.map((i) => i.split(' ')[0] ?? i)], `Configuration: ${parts.join('; ')}`);
  }
  return out as LoadedConfig<S>;
}
