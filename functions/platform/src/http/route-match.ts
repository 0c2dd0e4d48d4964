/** A route found for a request: its table key (the metrics label), and the values of its `:name` segments. */
interface RouteMatch<R> {
  key: string;
  route: R;
  params: Record<string, string>;
}

interface Pattern<R> {
  key: string;
  method: string;
  segments: readonly string[];
  route: R;
}

const segmentsOf = (path: string): string[] => path.split('/').slice(1);

/** Decodes one path segment; a malformed escape matches nothing rather than throwing. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Matches `METHOD /path` against a route table: exact keys first, then keys with `:name`
 * segments (`GET /v2/models/m/versions/:version`), each standing for one non-empty segment.
 * Only what a table declares matches: no prefixes, no wildcards.
 */
export function routeMatcher<R>(routes: Readonly<Record<string, R>>) {
  const exact = new Map<string, R>();
  const patterns: Pattern<R>[] = [];
  for (const [key, route] of Object.entries(routes)) {
    const [method = '', path = ''] = key.split(' ');
    if (path.includes('/:')) patterns.push({ key, method, segments: segmentsOf(path), route });
    else exact.set(key, route);
  }

  const matchPath = (pattern: Pattern<R>, segments: readonly string[]): Record<string, string> | undefined => {
    if (pattern.segments.length !== segments.length) return undefined;
    const params: Record<string, string> = {};
    for (const [i, expected] of pattern.segments.entries()) {
      const actual = segments[i]!;
      if (expected.startsWith(':')) {
        const value = actual === '' ? undefined : decodeSegment(actual);
        if (value === undefined) return undefined;
        params[expected.slice(1)] = value;
      } else if (expected !== actual) {
        return undefined;
      }
    }
    return params;
  };

  return {
    find(method: string, path: string): RouteMatch<R> | undefined {
      const key = `${method} ${path}`;
      const route = exact.get(key);
      if (route !== undefined) return { key, route, params: {} };
      const segments = segmentsOf(path);
      for (const pattern of patterns) {
        if (pattern.method !== method) continue;
        const params = matchPath(pattern, segments);
        if (params) return { key: pattern.key, route: pattern.route, params };
      }
      return undefined;
    },
    /** The methods some route accepts on this path (for a 405's `allowed` and a CORS preflight). */
    methods(path: string): string[] {
      const segments = segmentsOf(path);
      const plain = [...exact.keys()].filter((k) => k.endsWith(` ${path}`)).map((k) => k.split(' ')[0] ?? '');
      const patterned = patterns.filter((p) => matchPath(p, segments)).map((p) => p.method);
      return [...new Set([...plain, ...patterned])];
    },
  };
}
