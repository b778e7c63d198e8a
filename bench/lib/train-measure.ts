/**
 * The measurements of `npm run bench -- train-epoch`, shared by Node and the browser worker so both time the
 * same code: student training (one epoch over hashed text features), prediction, and calibration fits.
 */
import { fitHistogram, fitTemperature } from '../../src/core/calibration/index';
import { mulberry32 } from '../../src/core/random';
import { hashTexts, type SparseFeatures } from '../../src/core/student/features';
import { buildTargets } from '../../src/core/student/targets';
import { predictProbs, trainStudent, type TrainConfig } from '../../src/ml/student/train';
import type { StudentArch } from '../../src/ml/student/model';

const HAM = 'love this song great video nice voice best music ever amazing lyrics beautiful dance watching again'.split(' ');
const SPAM = 'check out my channel subscribe please free gift click link visit website follow win money'.split(' ');
const COMMON = 'the a this my you and is it to of so'.split(' ');

/** n seeded comment-like texts (~60–120 characters) and their classes. */
export function syntheticTexts(n: number, seed: number): { texts: string[]; labels: Int16Array } {
  const random = mulberry32(seed);
  const texts = new Array<string>(n);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const y = random() < 0.5 ? 0 : 1;
    labels[i] = y;
    const words: string[] = [];
    const length = 10 + Math.floor(random() * 12);
    for (let w = 0; w < length; w++) {
      const r = random();
      const pool = r < 0.35 ? COMMON : r < 0.8 ? (y ? SPAM : HAM) : y ? HAM : SPAM;
      words.push(pool[Math.floor(random() * pool.length)]);
    }
    texts[i] = words.join(' ') + (random() < 0.3 ? ` ${Math.floor(random() * 1000)}` : '');
  }
  return { texts, labels };
}

export interface TrainMeasurement {
  model: StudentArch;
  batch: number;
  /** Items the timed epoch ran over (the full set, or a prefix when a full epoch would take too long). */
  measured_items: number;
  epoch_s: number;
  extrapolated: boolean;
  train_items_per_s: number;
  predict_items_per_s: number;
  predict_measured_items: number;
}

export function textFeatures(n: number, dim: number, seed = 1): { features: SparseFeatures; labels: Int16Array; featurizeMs: number } {
  const { texts, labels } = syntheticTexts(n, seed);
  const started = performance.now();
  const features = hashTexts(texts, { dim });
  return { features, labels, featurizeMs: performance.now() - started };
}

/** One epoch of `arch` on up to `budgetMs` worth of the items (a 2k-item warm-up epoch sizes it), then prediction. */
export async function measureTraining(features: SparseFeatures, labels: Int16Array, arch: StudentArch, budgetMs: number, batch = 32): Promise<TrainMeasurement> {
  const n = features.n;
  const config: TrainConfig = { arch, hidden: 64, epochs: 1, batchSize: batch, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 1 };
  const splits = new Uint8Array(n);
  const epochOver = async (count: number) => {
    const rows = Uint32Array.from({ length: count }, (_, i) => i);
    const targets = buildTargets({ k: 2, splits, purpose: 'training', seedRows: rows, seedLabels: labels.subarray(0, count) });
    const started = performance.now();
    const trained = await trainStudent(features, targets, null, config);
    const ms = performance.now() - started;
    return { ms, model: trained.model };
  };
  const warm = await epochOver(Math.min(n, 2048));
  warm.model.dispose();
  const perItem = warm.ms / Math.min(n, 2048);
  const count = Math.min(n, Math.max(2048, Math.floor(budgetMs / perItem)));
  const timed = await epochOver(count);
  const trainRate = count / (timed.ms / 1000);
  // Prediction: batches of 512, as the app predicts every item after training.
  const predictCount = Math.min(n, Math.max(4096, Math.floor((budgetMs / perItem) * 4)));
  const rows = Uint32Array.from({ length: predictCount }, (_, i) => i);
  await predictProbs(timed.model, features, rows.subarray(0, 1024));
  const started = performance.now();
  await predictProbs(timed.model, features, rows);
  const predictMs = performance.now() - started;
  timed.model.dispose();
  return {
    model: arch,
    batch,
    measured_items: count,
    epoch_s: n / trainRate,
    extrapolated: count < n,
    train_items_per_s: trainRate,
    predict_items_per_s: predictCount / (predictMs / 1000),
    predict_measured_items: predictCount,
  };
}

/** Fit times of temperature scaling and histogram binning on n probability vectors of k classes. */
export function measureCalibration(n: number, k: number, seed = 2): { n: number; k: number; temperature_ms: number; temperature: number; histogram_ms: number } {
  const random = mulberry32(seed);
  const probs = new Float32Array(n * k);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(random() * k);
    labels[i] = y;
    // An overconfident model: right 70 % of the time, always ~95 % sure of its top class.
    const top = random() < 0.7 ? y : Math.floor(random() * k);
    for (let c = 0; c < k; c++) probs[i * k + c] = c === top ? 0.95 : 0.05 / (k - 1);
  }
  const indices = Uint32Array.from({ length: n }, (_, i) => i);
  const matrix = { n, k, probs };
  let started = performance.now();
  const temperature = fitTemperature(matrix, labels, indices);
  const temperatureMs = performance.now() - started;
  started = performance.now();
  fitHistogram(matrix, labels, indices);
  const histogramMs = performance.now() - started;
  return { n, k, temperature_ms: temperatureMs, temperature, histogram_ms: histogramMs };
}
