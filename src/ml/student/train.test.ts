import { tuneDecision } from '../../core/labelmodel/decision';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/random';
import { denseRows, hashTexts, type DenseFeatures } from '../../core/student/features';
import { planRows } from '../../core/student/plan';
import { buildTargets } from '../../core/student/targets';
import { Split } from '../../core/types';
import { chooseBackend } from './backend';
import { useNodeBackend } from './node-backend';
import { pseudoLabel } from './pseudo';
import { devScore, predictProbs, trainStudent, type TrainConfig } from './train';

/** Two noisy Gaussian blobs per class in 8 dimensions: learnable, not trivially. */
function blobs(n: number, k: number, seed: number, noise = 0.8): { features: DenseFeatures; labels: Int16Array } {
  const random = mulberry32(seed);
  const dim = 8;
  const values = new Float32Array(n * dim);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const label = Math.floor(random() * k);
    labels[i] = label;
    for (let j = 0; j < dim; j++) values[i * dim + j] = (j % k === label ? 1 : 0) + noise * (random() - 0.5) * 2;
  }
  return { features: { kind: 'dense', n, shape: [dim], values }, labels };
}

const config: TrainConfig = { arch: 'mlp', hidden: 16, epochs: 6, batchSize: 16, learningRate: 0.01, l2: 1e-4, seed: 5, patience: 3 };
const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('trainStudent', () => {
  const { features, labels } = blobs(300, 3, 1);
  const splits = new Uint8Array(300).fill(Split.train, 0, 200).fill(Split.dev, 200);
  const targets = buildTargets({ k: 3, splits, purpose: 'training', seedRows: range(0, 200), seedLabels: labels.subarray(0, 200) });
  const dev = { rows: range(200, 300), labels: labels.slice(200) };

  it('learns, reports every epoch, and is deterministic given the seed', async () => {
    const epochs: number[] = [];
    const a = await trainStudent(features, targets, dev, config, { onEpoch: (report) => epochs.push(report.epoch) });
    const b = await trainStudent(features, targets, dev, config);
    expect(epochs).toEqual(a.history.map((h) => h.epoch));
    const pa = await predictProbs(a.model, features, dev.rows);
    const pb = await predictProbs(b.model, features, dev.rows);
    expect(Array.from(pa)).toEqual(Array.from(pb));
    expect(devScore(pa, dev.labels, 3).accuracy).toBeGreaterThan(0.8);
    expect(a.history[0].loss).toBeGreaterThan(a.history.at(-1)!.loss);
    const c = await trainStudent(features, targets, dev, { ...config, seed: 6 });
    expect(Array.from(await predictProbs(c.model, features, dev.rows))).not.toEqual(Array.from(pa));
    [a, b, c].forEach((t) => t.model.dispose());
  });

  it('keeps the best dev epoch and stops after `patience` epochs without a better one', async () => {
    const trained = await trainStudent(features, targets, dev, { ...config, epochs: 60, learningRate: 0.05, patience: 2 });
    const scores = trained.history.map((h) => h.devAccuracy!);
    const best = trained.history[trained.bestEpoch - 1];
    expect(best.devAccuracy).toBe(Math.max(...scores));
    if (trained.stoppedEarly) expect(trained.history.length).toBe(trained.bestEpoch + 2);
    const kept = devScore(await predictProbs(trained.model, features, dev.rows), dev.labels, 3);
    expect(kept.accuracy).toBe(best.devAccuracy);
    trained.model.dispose();
  });

  it('stops with a specific error on NaN losses and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const huge: DenseFeatures = { ...features, values: features.values.map((v) => v * 1e38) };
    await expect(trainStudent(huge, targets, dev, { ...config, learningRate: 10 })).rejects.toMatchObject({ code: 'student/nan-loss' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('cancels between batches and leaks no tensors', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const run = trainStudent(features, targets, dev, { ...config, epochs: 50 }, { signal: controller.signal, onEpoch: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects bad settings by name', async () => {
    await expect(trainStudent(features, targets, dev, { ...config, learningRate: 0 })).rejects.toThrow(/learning rate must be a number above 0/);
    await expect(trainStudent(features, targets, dev, { ...config, arch: 'cnn' })).rejects.toThrow(/CNN student needs image inputs/);
  });
});

describe('sparse text path', () => {
  it('trains the same linear and MLP students from CSR features as from their dense form', async () => {
    const texts = Array.from({ length: 120 }, (_, i) => (i % 2 ? `check out my channel ${i} subscribe` : `love this song ${i} great video`));
    const labels = Int16Array.from({ length: 120 }, (_, i) => i % 2);
    const sparse = hashTexts(texts, { dim: 512 });
    const dense: DenseFeatures = { kind: 'dense', n: 120, shape: [512], values: denseRows(sparse, range(0, 120)) };
    const splits = new Uint8Array(120);
    const targets = buildTargets({ k: 2, splits, purpose: 'training', seedRows: range(0, 100), seedLabels: labels.subarray(0, 100) });
    const dev = { rows: range(100, 120), labels: labels.slice(100) };
    for (const arch of ['linear', 'mlp'] as const) {
      // Dense Adam on the first layer, as the dense path does (lazy Adam is checked in sparse-engine.test.ts).
      const a = await trainStudent(sparse, targets, dev, { ...config, arch, epochs: 3, firstLayer: 'dense' });
      const b = await trainStudent(dense, targets, dev, { ...config, arch, epochs: 3 });
      const pa = await predictProbs(a.model, sparse, null);
      const pb = await predictProbs(b.model, dense, null);
      // Same model (sums in another order): equal to float32 rounding.
      for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - pb[i])).toBeLessThan(1e-4);
      // And the model trained sparse predicts dense inputs the same way (it is an ordinary TF.js model).
      const cross = await predictProbs(a.model, dense, null);
      for (let i = 0; i < pa.length; i++) expect(Math.abs(pa[i] - cross[i])).toBeLessThan(1e-5);
      a.model.dispose();
      b.model.dispose();
    }
  });
});

/** 400 items in 3 blobs: 60 labelled dev items (40 % held out as dev, the rest seeds), a labelled canary of 40, the rest pool. */
function pseudoWorld() {
  const n = 400;
  const { features, labels } = blobs(n, 3, 2, 1.1);
  const splits = new Uint8Array(n).fill(Split.train);
  splits.fill(Split.dev, 0, 60).fill(Split.canary, 360);
  const human = new Int16Array(n).fill(-1);
  for (let i = 0; i < 60; i++) human[i] = labels[i];
  for (let i = 360; i < n; i++) human[i] = labels[i];
  return { features, splits, plan: planRows(human, splits, { devSeeds: 'holdout', holdout: 0.4, seed: 0 }) };
}

describe('pseudoLabel', () => {
  it('trains on seeds, then on seeds + accepted pool items while dev improves; records every round', async () => {
    const { features, splits, plan } = pseudoWorld();
    const records: number[] = [];
    const result = await pseudoLabel(features, plan, splits, 3, { ...config, epochs: 8 }, { rounds: 3, thresholds: { mode: 'precision', target: 0.9 }, calibration: 'temperature', alpha: 0, temperature: 1, weighting: 'none' }, { onRound: (r) => void records.push(r.round) });
    expect(records[0]).toBe(0);
    expect(result.rounds[0].accepted).toBe(0);
    expect(result.rounds.length).toBeGreaterThanOrEqual(2);
    expect(result.rounds[1].accepted).toBeGreaterThan(0);
    // Every accepted item is a pool item (never canary, never a seed).
    expect(result.rounds.every((r) => r.seeds === plan.seedRows.length)).toBe(true);
    const last = result.rounds.at(-1)!;
    if (result.rounds.length < 4) expect(last.improved).toBe(false);
    expect(result.rounds[result.bestRound].improved).toBe(true);
    result.model.dispose();
  });

  it("chooses each round's precision target by the dev metric, and keeps rounds by it", async () => {
    const { features, splits, plan } = pseudoWorld();
    const devMetric = { score: (p: Float32Array) => tuneDecision(p, 3, plan.devLabels, { kind: 'macro_f1' }).value, tolerance: 0 };
    const result = await pseudoLabel(features, plan, splits, 3, { ...config, epochs: 6 }, { rounds: 1, thresholds: { mode: 'metric', targets: [0.6, 0.99] }, calibration: 'temperature', alpha: 0, temperature: 1, weighting: 'none', devMetric });
    const round = result.rounds[1];
    expect(round.candidates!.map((c) => c.target)).toEqual([0.6, 0.99]);
    // A lower precision target accepts at least as many pool items.
    expect(round.candidates![0].accepted).toBeGreaterThanOrEqual(round.candidates![1].accepted);
    const best = round.candidates!.reduce((a, b) => (b.devMetric > a.devMetric ? b : a));
    expect(round.dev.metric).toBeCloseTo(Math.max(...round.candidates!.map((c) => c.devMetric)), 10);
    expect(round.candidates!.find((c) => c.target === round.keptTarget)!.devMetric).toBe(best.devMetric);
    expect(round.accepted).toBe(round.candidates!.find((c) => c.target === round.keptTarget)!.accepted);
    expect(result.rounds[0].dev.metric).toBeTypeOf('number');
    result.model.dispose();
    await expect(pseudoLabel(features, plan, splits, 3, config, { rounds: 1, thresholds: { mode: 'metric', targets: [0.9] }, calibration: 'none', alpha: 0, temperature: 1, weighting: 'none' })).rejects.toMatchObject({ code: 'student/thresholds' });
  });

  it('needs dev labels', async () => {
    const { features, labels } = blobs(20, 2, 3);
    const splits = new Uint8Array(20);
    const plan = planRows(labels, splits, { devSeeds: 'none' });
    await expect(pseudoLabel(features, plan, splits, 2, config, { rounds: 2, thresholds: { mode: 'manual', values: [0.9, 0.9] }, calibration: 'none', alpha: 0, temperature: 1, weighting: 'none' })).rejects.toMatchObject({ code: 'student/no-dev' });
  });
});

describe('chooseBackend', () => {
  it('times the usable backends and says why it chose one', async () => {
    const choice = await chooseBackend({ preference: 'auto', width: 64, available: ['webgpu', 'wasm', 'cpu'], webgpuProblem: 'no WebGPU in Node' });
    expect(choice.backend).toBe('wasm');
    expect(choice.probes[0]).toMatchObject({ backend: 'webgpu', ms: null, note: 'no WebGPU in Node' });
    expect(choice.probes[1].ms).toBeGreaterThan(0);
    expect(choice.reason).toMatch(/wasm/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('an override to a missing backend is a specific error', async () => {
    await expect(chooseBackend({ preference: 'webgpu', width: 8, available: ['wasm', 'cpu'] })).rejects.toThrow(/webgpu backend is not available here/);
    const cpu = await chooseBackend({ preference: 'cpu', width: 8, available: ['wasm', 'cpu'] });
    expect(cpu).toMatchObject({ backend: 'cpu', reason: 'chosen by you' });
    await useNodeBackend('wasm');
  });
});
