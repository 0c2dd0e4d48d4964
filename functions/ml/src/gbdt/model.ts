import type { FeatureSpec } from '../dataset.ts';
import type { TreeTable } from './tree-table.ts';

/** A feature as the model sees it: categorical features carry their category codes. */
export interface ModelFeature extends FeatureSpec {
  /** Categorical only: code i is categories[i]; other strings and missing have no code. */
  readonly categories?: readonly string[];
}

export type Objective = 'regression' | 'huber' | 'binary';

/** Transform applied to the target before training; predictions invert it. */
export type TargetTransform = 'none' | 'log1p';

/** A trained gradient-boosted tree ensemble, independent of the training structures. */
export interface GbdtModel {
  readonly features: readonly ModelFeature[];
  readonly objective: Objective;
  readonly targetTransform: TargetTransform;
  /** Raw score every row starts from (the loss's best constant). */
  readonly initScore: number;
  readonly trees: TreeTable;
}
