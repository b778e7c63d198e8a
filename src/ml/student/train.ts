import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { SiftError, throwIfAborted } from '../../core/errors';
import { mulberry32, shuffleInPlace } from '../../core/random';
import { featureWidth, gatherRows, type FeatureMatrix, type SparseFeatures } from '../../core/student/features';
import type { TrainingTargets } from '../../core/student/targets';
import { shiftImages } from '../../core/student/augment';
import { buildModel, kernelsOf, type StudentArch } from './model';
import { sparseBatch, sparseLogits, usesSparsePath } from './sparse-forward';
import { SparseEngine } from '../../core/student/sparse-engine';
import { engineWeightsOf, setEngineWeights } from './sparse-engine-model';

/**
 * The training loop shared by the worker and the Node CLI. The loss is the one of `TrainingTargets`:
 * Σ w·[α·T²·KL(q_T ‖ softmax(z/T)) + (1−α)·CE(hard, softmax(z))] / Σ w, plus L2 on kernels. A seeded
 * shuffle per epoch and seeded initialisation make a run repeatable on the same backend. Early stopping
 * watches the dev set (the caller's metric, else accuracy; then NLL) and restores the best epoch's weights.
 */
export interface TrainConfig {
  arch: StudentArch;
  hidden: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Stop after this many epochs without a better dev score. */
  patience: number;
  /** Image inputs only: shift each training image by up to this many pixels per epoch (0 = off). */
  shift?: number;
  name?: string;
  /**
   * Sparse (text) inputs on WASM/CPU: 'js' (default) trains in typed-array code (src/core/student/sparse-engine.ts);
   * 'tfjs' takes the TF.js ops path this replaced, kept so the benchmark can time both in one run and
   * tests can check they agree.
   */
  engine?: 'js' | 'tfjs';
  /**
   * The JS engine's Adam on the first layer: every row each step ('dense', as TF.js) or only the rows
   * of features in the batch ('lazy', the MLP's default: ~3× faster on 16k dims, and not worse on
   * dev in bench/results/train-batch.json).
   */
  firstLayer?: 'dense' | 'lazy';
}

export const DEFAULT_TRAIN: Readonly<TrainConfig> = Object.freeze({ arch: 'linear', hidden: 64, epochs: 30, batchSize: 32, learningRate: 0.01, l2: 1e-5, seed: 0, patience: 5 });

/** Dev items with gold labels: early stopping, never fitting. */
export interface DevSet {
  rows: Uint32Array;
  labels: Int16Array;
  /**
   * The dataset's metric on dev for the epoch's dev probabilities (higher is better). Without it,
   * early stopping watches accuracy; either way dev NLL breaks ties.
   */
  score?: (probs: Float32Array) => number;
  /**
   * Scores within this of the best seen count as equal, and then the lower dev NLL wins: on a small
   * dev set a difference of less than one item is noise, and the better-fitted epoch is the safer one.
   * Default 0.
   */
  tolerance?: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  devAccuracy: number | null;
  devNll: number | null;
  /** The dev score early stopping watched, when a metric was given. */
  devMetric?: number;
  ms: number;
}

export interface TrainedStudent {
  model: tfl.LayersModel;
  history: EpochReport[];
  /** 1-based epoch whose weights were kept. */
  bestEpoch: number;
  stoppedEarly: boolean;
  backend: string;
}

export interface TrainHooks {
  signal?: AbortSignal;
  onEpoch?: (report: EpochReport, total: number) => void;
}

/**
 * An epoch that only lowers dev NLL (the metric no better) keeps training going if it lowers it by at
 * least this much per item; a convex linear student otherwise creeps down by 1e-4 an epoch until the
 * epoch limit, long after anything a label would show. Such an epoch's weights are still kept if best.
 */
const MIN_NLL_GAIN = 1e-3;

function checkConfig(config: TrainConfig): void {
  const bad = (field: string, expected: string, value: number) => new SiftError('student/config', `${field} must be ${expected}; got ${value}.`, { field });
  if (!Number.isInteger(config.epochs) || config.epochs < 1 || config.epochs > 10_000) throw bad('Epochs', 'a whole number from 1 to 10,000', config.epochs);
  if (!Number.isInteger(config.batchSize) || config.batchSize < 1) throw bad('Batch size', 'a whole number ≥ 1', config.batchSize);
  if (!(config.learningRate > 0) || !Number.isFinite(config.learningRate)) throw bad('The learning rate', 'a number above 0', config.learningRate);
  if (!(config.l2 >= 0) || !Number.isFinite(config.l2)) throw bad('L2', 'a number ≥ 0', config.l2);
  if (!Number.isInteger(config.hidden) || config.hidden < 1) throw bad('The hidden width', 'a whole number ≥ 1', config.hidden);
  if (!Number.isInteger(config.patience) || config.patience < 1) throw bad('Patience', 'a whole number ≥ 1', config.patience);
  const shift = config.shift ?? 0;
  if (!Number.isInteger(shift) || shift < 0 || shift > 8) throw bad('The image shift', 'a whole number of pixels from 0 to 8', shift);
}

