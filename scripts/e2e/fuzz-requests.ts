/** A route to fuzz: where it is, and a valid request for it (JSON, CSV rows or a query), made from `random`. */
export interface FuzzTarget {
  fn: string;
  base: string;
  method: string;
  path: string;
  valid: (random: () => number) => { json?: unknown; csv?: Array<Record<string, unknown>>; query?: Record<string, string> };
  /** Headers a valid request carries (a bearer token). */
  headers: Record<string, string>;
}

interface FuzzedRequest {
  label: string;
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const oneOf = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

// Text that breaks things: what PostgreSQL cannot store, what a parser or a path may choke on.
const JUNK_TEXT = ['', '\u0000', 'a\u0000b', '\ud800', 'x\udc00', '😀', 'Ω≈ç', ' ', '../../etc/passwd', '<script>alert(1)</script>', "'; DROP TABLE raw_rows; --", '%ff', 'x'.repeat(70_000), '1e999', 'NaN'];

export const junkText = (random: () => number): string => oneOf(random, JUNK_TEXT);

const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);

/** Any JSON value a field should never be: other types, extremes, the junk text, deep nesting. */
function junkValue(random: () => number): unknown {
  return oneOf(random, [() => null, () => true, () => -1, () => 1e308, () => 2 ** 53 + 2, () => [], () => ({}), () => nested(40), () => [junkText(random)], () => junkText(random)])();
}

const csvOf = (rows: Array<Record<string, unknown>>): string => {
  const header = Object.keys(rows[0] ?? {});
  const cell = (v: unknown): string => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replaceAll('"', '""')}"` : String(v));
  return [header.join(','), ...rows.map((r) => header.map((h) => cell(r[h])).join(','))].join('\n');
};

/** Drops, replaces or adds one field of an object (at the top, or of its first element). */
function mutateFields(value: unknown, random: () => number): { label: string; value: unknown } {
  const target = Array.isArray(value) ? value[0] : value;
  if (typeof target !== 'object' || target === null) return { label: 'junk body', value: junkValue(random) };
  const copy = { ...(target as Record<string, unknown>) };
  const keys = Object.keys(copy);
  const kind = oneOf(random, ['drop', 'replace', 'add'] as const);
  if (kind === 'drop' && keys.length > 0) delete copy[oneOf(random, keys)];
  else if (kind === 'replace' && keys.length > 0) copy[oneOf(random, keys)] = junkValue(random);
  else copy[junkText(random).slice(0, 50) || 'extra'] = junkValue(random);
  return { label: `field ${kind}`, value: Array.isArray(value) ? [copy, ...value.slice(1)] : copy };
}

/** One request to `target`: valid about a third of the time, otherwise broken one way. */
export function fuzzedRequest(target: FuzzTarget, random: () => number): FuzzedRequest {
  const valid = target.valid(random);
  let query = valid.query ? { ...valid.query } : undefined;
  let headers = { ...target.headers };
  let method = target.method;
  let path = target.path;
  let body: string | undefined;
  let label = `${target.fn} valid`;
  if (valid.json !== undefined) {
    body = JSON.stringify(valid.json);
    headers['content-type'] = 'application/json';
  } else if (valid.csv !== undefined) {
    body = csvOf(valid.csv);
    headers['content-type'] = 'text/csv';
  }

  const mutation = random() < 0.35 ? 'none' : oneOf(random, ['fields', 'fields', 'query', 'token', 'body', 'method', 'path', 'deep', 'csv'] as const);
  if (mutation !== 'none') label = `${target.fn} ${mutation}`;
  if (mutation === 'fields' && valid.json !== undefined) {
    const mutated = mutateFields(valid.json, random);
    body = JSON.stringify(mutated.value);
    label = `${target.fn} ${mutated.label}`;
  } else if (mutation === 'query' && query) {
    const keys = Object.keys(query);
    const key = keys.length > 0 && random() < 0.7 ? oneOf(random, keys) : junkText(random).slice(0, 30);
    query = { ...query, [key]: junkText(random) };
  } else if (mutation === 'token') {
    headers = random() < 0.5 ? { ...headers, authorization: 'Bearer not-the-token-but-long-enough-0123456789' } : Object.fromEntries(Object.entries(headers).filter(([h]) => h !== 'authorization'));
  } else if (mutation === 'body') {
    const kind = oneOf(random, ['truncated', 'not json', 'text/plain', 'no type', 'empty'] as const);
    if (kind === 'truncated') body = (body ?? '{"a": 1}').slice(0, Math.max(1, Math.floor((body?.length ?? 8) / 2)));
    else if (kind === 'not json') body = junkText(random) || 'nope';
    else if (kind === 'text/plain') headers['content-type'] = 'text/plain';
    else if (kind === 'no type') delete headers['content-type'];
    else body = '';
    body ??= '{}';
  } else if (mutation === 'method') {
    method = oneOf(random, ['PUT', 'DELETE', 'PATCH', target.method === 'GET' ? 'POST' : 'GET']);
    if (method === 'GET' || method === 'DELETE') body = undefined;
  } else if (mutation === 'path') {
    path = `${path}${oneOf(random, ['/x', '%ff', '/..', '/%2e%2e/metrics', '/;', '/' + 'p'.repeat(2000)])}`;
  } else if (mutation === 'deep' && body !== undefined) {
    body = `${'['.repeat(100)}${body}${']'.repeat(100)}`;
    headers['content-type'] = 'application/json';
  } else if (mutation === 'csv' && valid.csv !== undefined) {
    const rows = valid.csv.map((r) => ({ ...r }));
    const first = rows[0] ?? {};
    first[oneOf(random, Object.keys(first))] = junkText(random);
    body = csvOf(rows);
  }
  if (method === 'GET') body = undefined;
  const url = new URL(path.startsWith('/') ? `${target.base}${path}` : target.base);
  for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, v);
  return { label, url: url.toString(), method, headers, ...(body === undefined ? {} : { body }) };
}
