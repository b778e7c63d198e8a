/**
 * Shapes of the label-model core. Bulk data stays in typed arrays so a million items cost a few
 * buffers, never a million objects, and so the same values can be transferred to a worker.
 */

/** Votes of m sources on n items, row-major (item i, source j at i*m + j); -1 = abstain. */
export interface VoteMatrix {
  n: number;
  m: number;
  /** Number of classes; votes lie in [-1, k). */
  k: number;
  votes: Int8Array;
}

/** Per-item output of every method. */
export interface Prediction {
  /** n×k, row-major; each row sums to 1. */
  probs: Float32Array;
  /** 1 where the item has at least one vote; uncovered items carry the model's class prior. */
  covered: Uint8Array;
}

/** Votes on items whose gold labels are known (−1 = unlabeled, skipped). */
export interface LabeledVotes {
  matrix: VoteMatrix;
  labels: ArrayLike<number>;
}

export type MethodName = 'mv' | 'wmv' | 'ds' | 'snorkel' | 'fs';
export const methodNames: readonly MethodName[] = ['mv', 'wmv', 'ds', 'snorkel', 'fs'];

/** What majority vote does with an item whose top classes tie. */
export type TiePolicy = 'abstain' | 'random';

/** How a source's abstentions enter the model. */
export type AbstainHandling = 'ignore' | 'model';

export interface FitOptions {
  /** Every random choice derives from it; same seed, same result. Default 0. */
  seed?: number;
  /**
   * Fixed class balance (length k, sums to 1), e.g. from dev labels (`classPriorFromLabels`). Without it
   * each method uses its own: uniform for mv, wmv, snorkel and fs; estimated by EM for ds.
   */
  classPrior?: ArrayLike<number>;
  /** mv: tie policy (default 'random'). */
  ties?: TiePolicy;
  /** ds and snorkel: whether abstaining says something about the class (defaults: ds 'model', snorkel 'ignore'). */
  abstain?: AbstainHandling;
  /** ds: Dirichlet pseudo-count added to every confusion-matrix cell (default 1, i.e. Laplace). */
  smoothing?: number;
  /**
   * Gold-labeled dev items (never canary). wmv estimates each source's accuracy on them when given;
   * the other methods do not look at them (use `classPrior` for the class balance).
   */
  dev?: LabeledVotes;
  /**
   * ds and snorkel: items of the fitted split whose class is known (review answers), passed here and
   * left out of the fitted votes. They count as observed labels in the source estimates (ds: clamped
   * posteriors in EM; snorkel: observed counts pooled with the fit's), never in the class balance.
   * The other methods ignore it.
   */
  clamped?: LabeledVotes;
  /** Iterative methods: upper bound on iterations / epochs. */
  maxIterations?: number;
  /** Iterative methods: stop when the relative objective change falls below this. */
  tolerance?: number;
  /** Called between iterations; `done` counts iterations. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/**
 * A fitted model as plain data: structured-clone friendly (it crosses the worker boundary and can be
 * stored with a run), and enough to predict any vote matrix with the same sources and classes.
 */
export interface LabelModelParams {
  method: MethodName;
  m: number;
  k: number;
  /** Class prior used for uncovered items (and, in the model, for every item). */
  prior: Float64Array;
  /**
   * mv: counts, ties decided by `ties`. Every other method is log-linear: score[c] = base[c] +
   * Σ over voting sources j of delta[(j*k + vote)*k + c]; 'softmax' normalises scores, 'ovr' (one-vs-rest)
   * turns each class's score into a sigmoid and normalises those.
   */
  kind: 'counts' | 'loglinear';
  link: 'softmax' | 'ovr';
  base: Float64Array;
  delta: Float32Array;
  ties: TiePolicy;
  /** Estimated P(vote is right | source votes), per source: for the UI and for tests. */
  sourceAccuracy: Float64Array;
  /** Iterations / epochs the fit ran, and whether it met its tolerance. */
  iterations: number;
  converged: boolean;
  /** True when dev gold labels shaped the parameters (wmv with dev): its dev score must be cross-fitted. */
  usesDevLabels: boolean;
  /** One line on how the parameters were estimated, shown with the results. */
  note: string;
}
