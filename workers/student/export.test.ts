/**
 * Exported students run the same in ONNX Runtime (wasm, as the app's teacher worker runs them) as in
 * TF.js, for every architecture; the card validates against both files; the TF.js files load back.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveHashedNgramsSpec } from '../../src/core/features/text-hash';
import { resolveImagePreprocessing } from '../../src/core/features/image';
import { readOnnxInfo } from '../../src/core/models/onnx-info';
import { mulberry32 } from '../../src/core/random';
import { studentCard, type StudentInput } from '../../src/core/student/card';
import type { DenseFeatures } from '../../src/core/student/features';
import { buildTargets } from '../../src/core/student/targets';
import { exportStudent } from './export';
import { useNodeBackend } from '../../src/ml/student/node-backend';
import { predictProbs, trainStudent } from '../../src/ml/student/train';
import type { StudentArch } from '../../src/ml/student/model';

ort.env.wasm.numThreads = 1;

/** n random items whose class says which block of the input is bright, so training has something to learn. */
function problem(n: number, shape: number[], k: number, seed: number): { features: DenseFeatures; labels: Int16Array } {
  const width = shape.reduce((a, b) => a * b, 1);
  const random = mulberry32(seed);
  const values = new Float32Array(n * width);
  const labels = new Int16Array(n);
  for (let i = 0; i < n; i++) {
    const label = i % k;
    labels[i] = label;
    for (let j = 0; j < width; j++) values[i * width + j] = random() * 0.3 + (Math.floor((j * k) / width) === label ? 0.7 : 0);
  }
  return { features: { kind: 'dense', n, shape, values }, labels };
}

const text = resolveHashedNgramsSpec({ dim: 48 });
const image = resolveImagePreprocessing({ width: 12, height: 12, channels: 1, layout: 'NHWC', resize: 'area', scale: 1 / 255, mean: [0], std: [1], background: 0 });
const cases: { arch: StudentArch; shape: number[]; input: StudentInput }[] = [
  { arch: 'linear', shape: [48], input: { kind: 'text', spec: text } },
  { arch: 'mlp', shape: [48], input: { kind: 'text', spec: text } },
  { arch: 'cnn', shape: [12, 12, 1], input: { kind: 'image', spec: image } },
];

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('student export', () => {
  for (const { arch, shape, input } of cases) {
    it(`${arch}: ONNX Runtime gives TF.js's probabilities; the card fits both files`, async () => {
      const k = 3;
      const n = 60;
      const { features, labels } = problem(n, shape, k, 7);
      const rows = Uint32Array.from({ length: n }, (_, i) => i);
      const splits = new Uint8Array(n);
      const targets = buildTargets({ k, splits, purpose: 'training', seedRows: rows, seedLabels: labels });
      const trained = await trainStudent(features, targets, null, { arch, hidden: 8, epochs: 3, batchSize: 16, learningRate: 0.01, l2: 0, seed: 3, patience: 2 });
      const classNames = ['a', 'b', 'c'];
      const card = studentCard({ runId: `run-test-${arch}`, name: `Test ${arch}`, datasetName: 'synthetic', classNames, input, arch, trainedOn: 'seeds', trainedBy: 'vitest', createdAt: 0, metrics: [] });
      const files = await exportStudent(trained.model, card);
      expect(files.card.labels).toEqual(classNames);
      expect(readOnnxInfo(files.onnx).outputs.map((o) => o.name)).toEqual(['logits', 'probabilities']);

      const expected = await predictProbs(trained.model, features, rows);
      const session = await ort.InferenceSession.create(files.onnx);
      const result = await session.run({ input: new ort.Tensor('float32', features.values, [n, ...shape]) });
      const actual = result.probabilities.data as Float32Array;
      let diff = 0;
      for (let i = 0; i < expected.length; i++) diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
      expect(diff).toBeLessThan(1e-5);
      // The model learned something, so the comparison is not between two constant outputs.
      let right = 0;
      for (let i = 0; i < n; i++) right += expected[i * k + labels[i]] === Math.max(...expected.subarray(i * k, i * k + k)) ? 1 : 0;
      expect(right / n).toBeGreaterThan(0.6);

      const json = JSON.parse(files.modelJson);
      const loaded = await tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: files.weights.slice().buffer }));
      const reloaded = await predictProbs(loaded, features, rows);
      expect(Array.from(reloaded)).toEqual(Array.from(expected));
      trained.model.dispose();
      loaded.dispose();
    });
  }
});