/** Logits of model for a batch (the first of its two outputs). */
function logitsOf(model: tfl.LayersModel, x: tf.Tensor, training: boolean): tf.Tensor2D {
  const out = model.apply(x, { training }) as tf.Tensor[];
  return out[0] as tf.Tensor2D;
}

export async function trainStudent(features: FeatureMatrix, targets: TrainingTargets, dev: DevSet | null, config: TrainConfig, hooks: TrainHooks = {}): Promise<TrainedStudent> {
  checkConfig(config);
  const { k, rows, soft, hard, weight, temperature: T, alpha } = targets;
  const width = featureWidth(features);
  const model = buildModel({ arch: config.arch, inputShape: features.shape, k, hidden: config.hidden, seed: config.seed, name: config.name ?? 'sift_student' });
  const optimizer = tf.train.adam(config.learningRate);
  const variables = model.trainableWeights.map((w) => (w as unknown as { val: tf.Variable }).val);
  const kernels = kernelsOf(model).map((w) => (w as unknown as { val: tf.Variable }).val);
  const random = mulberry32(config.seed ^ 0x5eed);
  const order = Uint32Array.from({ length: rows.length }, (_, i) => i);
  const batchRows = new Uint32Array(config.batchSize);
  const xBuffer = new Float32Array(config.batchSize * width);
  const shift = features.shape.length === 3 ? (config.shift ?? 0) : 0;
  const shiftRandom = mulberry32(config.seed ^ 0x5ab1f7);
  const shiftScratch = new Float32Array(width);
  const sparse = usesSparsePath(features, model);
  const engine = sparse && config.engine !== 'tfjs'
    ? new SparseEngine(features as SparseFeatures, engineWeightsOf(model), { k, temperature: T, alpha, learningRate: config.learningRate, l2: config.l2, maxBatch: Math.max(config.batchSize, 256), firstLayer: config.firstLayer ?? (config.arch === 'mlp' ? 'lazy' : 'dense') })
    : null;
  // Batch targets, reused: the JS engine reads them straight from these buffers.
  const qAll = new Float32Array(config.batchSize * k);
  const hAll = new Float32Array(config.batchSize * k);
  const wAll = new Float32Array(config.batchSize);
  const history: EpochReport[] = [];
  let best: { score: [number, number]; epoch: number; weights: tf.Tensor[] | Float32Array[] } | null = null;
  let topScore = -Infinity;
  const tolerance = dev?.tolerance ?? 0;
  let stale = 0;
  let stoppedEarly = false;
  let lastYield = performance.now();
  try {
    for (let epoch = 1; epoch <= config.epochs; epoch++) {
      const started = performance.now();
      shuffleInPlace(order, random);
      let lossSum = 0;
      let weightSum = 0;
      for (let start = 0; start < rows.length; start += config.batchSize) {
        throwIfAborted(hooks.signal);
        const size = Math.min(config.batchSize, rows.length - start);
        for (let r = 0; r < size; r++) batchRows[r] = rows[order[start + r]];
        const sb = sparse && !engine ? sparseBatch(features as SparseFeatures, batchRows, 0, size) : null;
        if (!sparse) gatherRows(features, batchRows, 0, size, xBuffer);
        if (shift > 0) shiftImages(xBuffer, size, features.shape, shift, shiftRandom, 0, shiftScratch);
        const qb = qAll.subarray(0, size * k);
        const hb = hAll.subarray(0, size * k).fill(0);
        const wb = wAll.subarray(0, size);
        let batchWeight = 0;
        for (let r = 0; r < size; r++) {
          const t = order[start + r];
          qb.set(soft.subarray(t * k, (t + 1) * k), r * k);
          hb[r * k + hard[t]] = 1;
          wb[r] = weight[t];
          batchWeight += weight[t];
        }
        if (batchWeight <= 0) continue;
        const lossValue = engine ? engine.step({ rows: batchRows, size, soft: qb, hard: hb, weight: wb, batchWeight }) : tf.tidy(() => {
          const x = sb ? null : tf.tensor(xBuffer.subarray(0, size * width), [size, ...features.shape]);
          const q = tf.tensor2d(qb, [size, k]);
          const h = tf.tensor2d(hb, [size, k]);
          const w = tf.tensor1d(wb);
          const cost = optimizer.minimize(
            () => {
              const z = sb ? sparseLogits(model, sb) : logitsOf(model, x!, true);
              let perItem = tf.zeros([size]) as tf.Tensor1D;
              if (alpha > 0) {
                const logSoftT = tf.logSoftmax(tf.div(z, T));
                const logQ = tf.log(tf.maximum(q, 1e-12));
                const kl = tf.sum(tf.mul(q, tf.sub(logQ, logSoftT)), 1);
                perItem = tf.add(perItem, tf.mul(kl, alpha * T * T));
              }
              if (alpha < 1) {
                const ce = tf.neg(tf.sum(tf.mul(h, tf.logSoftmax(z)), 1));
                perItem = tf.add(perItem, tf.mul(ce, 1 - alpha));
              }
              let loss = tf.div(tf.sum(tf.mul(perItem, w)), batchWeight) as tf.Scalar;
              if (config.l2 > 0) for (const kernel of kernels) loss = tf.add(loss, tf.mul(tf.sum(tf.square(kernel)), config.l2));
              return loss;
            },
            true,
            variables,
          );
          return cost!.dataSync()[0];
        });
        if (!Number.isFinite(lossValue)) {
          throw new SiftError('student/nan-loss', `Training diverged in epoch ${epoch} (items ${start + 1}–${start + size}): the loss became ${lossValue}. Lower the learning rate (now ${config.learningRate}) or the temperature (now ${T}), or check the inputs for huge values.`, { epoch });
        }
        lossSum += lossValue * batchWeight;
        weightSum += batchWeight;
        // Let the worker take an abort message between batches (every ~50 ms: a yield costs a few ms).
        if (performance.now() - lastYield > 50) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          lastYield = performance.now();
        }
      }
      const report: EpochReport = { epoch, loss: weightSum > 0 ? lossSum / weightSum : NaN, devAccuracy: null, devNll: null, ms: 0 };
      if (dev && dev.rows.length > 0) {
        const probs = engine ? engine.predict(dev.rows) : await predictProbs(model, features, dev.rows, 256, hooks.signal);
        const score = devScore(probs, dev.labels, k);
        report.devAccuracy = score.accuracy;
        report.devNll = score.nll;
        const watched = dev.score ? dev.score(probs) : score.accuracy;
        if (dev.score) report.devMetric = watched;
        const improves = watched > topScore;
        const nllGain = best ? best.score[1] - score.nll : Infinity;
        if (!best || watched > topScore + tolerance || (watched >= topScore - tolerance && score.nll < best.score[1])) {
          disposeAll(best?.weights);
          best = { score: [watched, score.nll], epoch, weights: engine ? engine.snapshot() : model.getWeights().map((t) => t.clone()) };
        }
        if (improves || (best.epoch === epoch && nllGain >= MIN_NLL_GAIN)) stale = 0;
        else stale++;
        topScore = Math.max(topScore, watched);
      }
      report.ms = performance.now() - started;
      history.push(report);
      hooks.onEpoch?.(report, config.epochs);
      if (stale >= config.patience && epoch < config.epochs) {
        stoppedEarly = true;
        break;
      }
    }
    const kept = best as { score: [number, number]; epoch: number; weights: tf.Tensor[] | Float32Array[] } | null;
    if (engine && kept) engine.restore(kept.weights as Float32Array[]);
    if (engine) setEngineWeights(model, engine.weights);
    else if (kept) {
      model.setWeights(kept.weights as tf.Tensor[]);
      disposeAll(kept.weights);
    }
    optimizer.dispose();
    return { model, history, bestEpoch: kept?.epoch ?? history.length, stoppedEarly, backend: tf.getBackend() };
  } catch (error) {
    disposeAll((best as { weights: tf.Tensor[] | Float32Array[] } | null)?.weights);
    optimizer.dispose();
    model.dispose();
    throw error;
  }
}

