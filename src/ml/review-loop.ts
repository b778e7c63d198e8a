import { applyTemperature, fitTemperature } from '../core/calibration/index';
import { SiftError } from '../core/errors';
import { applyDecision, tuneDecision, type MethodName } from '../core/labelmodel/index';
import { classificationReport } from '../core/metrics/classification';
import { metricScore, metricValue, type SelectionMetric } from '../core/metrics/selection';
import { mulberry32, shuffleInPlace } from '../core/random';
import type { FeatureMatrix } from '../core/student/features';
import { planRows } from '../core/student/plan';
import { buildTargets } from '../core/student/targets';
import { Split } from '../core/types';
import { DEFAULT_LOOP_PICK, pickWithWeights, type LoopStrategy } from '../core/review/loop-pick';
import { REFIT_LOSS_BALANCE, REVIEWED_SHARE, reviewedSeedWeight } from '../core/review/reviewed-weight';
import { compareLabelModels } from '../core/weak/compare';
import { useNodeBackend } from './student/node-backend';
import { trainWithLossBalance, type LossBalance } from './student/loss-balance';
import { type TrainConfig } from './student/train';

/**
 * The review loop with a simulated reviewer, refitting what the app's Refit refits: label model
 * (compareLabelModels as the app's label-model run: prior from dev, the review answers counted where a
 * method learns from labels) → temperature calibration on dev → a student distilled from the
 * calibrated label model with the revealed labels as seeds weighted by reviewedSeedWeight (planRows +
 * buildTargets + trainStudent, as a refit's student run) → the next batch ranked on the student's
 * probabilities, which cover every item. An importance-weighted strategy's answers also carry their
 * weight 1/(N·q) into the student (seedWeights).
 * Dev (valid) makes every choice; test is only scored; neither is ever picked.
 */
export interface LoopSplit {
  n: number;
  m: number;
  votes: Int8Array;
  gold: ArrayLike<number>;
}

export interface LoopData {
  k: number;
  splits: { train: LoopSplit; valid: LoopSplit; test: LoopSplit };
  /** Student features for train, valid, test rows in that order. */
  features: FeatureMatrix;
}

export interface LoopOptions {
  /** 'auto' as the app's Refit: dev picks the method. */
  method: MethodName | 'auto';
  metric: SelectionMetric;
  budget: number;
  step: number;
  strategy: LoopStrategy;
  seed: number;
  /** Reviewed labels' share of the pool in the student (core/review/reviewed-weight); REVIEWED_SHARE when absent, 0 = weight 1. */
  reviewedShare?: number;
  /** The label model counts the review answers where it learns from labels (the app's Refit); default true. */
  poolLabels?: boolean;
  /** The student's settings; the app's Students form defaults when absent. */
  student?: Partial<TrainConfig>;
  /** The student's loss (core/student/balance); REFIT_LOSS_BALANCE, the app's Refit's, when absent. */
  balance?: LossBalance;
}

export interface Scores {
  dev: number;
  test: number;
}

/** The chosen model's test labels scored every usual way (the CLI's curve). */
export interface TestReport {
  accuracy: number;
  macro_f1: number;
  f1: number | null;
}

export interface LoopPoint {
  labels: number;
  labelModel: Scores;
  student: Scores;
  /** Which model labels the data after this refit: the student only when it beats the label model on dev. */
  chosen: 'student' | 'label_model';
  /** The chosen model's test metric. */
  test: number;
  testReport: TestReport;
}

/** The Students form's defaults for a text or table student (StudentForm.tsx). */
export const APP_STUDENT: Omit<TrainConfig, 'seed'> = { arch: 'linear', hidden: 64, epochs: 30, batchSize: 32, learningRate: 0.003, l2: 1e-5, patience: 5 };

