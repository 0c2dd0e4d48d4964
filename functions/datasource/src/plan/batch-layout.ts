/** What a plan makes of a dataset file: the rows of every batch and subset, as row indices. */
export interface BatchLayout {
  /** Rows of each batch, by batch number, in the order they are sent. */
  batches: Uint32Array[];
  /** Subsets served whole, apart from the batches (validation and test of diabetes). */
  subsets: { validation?: Uint32Array; test?: Uint32Array };
  /** What each batch holds, by batch number: for logs and people. */
  labels: string[];
  /** Facts the plan decided from the data (the state chosen, rows dropped), for the start-up log. */
  notes: string[];
}
