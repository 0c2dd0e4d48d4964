import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { envVariables, type ConfigSection } from '@tabular-ct/core';
import { parseAllDocuments } from 'yaml';
import { deployableFunctions } from '../build-functions.ts';
import { repoRoot } from '../stack/paths.ts';
import { renderChart, valueFiles } from './manifests.ts';

/**
 * Variables a function's container may hold beyond those of its sections: read by the image's
 * command, not by loadConfig (docker/function.Dockerfile passes NODE_FLAGS to node).
 */
const imageVariables = new Set(['NODE_FLAGS']);

// The database section's URLs, by the field of the loaded configuration a function opens a pool on.
const databaseUrlOf = { rawUrl: 'RAW_DATABASE_URL', cleanUrl: 'CLEAN_DATABASE_URL' } as const;
const databaseUrls = new Set<string>(Object.values(databaseUrlOf));

/** What the code of one function says about its environment. */
export interface FunctionCode {
  /** The sections of its startFunction call, and http, which startFunction always loads. */
  sections: ConfigSection[];
  /** The database URLs it opens (RAW_DATABASE_URL, CLEAN_DATABASE_URL). */
  opens: string[];
}

/** An env entry of a rendered container. */
export interface EnvEntry {
  name: string;
  value?: string;
  valueFrom?: { configMapKeyRef?: { name: string; key: string }; secretKeyRef?: { name: string; key: string } };
}

