import { beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/random';
import { hashTexts } from '../../core/student/features';
import { buildTargets } from '../../core/student/targets';
import { Split } from '../../core/types';
import { useNodeBackend } from './node-backend';
import { predictProbs, trainStudent, type TrainConfig } from './train';

/**
 * The typed-array engine against the TF.js ops path it replaced: same data, seed and settings must give
 * the same model (to float rounding), for both architectures, with soft and hard targets, item
 * weights and L2, and the same early-stopping choice.
 */
const WORDS = ['free', 'gift', 'click', 'subscribe', 'love', 'song', 'video', 'great', 'voice', 'channel', 'the', 'my', 'this', 'check'];
function texts(n: number, seed: number): { texts: string[]; labels: Int16Array } {
  const random = mulberry32(seed);
  const out: string[] = [];
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const y = Math.floor(random() * 3);
    labels[i] = y;
    const words = Array.from({ length: 4 + Math.floor(random() * 6) }, () => WORDS[(Math.floor(random() * 5) + y * 4) % WORDS.length]);
    out.push(words.join(' '));
  }
  return { texts: out, labels };
}

const n = 240;
const data = texts(n, 3);
const features = hashTexts(data.texts, { dim: 1024 });
const splits = new Uint8Array(n).fill(Split.train, 0, 180).fill(Split.dev, 180);
const range = (from: number, to: number) => Uint32Array.from({ length: to - from }, (_, i) => from + i);
const soft = new Float32Array(n * 3);
const random = mulberry32(9);
for (let i = 0; i < n; i++) {
  let sum = 0;
  for (let c = 0; c < 3; c++) sum += soft[i * 3 + c] = random() + (c === data.labels[i] ? 1.5 : 0);
  for (let c = 0; c < 3; c++) soft[i * 3 + c] /= sum;
}
const targets = buildTargets({ k: 3, splits, purpose: 'distillation', seedRows: range(0, 60), seedLabels: data.labels.slice(0, 60), softRows: range(60, 180), softProbs: soft, temperature: 2, alpha: 0.6, weighting: 'confidence' });
const dev = { rows: range(180, n), labels: data.labels.slice(180) };

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('the sparse JS engine', () => {
  for (const arch of ['linear', 'mlp'] as const) {
    it(`trains a ${arch} student as the TF.js path does`, async () => {
      const config: TrainConfig = { arch, hidden: 8, epochs: 6, batchSize: 16, learningRate: 0.02, l2: 1e-3, seed: 4, patience: 3 };
      const js = await trainStudent(features, targets, dev, { ...config, engine: 'js', firstLayer: 'dense' });
      const ops = await trainStudent(features, targets, dev, { ...config, engine: 'tfjs' });
      expect(js.history.length).toBe(ops.history.length);
      js.history.forEach((h, i) => {
        expect(h.loss).toBeCloseTo(ops.history[i].loss, 4);
        expect(h.devNll!).toBeCloseTo(ops.history[i].devNll!, 4);
      });
      expect(js.bestEpoch).toBe(ops.bestEpoch);
      const a = await predictProbs(js.model, features, null);
      const b = await predictProbs(ops.model, features, null);
      let worst = 0;
      for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
      expect(worst).toBeLessThan(1e-3);
      // It learned something (so agreeing is not trivially two untrained models).
      expect(js.history.at(-1)!.loss).toBeLessThan(js.history[0].loss);
      js.model.dispose();
      ops.model.dispose();
    });
  }

  it('lazy Adam updates only the first-layer rows of features it saw, and learns', async () => {
    const config: TrainConfig = { arch: 'mlp', hidden: 8, epochs: 4, batchSize: 16, learningRate: 0.02, l2: 1e-3, seed: 4, patience: 3, engine: 'js', firstLayer: 'lazy' };
    const seen = new Set<number>();
    for (const row of targets.rows) for (let e = features.rowStart[row]; e < features.rowStart[row + 1]; e++) seen.add(features.indices[e]);
    const untrained = await trainStudent(features, targets, null, { ...config, epochs: 1, learningRate: 1e-30 });
    const trained = await trainStudent(features, targets, null, config);
    const before = untrained.model.getWeights()[0].dataSync();
    const after = trained.model.getWeights()[0].dataSync();
    let unseenChanged = 0;
    let seenChanged = 0;
    for (let f = 0; f < 1024; f++) {
      for (let c = 0; c < 8; c++) {
        const moved = before[f * 8 + c] !== after[f * 8 + c];
        if (seen.has(f)) seenChanged += moved ? 1 : 0;
        else unseenChanged += moved ? 1 : 0;
      }
    }
    expect(seen.size).toBeLessThan(1024);
    expect(unseenChanged).toBe(0);
    expect(seenChanged).toBeGreaterThan(seen.size * 4);
    expect(trained.history.at(-1)!.loss).toBeLessThan(trained.history[0].loss);
    untrained.model.dispose();
    trained.model.dispose();
  });
});
