/** A differentiable training loss on raw scores. */
export interface Loss {
  /** The best constant raw score for labels y. */
  initScore(y: Float64Array): number;
  /** First and second derivatives of the loss at each row's score. */
  gradients(y: Float64Array, score: Float64Array, grad: Float64Array, hess: Float64Array): void;
  /** Metric of raw scores against labels, lower is better: what early stopping watches. */
  evaluate(y: Float64Array, score: Float64Array): number;
  /** Set when every row's hessian is this constant: histograms then skip the hessian. */
  readonly constantHessian?: number;
  /**
   * Set when the gradient is score - label: adding v to a row's score adds v to its
   * gradient, so a tree's root histogram follows from the previous tree's leaves (grow.ts).
   */
  readonly residual?: true;
}