export async function simulateLoop(data: LoopData, options: LoopOptions): Promise<{ curve: LoopPoint[]; picked: number[]; weights: Float32Array; studentProbs: Float32Array }> {
  const { k, splits, features } = data;
  const { train, valid, test } = splits;
  const { step, budget, metric, seed } = options;
  if (!(step > 0) || !(budget >= 0)) throw new SiftError('usage/simulate', `--step must be > 0 and --budget ≥ 0; got step ${step}, budget ${budget}.`);
  const n = train.n + valid.n + test.n;
  if (features.n !== n) throw new SiftError('review/features', `The features have ${features.n} rows; train, valid and test hold ${n} items.`);
  const arch = options.student?.arch ?? APP_STUDENT.arch;
  // BADGE's embedding here takes the features as the last layer's input, which holds for the linear student only.
  if ((options.strategy === 'default' ? DEFAULT_LOOP_PICK : options.strategy) === 'badge' && arch !== 'linear') throw new SiftError('review/badge-arch', `The badge strategy embeds gradients of a linear student's last layer; this loop's student is ${arch}.`);
  await useNodeBackend('wasm');
  const itemSplits = new Uint8Array(n).fill(Split.dev, train.n, train.n + valid.n).fill(Split.canary, train.n + valid.n);
  const labels = new Int16Array(n).fill(-1);
  for (let i = 0; i < valid.n; i++) labels[train.n + i] = valid.gold[i];
  const validGold = Int16Array.from(valid.gold);
  // Canary rows follow train and dev; a diagnosis may pass none (test scores are then NaN).
  const testStart = train.n + valid.n;
  const randomOrder = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), mulberry32(seed));
  const revealed: number[] = [];
  // Each answer's factor in the student: 1, or its importance weight for an importance-weighted strategy.
  const answerWeight = new Float32Array(n).fill(1);
  let studentProbs: Float32Array = new Float32Array(0);
  const curve: LoopPoint[] = [];

  const votes = new Int8Array(n * train.m);
  votes.set(train.votes);
  votes.set(valid.votes, train.n * train.m);
  votes.set(test.votes, valid.n * train.m + train.n * train.m);
  const keys = Array.from({ length: n }, (_, i) => String(i));
  const reviewedShare = options.reviewedShare ?? REVIEWED_SHARE;
  const poolLabels = options.poolLabels ?? true;

  /**
   * 1–2. Label model and its calibration, as the app's Refit fits them (compareLabelModels, 'auto',
   * prior from dev, the review answers as labels where a method learns from them). Dev items that
   * shaped a label-weighted vote are scored cross-fitted, so its dev score is not flattered.
   */
  const fitLabelModel = () => {
    const result = compareLabelModels({ votes, n, m: train.m, k, splits: itemSplits, gold: labels, keys, method: options.method, ties: 'random', priorFromDev: true, poolLabels, metric, seed });
    const probs = result.prediction.probs;
    // compareLabelModels judges the labelled dev rows in item order: valid's order here, all labelled.
    if (result.devJudged.rows.length !== valid.n) throw new SiftError('review/dev', `Every dev item needs a gold label; ${result.devJudged.rows.length} of ${valid.n} have one.`);
    const lmValid = result.devJudged.probs;
    const t = fitTemperature({ n: valid.n, k, probs: lmValid }, validGold, Uint32Array.from({ length: valid.n }, (_, i) => i));
    const cal = (p: Float32Array, rows: number) => applyTemperature({ n: rows, k, probs: p }, t);
    const scored = score(cal(lmValid, valid.n), cal(probs.slice(testStart * k), test.n), validGold, test.gold, k, metric, seed);
    const teacher = new Float32Array(n * k);
    teacher.set(cal(probs.slice(0, train.n * k), train.n));
    return { ...scored, teacher };
  };

  for (;;) {
    const { scores: labelModel, testLabels: lmLabels, teacher } = fitLabelModel();
    // 3. Student, as the app trains one: revealed labels are seeds weighted by the refit's rule, the rest of the pool distils the label model.
    const plan = planRows(labels, itemSplits, { devSeeds: 'none', seed });
    const seedWeight = reviewedSeedWeight(plan.seedRows.length, plan.poolRows.length, reviewedShare);
    const targets = buildTargets({ k, splits: itemSplits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeight, seedWeights: Float32Array.from(plan.seedRows, (i) => answerWeight[i]), softRows: plan.poolRows, softProbs: teacher, temperature: 1, alpha: 1, weighting: 'none' });
    const config: TrainConfig = { ...APP_STUDENT, ...options.student, seed };
    const trained = await trainWithLossBalance(features, targets, { rows: plan.devRows, labels: plan.devLabels }, config, options.balance ?? REFIT_LOSS_BALANCE, metric, { decisionSeed: seed });
    trained.model.dispose();
    const all = trained.probs;
    studentProbs = all;
    const { scores: student, testLabels: studentLabels } = score(all.slice(train.n * k, (train.n + valid.n) * k), all.slice(testStart * k), validGold, test.gold, k, metric, seed);
    const chosen = metricScore(metric, student.dev) > metricScore(metric, labelModel.dev) ? 'student' : 'label_model';
    const report = classificationReport(test.gold, chosen === 'student' ? studentLabels : lmLabels, k);
    const testReport = { accuracy: report.accuracy, macro_f1: report.macroF1, f1: report.binaryF1 ?? null };
    curve.push({ labels: revealed.length, labelModel, student, chosen, test: chosen === 'student' ? student.test : labelModel.test, testReport });
    if (revealed.length >= Math.min(budget, train.n)) break;
    // 4. The next batch.
    const want = Math.min(step, budget - revealed.length);
    const isRevealed = new Uint8Array(train.n);
    for (const i of revealed) isRevealed[i] = 1;
    const random = mulberry32(seed * 1_000_003 + revealed.length + 1);
    const { picks, weights } = pickWithWeights(options.strategy, { n: train.n, k, probs: all.subarray(0, train.n * k), isRevealed, randomOrder, revealedLabels: revealed.map((i) => train.gold[i]), votes: train.votes, m: train.m, random, features, seed }, want);
    if (picks.length === 0) break;
    picks.forEach((i, j) => {
      revealed.push(i);
      labels[i] = train.gold[i];
      if (weights) answerWeight[i] = weights[j];
    });
  }
  return { curve, picked: revealed, weights: Float32Array.from(revealed, (i) => answerWeight[i]), studentProbs };
}

/** The metric on dev (decision tuned there) and on test with dev's decision. */
function score(devProbs: Float32Array, testProbs: Float32Array, devGold: Int16Array, testGold: ArrayLike<number>, k: number, metric: SelectionMetric, seed: number): { scores: Scores; testLabels: Int16Array } {
  const tuned = tuneDecision(devProbs, k, devGold, metric, { seed });
  const testLabels = applyDecision(testProbs, k, tuned.decision, { seed });
  return { scores: { dev: tuned.value, test: metricValue(metric, testGold, testLabels, k) }, testLabels };
}
