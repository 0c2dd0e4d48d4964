import type { Objective } from '../model.ts';
import { huberLoss } from './huber.ts';
import { logisticLoss } from './logistic.ts';
import type { Loss } from './loss.ts';
import { squaredLoss } from './squared.ts';

// The registry of losses: the one module that knows every concrete loss (they import only
// the Loss interface, so nothing here imports back up).
const LOSSES: Readonly<Record<Objective, Loss>> = { regression: squaredLoss, huber: huberLoss, binary: logisticLoss };

/** The loss of an objective. */
export function lossFor(objective: Objective): Loss {
  return LOSSES[objective];
}
