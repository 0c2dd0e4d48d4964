/**
 * How the main job and the end-to-end test run the simulated data API: as a cursor (every
 * call the next batch) or with a time window (the batch changes on the first call after the
 * window; calls inside it answer other samples of the batch), and how many calls a run makes.
 */
export type ApiMode = 'cursor' | 'window';
export const apiModes: readonly ApiMode[] = ['cursor', 'window'];

interface ApiModeSettings {
  mode: ApiMode;
  /** The simulator's window, in seconds (window mode). */
  windowSeconds: number;
  /** The share of a batch each answer samples (window mode). */
  sampleShare: number;
  /** Calls of the data API per DAG run, each answer a delivery. */
  deliveriesPerRun: number;
}

/**
 * The main job's settings for a mode. In window mode a short window stands in for the course
 * API's 300 s, so the demo takes minutes: a DAG run takes about half a minute, longer than
 * the window, so each run's first call moves to the next batch and its other calls sample the
 * same one. Half a batch per answer and three answers per run cover 1 - 0.5^3 = 87.5% of each
 * batch (the course's API answers about a tenth per call: see the DAG's doc for its settings).
 */
export function apiModeSettings(mode: ApiMode, overrides: Partial<Omit<ApiModeSettings, 'mode'>> = {}): ApiModeSettings {
  const defaults = mode === 'window' ? { windowSeconds: 5, sampleShare: 0.5, deliveriesPerRun: 3 } : { windowSeconds: 300, sampleShare: 0.1, deliveriesPerRun: 1 };
  return { mode, ...defaults, ...overrides };
}

/**
 * How much data the simulator serves: `documented`, the batches the shared file makes (realtor
 * 4,422 rows); `course`, SYNTHETIC batches at the course API's documented sizes, resampled
 * from the file with jitter (realtor 1,084,909 rows; functions/datasource/README.md).
 */
export type DataScale = 'documented' | 'course';
export const dataScales: readonly DataScale[] = ['documented', 'course'];

/** The simulator's variables for these settings; the scale is always named, so a test never inherits another from the shell. */
export const datasourceEnv = (s: ApiModeSettings, scale: DataScale = 'documented'): Record<string, string> => ({
  ...(s.mode === 'window'
    ? { DATASOURCE_API_MODE: 'window', DATASOURCE_WINDOW_SECONDS: String(s.windowSeconds), DATASOURCE_SAMPLE_SHARE: String(s.sampleShare) }
    : { DATASOURCE_API_MODE: 'cursor' }),
  DATASOURCE_SCALE: scale,
});

/** What the web UI says beside the dataset's name when the simulator serves its course-scale plan. */
export const COURSE_SCALE_NOTE = 'SYNTHETIC: course-scale rows resampled from the shared file';
