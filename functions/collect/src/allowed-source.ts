/**
 * Whether collect may read `sourceUrl`: it has the scheme, host and port of one of the
 * allowed prefixes, and a path inside that prefix's path (segment by segment: an allowed
 * `http://api/v1` admits `http://api/v1` and `http://api/v1/x`, not `http://api/v10`).
 * User info (`http://a@b`) is never allowed: it makes an address read as another.
 */
export function isAllowedSource(sourceUrl: string, allowed: readonly string[]): boolean {
  if (!URL.canParse(sourceUrl)) return false;
  const url = new URL(sourceUrl);
  if (url.username !== '' || url.password !== '') return false;
  const segments = (path: string): string[] => path.split('/').filter((s) => s !== '');
  const path = segments(url.pathname);
  return allowed.some((prefix) => {
    if (!URL.canParse(prefix)) return false;
    const base = new URL(prefix);
    const basePath = segments(base.pathname);
    return base.origin === url.origin && basePath.every((s, i) => path[i] === s);
  });
}
