import type { ComponentChildren } from 'preact';
import type { ViewContext } from './context.ts';
import type { Load } from './use-load.ts';

/** Renders a load's waiting and failure states, and `children(value)` once it is there. */
export function Loaded<T>({ load, what, ctx, retry, children }: { load: Load<T>; what: string; ctx: ViewContext; retry: () => void; children: (value: T) => ComponentChildren }) {
  if (load.state === 'loading') return <p aria-busy="true">{ctx.t('loading')}</p>;
  if (load.state === 'error')
    return (
      <div class="error" role="alert">
        <p>{ctx.t('error.load', { what, message: load.error.message })}</p>
        <button type="button" onClick={retry}>
          {ctx.t('retry')}
        </button>
      </div>
    );
  return <>{children(load.value)}</>;
}
