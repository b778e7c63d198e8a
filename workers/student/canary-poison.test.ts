import { tuneDecision } from '../../src/core/labelmodel/decision';
/**
 * The canary guard, end to end (issue 5): a dataset is fitted twice, once as it is and once with its
 * canary items poisoned (labels flipped, features replaced by noise, LF votes scrambled, teacher
 * probabilities inverted). Every fitting path (label model fit and auto-selection, LF analysis,
 * calibration, thresholds, distillation, pseudo-labeling, which run becomes the dataset's labels) must give identical outputs; the canary
 * scores, which are allowed to read canary items, must differ, which shows the poison is detectable.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyCalibrator, calibrationReport, fitCalibration, fitTemperature } from '../../src/core/calibration/index';
import { analyzeLfs } from '../../src/core/lf/analysis';
import { mulberry32 } from '../../src/core/random';
import type { DenseFeatures } from '../../src/core/student/features';
import { planRows } from '../../src/core/student/plan';
import { buildTargets } from '../../src/core/student/targets';
import { thresholdsForPrecision } from '../../src/core/student/thresholds';
import { Split } from '../../src/core/types';
import { compareLabelModels } from '../../src/core/weak/compare';
import { useNodeBackend } from '../../src/ml/student/node-backend';
import { pseudoLabel } from '../../src/ml/student/pseudo';
import { compareOnDev } from './app-search';
import { chooseDatasetLabels } from '../../src/core/student/dataset-labels';
import { foldClassWeights } from './fold-weights';
import { searchStudent } from '../../src/ml/student/search';
import { predictProbs, trainStudent, type TrainConfig } from '../../src/ml/student/train';

interface World {
  n: number;
  m: number;
  k: number;
  splits: Uint8Array;
  gold: Int16Array;
  votes: Int8Array;
  features: DenseFeatures;
  keys: string[];
}

const DIM = 6;

/** Items with a class signal in their features; LFs that are right 75 % of the time when they vote. */
function world(seed: number, n: number, k: number, m: number): World {
  const random = mulberry32(seed);
  const splits = new Uint8Array(n);
  const gold = new Int16Array(n).fill(-1);
  const votes = new Int8Array(n * m).fill(-1);
  const values = new Float32Array(n * DIM);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(random() * k);
    const r = random();
    splits[i] = r < 0.2 ? Split.canary : r < 0.45 ? Split.dev : Split.train;
    if (splits[i] !== Split.train || random() < 0.05) gold[i] = y;
    for (let d = 0; d < DIM; d++) values[i * DIM + d] = (d % k === y ? 1 : 0) + (random() - 0.5) * 1.6;
    for (let j = 0; j < m; j++) {
      if (random() < 0.5) continue;
      votes[i * m + j] = random() < 0.75 ? y : Math.floor(random() * k);
    }
  }
  return { n, m, k, splits, gold, votes, features: { kind: 'dense', n, shape: [DIM], values }, keys: Array.from({ length: n }, (_, i) => `item-${i}`) };
}

/** The same world with every canary item altered so that reading it would change any fit. */
function poison(w: World, seed: number): World {
  const random = mulberry32(seed ^ 0xbad);
  const gold = w.gold.slice();
  const votes = w.votes.slice();
  const values = w.features.values.slice();
  for (let i = 0; i < w.n; i++) {
    if (w.splits[i] !== Split.canary) continue;
    if (gold[i] >= 0) gold[i] = (gold[i] + 1) % w.k;
    for (let d = 0; d < DIM; d++) values[i * DIM + d] = (random() - 0.5) * 50;
    for (let j = 0; j < w.m; j++) votes[i * w.m + j] = random() < 0.2 ? -1 : Math.floor(random() * w.k);
  }
  return { ...w, gold, votes, features: { ...w.features, values } };
}

/** Teacher probabilities from the label model, inverted on canary rows when poisoned. */
function teacherOf(probs: Float32Array, w: World, poisoned: boolean): Float32Array {
  const out = probs.slice();
  if (!poisoned) return out;
  for (let i = 0; i < w.n; i++) if (w.splits[i] === Split.canary) for (let c = 0; c < w.k; c++) out[i * w.k + c] = probs[i * w.k + ((c + 1) % w.k)];
  return out;
}

