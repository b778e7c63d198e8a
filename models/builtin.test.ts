/**
 * The committed built-in models: cards validate against the real files (ONNX bytes, ORT session metadata,
 * TF.js model.json); ONNX outputs (onnxruntime-web wasm and onnxruntime-node) match TF.js outputs; the
 * metrics in each card are what the committed model scores on its test data.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as ortNode from 'onnxruntime-node';
import * as ortWeb from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { embedImageInto, type ImagePixelsSpec, type PixelBuffer } from '../src/core/features/image';
import { TextHasher, type HashedNgramsSpec } from '../src/core/features/text-hash';
import { cardOrThrow, type ModelCard } from '../src/core/models/card';
import { validateCard } from '../src/core/models/card-validate';
import { createEncoder, encodeBatch, type InputEncoder } from '../src/core/models/encode';
import { modelInfoFromOrt, modelInfoFromTfjs } from '../src/core/models/model-info';
import { readOnnxInfo } from '../src/core/models/onnx-info';
import { digitInputs, DIGIT_TEST_IDS } from './build/digit-teacher';
import { digitPixels, loadDigits, loadYoutube, REPO } from './build/data';
import { evaluate } from './build/metrics';
import { SPAM_TEST } from './build/spam-teacher';
import { cpuBackend } from './build/train';

const BUILTIN = resolve(REPO, 'models/builtin');
const read = (path: string) => new Uint8Array(readFileSync(resolve(BUILTIN, path)));
const readJson = (path: string) => JSON.parse(readFileSync(resolve(BUILTIN, path), 'utf8'));

ortWeb.env.wasm.numThreads = 1;

async function loadTfjs(dir: string): Promise<tfl.LayersModel> {
  await cpuBackend();
  const modelJson = readJson(`${dir}/tfjs/model.json`);
  const weights = read(`${dir}/tfjs/weights.bin`);
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0].weights, weightData: weights.slice().buffer }));
}

async function runTfjs(model: tfl.LayersModel, x: Float32Array, shape: number[]): Promise<Float32Array[]> {
  const input = tf.tensor(x, shape);
  const outputs = model.predict(input) as tf.Tensor[];
  const data = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
  tf.dispose([input, ...outputs]);
  return data;
}

type Session = { run(feeds: Record<string, unknown>): Promise<Record<string, { data: unknown }>> };
async function runOrt(session: Session, Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => unknown, x: Float32Array, shape: number[]) {
  const out = await session.run({ input: new Tensor('float32', x, shape) });
  return ['logits', 'probabilities'].map((name) => out[name].data as Float32Array);
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

const metric = (card: ModelCard, dataset: string, name: string) => card.metrics.find((m) => m.dataset === dataset && m.name === name && !m.label)!;

interface Case {
  id: string;
  /** Fixed inputs in the card's preprocessing, and their shape. */
  inputs: () => { x: Float32Array; shape: number[] };
}

const spamInputs = () => {
  const card = cardOrThrow(readJson('youtube-spam-teacher/card.json'));
  const hasher = new TextHasher(card.preprocessing as HashedNgramsSpec);
  const texts = [...loadYoutube('Youtube05-Shakira').texts.slice(0, 60), '', '\ufeff', 'CHECK OUT MY CHANNEL!!! http://x.co', '😀'.repeat(50)];
  return { x: hasher.featurizeBatch(texts), shape: [texts.length, hasher.dim] };
};
const digitFixed = () => {
  const { x } = digitInputs([...DIGIT_TEST_IDS.slice(0, 60), 9999]);
  const withBlank = new Float32Array(x.length + 784);
  withBlank.set(x);
  return { x: withBlank, shape: [62, 1, 28, 28] };
};
const cases: Case[] = [
  { id: 'youtube-spam-teacher', inputs: spamInputs },
  { id: 'mnist-digit-teacher', inputs: digitFixed },
];