function disposeAll(weights: tf.Tensor[] | Float32Array[] | undefined): void {
  for (const w of weights ?? []) if (w instanceof tf.Tensor) w.dispose();
}

export function devScore(probs: Float32Array, labels: ArrayLike<number>, k: number): { accuracy: number; nll: number } {
  let right = 0;
  let nll = 0;
  let n = 0;
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (y < 0) continue;
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
    if (top === y) right++;
    nll -= Math.log(Math.max(1e-12, probs[i * k + y]));
    n++;
  }
  return { accuracy: n ? right / n : NaN, nll: n ? nll / n : NaN };
}

/** Probabilities (rows × k) of the items `rows` (all items when null), in batches. */
export async function predictProbs(model: tfl.LayersModel, features: FeatureMatrix, rows: ArrayLike<number> | null, batchSize = 512, signal?: AbortSignal, onBatch?: (done: number, total: number) => void): Promise<Float32Array> {
  const width = featureWidth(features);
  const count = rows ? rows.length : features.n;
  const indexOf = rows ? (r: number) => rows[r] : (r: number) => r;
  const k = (model.outputs[1].shape as number[])[1];
  const out = new Float32Array(count * k);
  const batchRows = new Uint32Array(batchSize);
  const sparse = usesSparsePath(features, model);
  const x = new Float32Array(sparse ? 0 : batchSize * width);
  for (let start = 0; start < count; start += batchSize) {
    throwIfAborted(signal);
    const size = Math.min(batchSize, count - start);
    for (let r = 0; r < size; r++) batchRows[r] = indexOf(start + r);
    const probs = tf.tidy(() => {
      if (sparse) return tf.softmax(sparseLogits(model, sparseBatch(features as SparseFeatures, batchRows, 0, size)));
      gatherRows(features, batchRows, 0, size, x);
      return (model.apply(tf.tensor(x.subarray(0, size * width), [size, ...features.shape]), { training: false }) as tf.Tensor[])[1];
    });
    out.set((await probs.data()) as Float32Array, start * k);
    probs.dispose();
    onBatch?.(start + size, count);
  }
  return out;
}