const config: TrainConfig = { arch: 'mlp', hidden: 8, epochs: 4, batchSize: 16, learningRate: 0.02, l2: 1e-4, seed: 3, patience: 2 };

/** Runs every fitting path; returns what each fitted (parameters, weights, choices), never canary scores. */
async function fitEverything(w: World, poisoned: boolean, withStudents: boolean) {
  const { n, m, k, splits, gold, votes } = w;
  const lm = compareLabelModels({ votes, n, m, k, splits, gold, keys: w.keys, method: 'auto', seed: 0 });
  const notCanary = Array.from({ length: n }, (_, i) => i).filter((i) => splits[i] !== Split.canary);
  const lmOut = {
    chosen: lm.chosen,
    params: JSON.stringify({ ...lm.params, prior: Array.from(lm.params.prior), base: Array.from(lm.params.base), delta: Array.from(lm.params.delta), sourceAccuracy: Array.from(lm.params.sourceAccuracy) }),
    dev: lm.rows.map((r) => r.dev),
    fitted: notCanary.map((i) => Array.from(lm.prediction.probs.subarray(i * k, i * k + k))),
  };
  // The dataset's metric drives auto, the dev prior and the tuned thresholds / class weights.
  const byF1 = compareLabelModels({ votes, n, m, k, splits, gold, keys: w.keys, method: 'auto', seed: 0, priorFromDev: true, metric: { kind: 'f1', positive: 1 } });
  const byCost = compareLabelModels({ votes, n, m, k, splits, gold, keys: w.keys, method: 'auto', seed: 0, metric: { kind: 'cost', costs: { fp: new Array(k).fill(1), fn: Array.from({ length: k }, (_, c) => c + 1) } } });
  const metricOut = [byF1, byCost].map((r) => ({ chosen: r.chosen, selectedBy: r.selectedBy, decision: r.decision, dev: r.rows.map((row) => row.dev), baselineDev: r.baseline?.dev, labels: notCanary.map((i) => r.labels[i]) }));
  const lf = analyzeLfs({ votes, sourceCount: m, classCount: k, splits, gold });
  const teacher = teacherOf(lm.prediction.probs, w, poisoned);
  const matrix = { n, k, probs: teacher };
  const temperature = fitCalibration(matrix, gold, splits, 'temperature').calibrator;
  const histogram = fitCalibration(matrix, gold, splits, 'histogram').calibrator;
  const calibrated = applyCalibrator(matrix, temperature);
  const plan = planRows(gold, splits, { devSeeds: 'holdout', holdout: 0.3, seed: 1 });
  const thresholds = thresholdsForPrecision(calibrated, k, plan.devColumn, plan.devRows, splits, 0.8, 2);
  const out: Record<string, unknown> = { lmOut, metricOut, lf, temperature, histogram, plan, thresholds };
  if (withStudents) {
    const dev = { rows: plan.devRows, labels: plan.devLabels };
    const targets = buildTargets({ k, splits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, softRows: plan.poolRows, softProbs: calibrated, temperature: 2, alpha: 0.5, weighting: 'confidence' });
    const distilled = await trainStudent(w.features, targets, dev, config);
    out.distilled = { weights: distilled.model.getWeights().map((t) => Array.from(t.dataSync())), history: distilled.history.map(({ ms: _ms, ...rest }) => rest), poolPredictions: Array.from(await predictProbs(distilled.model, w.features, plan.poolRows)) };
    const distilledProbs = await predictProbs(distilled.model, w.features, null);
    distilled.model.dispose();
    const search = await searchStudent(w.features, targets, { ...dev, keys: Array.from(plan.devRows, (i) => w.keys[i]) }, config, { metric: { kind: 'macro_f1' }, space: { learningRate: [0.01, 0.05], l2: [1e-4] } });
    // The app's side too: class weights folded into the model, then the dev verdict against the label model.
    foldClassWeights(search.model, search.classWeights);
    const versus = compareOnDev(await predictProbs(search.model, w.features, null), teacher, plan.devRows, plan.devLabels, { kind: 'macro_f1' }, Array.from({ length: k }, (_, c) => `c${c}`));
    out.search = { trials: search.trials, best: search.best, config: search.config, decision: search.decision, devMetric: search.devMetric, classWeights: Array.from(search.classWeights), weights: search.model.getWeights().map((t) => Array.from(t.dataSync())), versus };
    // Which run becomes the dataset's labels: both students against the label model, by two metrics.
    const searchedProbs = await predictProbs(search.model, w.features, null);
    const candidate = (kind: 'label-model' | 'student', key: string, probs: Float32Array) => ({ kind, key, name: key, probs: async () => probs });
    out.datasetLabels = await Promise.all(
      [{ kind: 'macro_f1' } as const, { kind: 'f1', positive: 1 } as const].map((metric) =>
        chooseDatasetLabels({ labelModel: candidate('label-model', 'lm', teacher), students: [candidate('student', 'searched', searchedProbs), candidate('student', 'distilled', distilledProbs)], pin: null, devRows: plan.devRows, devLabels: plan.devLabels, metric, classNames: Array.from({ length: k }, (_, c) => `c${c}`) }),
      ),
    );
    search.model.dispose();
    const pseudo = await pseudoLabel(w.features, plan, splits, k, config, { rounds: 2, thresholds: { mode: 'precision', target: 0.8 }, calibration: 'temperature', alpha: 0.3, temperature: 1.5, weighting: 'margin', teacherProbs: teacher });
    out.pseudo = { weights: pseudo.model.getWeights().map((t) => Array.from(t.dataSync())), rounds: pseudo.rounds.map(({ history, ...rest }) => ({ ...rest, history: history.map(({ ms: _ms, ...h }) => h) })), bestRound: pseudo.bestRound };
    pseudo.model.dispose();
    // Thresholds chosen by the metric: every target is scored on dev only.
    const byMetric = await pseudoLabel(w.features, plan, splits, k, config, { rounds: 1, thresholds: { mode: 'metric', targets: [0.7, 0.9] }, calibration: 'temperature', alpha: 0, temperature: 1, weighting: 'none', devMetric: { score: (p) => tuneDecision(p, k, plan.devLabels, { kind: 'macro_f1' }).value, tolerance: 0 } });
    out.pseudoByMetric = { weights: byMetric.model.getWeights().map((t) => Array.from(t.dataSync())), rounds: byMetric.rounds.map(({ history: _h, ...rest }) => rest), bestRound: byMetric.bestRound };
    byMetric.model.dispose();
  }
  return { fitted: out, canaryScores: lm.rows.map((r) => r.canary) };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('poisoned canary items change no fitted output', () => {
  it('label model, LF analysis, calibration, thresholds (many worlds)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 3, max: 6 }), async (seed, k, m) => {
        const clean = world(seed, 240, k, m);
        const a = await fitEverything(clean, false, false);
        const b = await fitEverything(poison(clean, seed), true, false);
        expect(b.fitted).toEqual(a.fitted);
      }),
      { numRuns: 25 },
    );
  });

  it('distillation and pseudo-labeling too, with the students trained in TF.js', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1_000_000 }), async (seed) => {
        const clean = world(seed, 260, 3, 5);
        const a = await fitEverything(clean, false, true);
        const b = await fitEverything(poison(clean, seed), true, true);
        expect(b.fitted).toEqual(a.fitted);
        // The poison is visible to what may read canary items: the canary scores move.
        expect(b.canaryScores).not.toEqual(a.canaryScores);
      }),
      { numRuns: 4 },
    );
  }, 240_000);

  it('the poison is detectable: a fit that read canary labels would differ', () => {
    const clean = world(11, 240, 3, 5);
    const poisoned = poison(clean, 11);
    const probs = new Float32Array(clean.n * clean.k).fill(1 / clean.k);
    for (let i = 0; i < clean.n; i++) probs.set(Array.from({ length: clean.k }, (_, c) => (c === Math.max(0, clean.gold[i]) ? 0.8 : 0.2 / (clean.k - 1))), i * clean.k);
    const everything = Array.from({ length: clean.n }, (_, i) => i);
    const matrix = { n: clean.n, k: clean.k, probs };
    // Bypassing the guard (every index, canary included) is what the poison would expose.
    expect(fitTemperature(matrix, poisoned.gold, everything)).not.toBe(fitTemperature(matrix, clean.gold, everything));
    expect(calibrationReport(matrix, poisoned.gold, everything).accuracy).not.toBe(calibrationReport(matrix, clean.gold, everything).accuracy);
  });
});
