import { useEffect, useState } from 'preact/hooks';
import type { ApiError, ApiResult } from '../lib/api.ts';

export type Load<T> = { state: 'loading' } | { state: 'error'; error: ApiError } | { state: 'ok'; value: T };

/** Calls `fetcher` when a key changes; `reload` calls it again. A stale answer is dropped. */
export function useLoad<T>(fetcher: () => Promise<ApiResult<T>>, keys: readonly unknown[]): [Load<T>, () => void] {
  const [load, setLoad] = useState<Load<T>>({ state: 'loading' });
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    void fetcher().then((r) => {
      if (current) setLoad(r.ok ? { state: 'ok', value: r.value } : { state: 'error', error: r.error });
    });
    return () => {
      current = false;
    };
    // The keys say when to fetch again; the fetcher itself is a new closure on every render.
  }, [...keys, round]);
  return [load, () => setRound((n) => n + 1)];
}
