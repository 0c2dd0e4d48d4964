import type { BatchLayout } from '../plan/batch-layout.ts';
import type { SyntheticRows } from './synthetic-rows.ts';

/** What the resampling and the jitter depend on, and nothing else: the same key and file serve the same rows. */
export interface ScaleKey {
  /** DATASOURCE_SCALE_SEED. */
  seed: string;
  dataset: string;
}

/** A layout at course scale: its batches hold synthetic row ids (synthetic-rows.ts), which only its own writer writes. */
export interface ScaledLayout {
  layout: BatchLayout;
  writeRow: (id: number) => string;
  /** Which file row, and which copy of it, each synthetic id is. */
  rows: SyntheticRows;
  /** One line saying the rows are synthetic and how they were made: the answers' x-synthetic-data header. Plain ASCII. */
  label: string;
}
