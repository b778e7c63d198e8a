import type * as tfl from '@tensorflow/tfjs-layers';
import { SiftError, throwIfAborted } from '../../core/errors';
import { tuneDecision, type Decision } from '../../core/labelmodel/decision';
import { metricScore, type SelectionMetric } from '../../core/metrics/selection';
import { balanceClasses, undoClassWeights } from '../../core/student/balance';
import type { FeatureMatrix } from '../../core/student/features';
import type { TrainingTargets } from '../../core/student/targets';
import { predictProbs, trainStudent, type EpochReport, type TrainConfig } from './train';

/**
 * A small, budgeted search over student settings, every trial scored on dev by the dataset's metric
 * (with the decision tuned on dev, as the student's labels will be made). Epochs are chosen by early
 * stopping on the same score. Dev only: the caller passes dev rows, never canary ones.
 */
export interface SearchSpace {
  learningRate: readonly number[];
  l2: readonly number[];
}

/** A spread around Adam's usual range; not chosen by looking at any benchmark's test scores. */
export const DEFAULT_SEARCH: SearchSpace = Object.freeze({ learningRate: [0.003, 0.01, 0.03], l2: [1e-5, 1e-4] });

export interface StudentDev {
  rows: Uint32Array;
  labels: Int16Array;
  keys?: ArrayLike<string>;
}

export interface SearchOptions {
  metric: SelectionMetric;
  space?: SearchSpace;
  /** At most this many trials (the grid is walked in order). Default: the whole grid. */
  budget?: number;
  /** Class-weighted loss (default true), undone on the outputs so probabilities keep the data's balance. */
  balance?: boolean;
  signal?: AbortSignal;
  onTrial?: (trial: SearchTrial, done: number, total: number) => void;
  /** Each epoch of each trial (trial counts from 0), for a live curve. */
  onEpoch?: (trial: number, report: EpochReport, total: number) => void;
}

export interface SearchTrial {
  learningRate: number;
  l2: number;
  bestEpoch: number;
  epochs: number;
  /** The metric on dev at the kept epoch (decision tuned on dev). */
  devMetric: number;
  devAccuracy: number | null;
  devNll: number | null;
}

export interface SearchResult {
  model: tfl.LayersModel;
  config: TrainConfig;
  trials: SearchTrial[];
  /** Index of the kept trial. */
  best: number;
  /** Per-class loss weights (all 1 when not balanced); `studentProbs` undoes them. */
  classWeights: Float64Array;
  /** The decision tuned on dev for the kept model. */
  decision: Decision;
  devMetric: number;
  /** The kept trial's epochs. */
  history: EpochReport[];
}

export async function searchStudent(features: FeatureMatrix, targets: TrainingTargets, dev: StudentDev, base: TrainConfig, options: SearchOptions): Promise<SearchResult> {
  if (dev.rows.length === 0) throw new SiftError('student/no-dev', 'The student settings are chosen on dev, and no dev item has a label: label dev items first.');
  const { k } = targets;
  const space = options.space ?? DEFAULT_SEARCH;
  const grid = space.learningRate.flatMap((learningRate) => space.l2.map((l2) => ({ learningRate, l2 })));
  const budget = Math.max(1, Math.min(grid.length, options.budget ?? grid.length));
  const balanced = options.balance === false ? { targets, classWeights: new Float64Array(k).fill(1) } : balanceClasses(targets);
  const judge = (raw: Float32Array) => tuneDecision(undoClassWeights(raw, k, balanced.classWeights), k, dev.labels, options.metric, { keys: dev.keys });
  const score = (raw: Float32Array) => metricScore(options.metric, judge(raw).value);
  let labelled = 0;
  for (const g of dev.labels) if (g >= 0) labelled++;
  // Differences smaller than one dev item's worth are noise: the lower dev NLL decides among them.
  const tolerance = labelled > 0 ? 1 / labelled : 0;
  const trials: SearchTrial[] = [];
  let kept: { model: tfl.LayersModel; index: number; score: number; nll: number; config: TrainConfig; history: EpochReport[] } | null = null;
  let topScore = -Infinity;
  try {
    for (let t = 0; t < budget; t++) {
      throwIfAborted(options.signal);
      const config: TrainConfig = { ...base, ...grid[t] };
      const trained = await trainStudent(features, balanced.targets, { rows: dev.rows, labels: dev.labels, score, tolerance }, config, {
        signal: options.signal,
        onEpoch: options.onEpoch ? (report, total) => options.onEpoch!(t, report, total) : undefined,
      });
      const epoch = trained.history[trained.bestEpoch - 1];
      const trialScore = epoch?.devMetric ?? -Infinity;
      const trial: SearchTrial = { ...grid[t], bestEpoch: trained.bestEpoch, epochs: trained.history.length, devMetric: metricScore(options.metric, trialScore), devAccuracy: epoch?.devAccuracy ?? null, devNll: epoch?.devNll ?? null };
      trials.push(trial);
      options.onTrial?.(trial, t + 1, budget);
      const nll = epoch?.devNll ?? Infinity;
      if (!kept || trialScore > topScore + tolerance || (trialScore >= topScore - tolerance && nll < kept.nll)) {
        kept?.model.dispose();
        kept = { model: trained.model, index: t, score: trialScore, nll, config, history: trained.history };
      } else trained.model.dispose();
      topScore = Math.max(topScore, trialScore);
    }
  } catch (error) {
    kept?.model.dispose();
    throw error;
  }
  const best = kept!;
  const devProbs = await studentProbs(best.model, features, dev.rows, balanced.classWeights);
  const tuned = tuneDecision(devProbs, k, dev.labels, options.metric, { keys: dev.keys });
  return { model: best.model, config: best.config, trials, best: best.index, classWeights: balanced.classWeights, decision: tuned.decision, devMetric: tuned.value, history: best.history };
}

/** The student's probabilities for `rows`, with the class weights of its loss undone. */
export async function studentProbs(model: tfl.LayersModel, features: FeatureMatrix, rows: ArrayLike<number> | null, classWeights: ArrayLike<number>, signal?: AbortSignal): Promise<Float32Array> {
  const k = classWeights.length;
  return undoClassWeights(await predictProbs(model, features, rows, 512, signal), k, classWeights);
}