/** Reads the sections and opened database URLs from a function's main.ts. */
export function functionCode(source: string, file = 'main.ts'): FunctionCode {
  const call = /startFunction\(\s*(?:'[^']*'|"[^"]*")\s*,\s*\[([^\]]*)\]/.exec(source);
  if (call?.[1] === undefined) throw new Error(`${file}: no startFunction(name, [...], build) call`);
  const sections = [...[...call[1].matchAll(/'([^']+)'|"([^"]+)"/g)].map((m) => (m[1] ?? m[2]) as string), 'http'];
  const unknown = sections.filter((s) => !(s in envVariables));
  if (unknown.length > 0) throw new Error(`${file}: unknown config sections ${unknown.join(', ')}`);
  const opens = Object.entries(databaseUrlOf)
    .filter(([field]) => new RegExp(`config\\.database\\.${field}\\b`).test(source))
    .map(([, variable]) => variable);
  return { sections: sections as ConfigSection[], opens };
}

/** The sections and database URLs of every deployable function (functions/<name>/src/main.ts). */
async function functionsCode(): Promise<Map<string, FunctionCode>> {
  const code = new Map<string, FunctionCode>();
  for (const name of deployableFunctions()) {
    const file = path.join(repoRoot, 'functions', name, 'src', 'main.ts');
    code.set(name, functionCode(await readFile(file, 'utf8'), path.relative(repoRoot, file)));
  }
  return code;
}

/** Where the rendered chart's own ConfigMap and Secret keys are, when it renders them. */
interface RenderedKeys {
  configMap: Set<string>;
  secret?: Set<string>;
}

/**
 * What is wrong with one function's rendered environment: a variable outside its sections, a
 * required variable missing, credentials for a database it never opens, a key that the
 * rendered ConfigMap or Secret lacks, or an envFrom (it would load keys wholesale).
 */
export function environmentProblems(fn: string, code: FunctionCode, container: { env?: EnvEntry[]; envFrom?: unknown[] }, keys: RenderedKeys): string[] {
  const problems: string[] = [];
  const allowed = new Map<string, string>();
  for (const section of code.sections) for (const variable of Object.keys(envVariables[section])) allowed.set(variable, section);
  if ((container.envFrom ?? []).length > 0) problems.push(`${fn}: envFrom loads every key of a ConfigMap or Secret; set each variable of its sections instead`);
  const env = container.env ?? [];
  const names = new Set(env.map((e) => e.name));
  for (const entry of env) {
    if (!allowed.has(entry.name) && !imageVariables.has(entry.name)) {
      problems.push(`${fn}: ${entry.name} is not a variable of its sections (${code.sections.join(', ')})`);
      continue;
    }
    const secret = entry.valueFrom?.secretKeyRef;
    const configMap = entry.valueFrom?.configMapKeyRef;
    if (databaseUrls.has(entry.name) && !code.opens.includes(entry.name)) {
      if (secret !== undefined || /@/.test(entry.value ?? '')) problems.push(`${fn}: ${entry.name} carries credentials, but the function never opens it`);
    }
    if (configMap !== undefined && !keys.configMap.has(configMap.key)) problems.push(`${fn}: ${entry.name} reads ConfigMap key ${configMap.key}, which the chart does not render`);
    if (secret !== undefined && keys.secret !== undefined && !keys.secret.has(secret.key)) problems.push(`${fn}: ${entry.name} reads Secret key ${secret.key}, which the chart's Secret lacks`);
  }
  for (const section of code.sections) {
    for (const [variable, spec] of Object.entries(envVariables[section])) {
      if (!('default' in spec) && !names.has(variable)) problems.push(`${fn}: ${variable} (${section}, required) is not set`);
    }
  }
  return problems;
}

interface Manifest {
  kind?: string;
  metadata?: { name?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  spec?: { template?: { spec?: { containers?: { env?: EnvEntry[]; envFrom?: unknown[] }[] } } };
}

/** Checks one rendering; returns its summary line, or the problems found. */
export function checkRendering(rendered: string, code: Map<string, FunctionCode>, expectAll: boolean): { summary: string; problems: string[] } {
  const manifests = parseAllDocuments(rendered).map((d) => d.toJS() as Manifest | null).filter((m): m is Manifest => m !== null);
  const configMap = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata?.name === 'tabular-ct-config');
  const secret = manifests.find((m) => m.kind === 'Secret' && m.metadata?.name === 'tabular-ct-secrets');
  const keys: RenderedKeys = { configMap: new Set(Object.keys(configMap?.data ?? {})), secret: secret && new Set(Object.keys(secret.stringData ?? secret.data ?? {})) };
  const problems: string[] = [];
  if (configMap === undefined) problems.push('no ConfigMap tabular-ct-config rendered');
  const allVariables = new Set(Object.values(envVariables).flatMap((s) => Object.keys(s)));
  for (const key of keys.configMap) if (!allVariables.has(key)) problems.push(`ConfigMap key ${key} is no variable of functions/core/src/config/env-variables.ts`);
  const functions = manifests.filter((m) => m.kind === 'Service' && m.metadata?.labels?.['app.kubernetes.io/component'] === 'function');
  let variables = 0;
  for (const service of functions) {
    const name = service.metadata?.name ?? '?';
    const fnCode = code.get(name);
    if (fnCode === undefined) {
      problems.push(`${name}: a Knative Service without functions/${name}/src/main.ts`);
      continue;
    }
    const containers = service.spec?.template?.spec?.containers ?? [];
    if (containers.length !== 1) problems.push(`${name}: ${containers.length} containers, expected 1`);
    for (const container of containers) {
      problems.push(...environmentProblems(name, fnCode, container, keys));
      variables += (container.env ?? []).length;
    }
  }
  const renderedNames = new Set(functions.map((f) => f.metadata?.name));
  if (expectAll) for (const name of code.keys()) if (!renderedNames.has(name)) problems.push(`${name}: functions/${name}/src/main.ts has no Knative Service`);
  return { summary: `${functions.length} functions, ${variables} variables, each of a section its main.ts loads${secret ? ', every Secret key rendered' : ''}`, problems };
}

/**
 * The deploy check "function environments": renders the chart with the test and the
 * production values and proves that every function's container holds only variables of
 * the sections its main.ts loads, every required one among them, and credentials only for
 * the databases it opens.
 */
export async function checkFunctionEnvironments(): Promise<string> {
  const code = await functionsCode();
  let out = '';
  const problems: string[] = [];
  for (const [name, files] of Object.entries(valueFiles)) {
    const result = checkRendering(await renderChart(files), code, name.startsWith('test'));
    out += `${name} values: ${result.summary}\n`;
    problems.push(...result.problems.map((p) => `${name} values: ${p}`));
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return out;
}
