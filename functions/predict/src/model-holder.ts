import { AppError, type ErrorCode } from '@tabular-ct/core';
import type { Log, PredictorMetrics } from '@tabular-ct/platform';
import type { ServedModel } from './served-model.ts';

/** What one look at the alias did. */
export interface CheckOutcome {
  status: 'unchanged' | 'swapped' | 'failed' | 'no_alias';
  /** The version served after the check (undefined before the first load). */
  served?: string;
  /** The version the alias points at, when it could be resolved. */
  alias_version?: string;
  previous?: string;
  message?: string;
}

interface ModelHolderDeps {
  name: string;
  alias: string;
  pollSeconds: number;
  /** The version the alias points at, or undefined when it points nowhere. */
  resolve(): Promise<string | undefined>;
  load(version: string): Promise<ServedModel>;
  metrics: PredictorMetrics;
  log: Log;
}

/** Why the last look at the alias served nothing new: our error code and message. */
interface LoadFailure {
  code: ErrorCode;
  message: string;
}

/** The served version, swapped atomically when the alias moves. */
export interface ModelHolder {
  /** Looks at the alias at once and loads the version it names if that is new (or, with `retry`, failed before). */
  check(retry?: boolean): Promise<CheckOutcome>;
  /** Runs `fn` on the version served now; that version stays open until `fn` settles, even if a swap happens meanwhile. */
  use<T>(fn: (served: ServedModel) => Promise<T>): Promise<T>;
  ready(): boolean;
  current(): ServedModel | undefined;
  /** Why nothing is served yet, naming the last failure's cause (`/ready`'s 503 and every refused prediction say it). */
  notReadyMessage(): string;
  /** First load, then polling every pollSeconds; resolves once the first check has run. */
  start(): Promise<CheckOutcome>;
  stop(): Promise<void>;
}

interface Entry {
  served: ServedModel;
  inFlight: number;
  retired: boolean;
}

/**
 * Holds the served model. Requests take the entry current when they start, so a request
 * never mixes two versions; a swap replaces the entry in one assignment and releases the old
 * session once its last request has finished. A version that fails to load is remembered and
 * not retried on every poll (only when the alias moves again, or on an explicit reload), and
 * the version already served goes on answering: the failure shows in logs and metrics.
 */
export function createModelHolder(deps: ModelHolderDeps): ModelHolder {
  let entry: Entry | undefined;
  let failedVersion: string | undefined;
  let checking: Promise<CheckOutcome> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  // Cleared by a successful load: before the first one it is why the predictor is not ready.
  let lastFailure: LoadFailure | undefined;
  const log = (level: string, msg: string, extra: Record<string, unknown> = {}) => deps.log({ level, fn: 'predict', model_name: deps.name, msg, ...extra });

  const notReadyMessage = (): string => {
    const waiting = `no version of ${deps.name} is loaded yet (alias ${deps.alias})`;
    return lastFailure ? `${waiting}: ${lastFailure.code}: ${lastFailure.message}` : waiting;
  };

  /**
   * Remembers why a check served nothing new and logs it. Before the first load that is the
   * readiness line: it names the cause (MLflow unreachable, alias missing, artifact unreadable)
   * as /ready does; with a version served, the failure is logged beside it.
   */
  const failed = (level: string, failure: LoadFailure, extra: Record<string, unknown> = {}): string => {
    lastFailure = failure;
    const served = entry?.served.version;
    const message = `${failure.code}: ${failure.message}; still serving ${served ? `version ${served}` : 'nothing'}`;
    if (served) log(level, message, { cause: failure, ...extra });
    else log(level, `not ready: ${notReadyMessage()}`, { ready: false, cause: failure, ...extra });
    return message;
  };
  const causeOf = (error: unknown, context: string): LoadFailure => ({
    code: error instanceof AppError ? error.code : 'internal',
    message: `${context}: ${(error as Error).message}`,
  });

  const releaseIfIdle = (e: Entry): void => {
    if (!e.retired || e.inFlight > 0) return;
    e.served.model.release().catch((error: unknown) => log('warn', `releasing version ${e.served.version} failed: ${(error as Error).message}`));
  };

  const runCheck = async (retry: boolean): Promise<CheckOutcome> => {
    const served = entry?.served.version;
    let version: string | undefined;
    try {
      version = await deps.resolve();
    } catch (error) {
      const message = failed('warn', causeOf(error, `cannot resolve alias ${deps.alias}`));
      return { status: 'failed', served, message };
    }
    if (version === undefined) {
      const message = `MLflow has no version behind alias "${deps.alias}" of registered model "${deps.name}" (the alias or the model does not exist)`;
      // Before the first load only: once a version serves, a removed alias is not news on every poll.
      if (!served) failed('warn', { code: 'not_found', message });
      return { status: 'no_alias', served, message };
    }
    if (version === served) {
      failedVersion = undefined;
      return { status: 'unchanged', served, alias_version: version };
    }
    if (version === failedVersion && !retry) {
      return { status: 'failed', served, alias_version: version, message: `version ${version} failed to load before; still serving ${served ?? 'nothing'}` };
    }
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    let next: ServedModel;
    try {
      next = await deps.load(version);
    } catch (error) {
      failedVersion = version;
      deps.metrics.observeModelLoad(version, 'failed', seconds());
      const message = failed('error', causeOf(error, `version ${version} failed to load`), { model_version: version });
      return { status: 'failed', served, alias_version: version, message };
    }
    deps.metrics.observeModelLoad(version, 'ok', seconds());
    if (stopped) {
      await next.model.release();
      return { status: 'unchanged', served };
    }
    const previous = entry;
    entry = { served: next, inFlight: 0, retired: false };
    failedVersion = undefined;
    lastFailure = undefined;
    deps.metrics.setServedVersion(deps.name, version);
    if (!previous) deps.metrics.setColdStart(process.uptime());
    log('info', previous ? `now serving version ${version} (was ${previous.served.version})` : `serving version ${version}`, { model_version: version, load_seconds: seconds() });
    if (previous) {
      previous.retired = true;
      releaseIfIdle(previous);
    }
    return { status: 'swapped', served: version, alias_version: version, ...(previous ? { previous: previous.served.version } : {}) };
  };

  // One check at a time: a reload during a poll joins it rather than downloading the model twice.
  const check = (retry = false): Promise<CheckOutcome> =>
    (checking ??= runCheck(retry).finally(() => {
      checking = undefined;
    }));

  const poll = (): void => {
    // 0: the webhook alone tells of alias moves (and /reload, and a restart).
    if (stopped || deps.pollSeconds === 0) return;
    timer = setTimeout(() => {
      void check().finally(poll);
    }, deps.pollSeconds * 1000);
    // The server keeps the process alive; the poll alone must not.
    timer.unref();
  };

  return {
    check,
    async use(fn) {
      const e = entry;
      if (!e) throw new AppError('not_ready', notReadyMessage(), lastFailure ? { cause: lastFailure } : undefined);
      e.inFlight++;
      try {
        return await fn(e.served);
      } finally {
        e.inFlight--;
        releaseIfIdle(e);
      }
    },
    ready: () => entry !== undefined,
    current: () => entry?.served,
    notReadyMessage,
    async start() {
      const first = await check();
      poll();
      return first;
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await checking?.catch(() => undefined);
      if (entry) {
        entry.retired = true;
        releaseIfIdle(entry);
      }
    },
  };
}