describe.each(cases)('built-in $id', ({ id, inputs }) => {
  let card: ModelCard;
  let onnxBytes: Uint8Array;
  let tfjsModel: tfl.LayersModel;
  let nodeSession: ortNode.InferenceSession;
  let webSession: ortWeb.InferenceSession;

  beforeAll(async () => {
    card = cardOrThrow(readJson(`${id}/card.json`));
    onnxBytes = read(`${id}/model.onnx`);
    tfjsModel = await loadTfjs(id);
    nodeSession = await ortNode.InferenceSession.create(onnxBytes);
    webSession = await ortWeb.InferenceSession.create(onnxBytes, { executionProviders: ['wasm'] });
  });

  it('has a card that fits the ONNX file, the ORT session and the TF.js model', () => {
    expect(card.id).toBe(id);
    const onnxInfo = readOnnxInfo(onnxBytes);
    expect(validateCard(card, onnxInfo)).toEqual([]);
    expect(validateCard(card, modelInfoFromOrt(nodeSession))).toEqual([]);
    expect(validateCard(card, modelInfoFromOrt(webSession))).toEqual([]);
    expect(validateCard(card, modelInfoFromTfjs(readJson(`${id}/tfjs/model.json`)))).toEqual([]);
    expect(onnxInfo.opsets).toEqual([{ domain: '', version: 17 }]);
    expect(onnxBytes.length + read(`${id}/tfjs/weights.bin`).length).toBeLessThan(200_000);
  });

  it('gives the same outputs in ONNX (wasm and native) as in TF.js, within 1e-4', async () => {
    const { x, shape } = inputs();
    const [tfLogits, tfProbabilities] = await runTfjs(tfjsModel, x, shape);
    for (const [session, Tensor] of [
      [webSession, ortWeb.Tensor],
      [nodeSession, ortNode.Tensor],
    ] as const) {
      const [logits, probabilities] = await runOrt(session as unknown as Session, Tensor as never, x, shape);
      expect(maxAbsDiff(logits, tfLogits)).toBeLessThan(1e-4);
      expect(maxAbsDiff(probabilities, tfProbabilities)).toBeLessThan(1e-4);
    }
    // The outputs are real predictions, not constants: rows differ and sum to 1.
    const classes = card.labels!.length;
    expect(new Set(Array.from({ length: shape[0] }, (_, i) => tfProbabilities[i * classes].toFixed(3))).size).toBeGreaterThan(5);
    for (let i = 0; i < shape[0]; i++) expect(tfProbabilities.subarray(i * classes, (i + 1) * classes).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });
});

describe('card metrics are what the committed models score (card → createEncoder → onnxruntime-node)', () => {
  it('spam teacher on Youtube05-Shakira and Youtube04-Eminem', async () => {
    const card = cardOrThrow(readJson('youtube-spam-teacher/card.json'));
    const session = await ortNode.InferenceSession.create(read('youtube-spam-teacher/model.onnx'));
    const encoder = createEncoder(card) as InputEncoder<string>;
    for (const file of SPAM_TEST) {
      const rows = loadYoutube(file);
      const { data, dims } = encodeBatch(encoder, rows.texts);
      const [, probabilities] = await runOrt(session as unknown as Session, ortNode.Tensor as never, data, dims);
      const result = evaluate(probabilities, rows.labels, card.labels!);
      expect(Math.abs(result.accuracy - metric(card, `${file}.csv`, 'accuracy').value)).toBeLessThanOrEqual(1 / result.n);
      expect(metric(card, `${file}.csv`, 'accuracy').n).toBe(rows.texts.length);
    }
  });

  it('digit teacher on ids 0–1999', async () => {
    const card = cardOrThrow(readJson('mnist-digit-teacher/card.json'));
    const session = await ortNode.InferenceSession.create(read('mnist-digit-teacher/model.onnx'));
    const digits = loadDigits();
    const images: PixelBuffer[] = DIGIT_TEST_IDS.map((id) => ({ data: digitPixels(digits, id), width: 28, height: 28, channels: 1 }));
    const { data, dims } = encodeBatch(createEncoder(card) as InputEncoder<PixelBuffer>, images);
    expect(dims).toEqual([2000, 1, 28, 28]);
    const [, probabilities] = await runOrt(session as unknown as Session, ortNode.Tensor as never, data, dims);
    const result = evaluate(probabilities, Int32Array.from(DIGIT_TEST_IDS, (id) => digits.labels[id]), card.labels!);
    const stated = metric(card, 'MNIST test ids 0–1999 (models/data/mnist sprite)', 'accuracy');
    expect(stated.n).toBe(2000);
    expect(Math.abs(result.accuracy - stated.value)).toBeLessThanOrEqual(1 / result.n);
    expect(result.accuracy).toBeGreaterThan(0.8);
    expect(result.accuracy).toBeLessThan(0.92);
  });
});

describe('built-in embedders', () => {
  it('have valid cards whose output width is what the featurizers make', () => {
    const text = cardOrThrow(readJson('hashed-ngrams-embedder/card.json'));
    const image = cardOrThrow(readJson('image-pixels-embedder/card.json'));
    for (const card of [text, image]) expect(validateCard(card)).toEqual([]);
    expect(new TextHasher(text.preprocessing as HashedNgramsSpec).featurize('hello').length).toBe(text.outputs[0].shape[1]);
    const spec = image.preprocessing as ImagePixelsSpec;
    const out = new Float32Array(image.outputs[0].shape[1] as number);
    embedImageInto({ data: digitPixels(loadDigits(), 0), width: 28, height: 28, channels: 1 }, spec, out);
    expect(Math.hypot(...out)).toBeCloseTo(1, 5);
  });

  it('index.json lists every built-in model with files that exist', () => {
    const index = readJson('index.json') as { models: { id: string; card: string; files: Record<string, string> }[] };
    expect(index.models.map((m) => m.id)).toEqual(['youtube-spam-teacher', 'mnist-digit-teacher', 'hashed-ngrams-embedder', 'image-pixels-embedder']);
    for (const model of index.models) for (const path of [model.card, ...Object.values(model.files)]) expect(read(path).length).toBeGreaterThan(0);
  });
});
