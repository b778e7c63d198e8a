/**
 * The run loop against a real store (Dexie on fake-indexeddb) and a real model (the built-in spam
 * teacher on onnxruntime-web's WASM backend in Node): outputs, checkpoints and resume, the GPU fallback,
 * cleanup after a failure, label mapping errors, and embedders. Node has no WebGPU, so the "GPU" runtime
 * here is WASM that reports itself as WebGPU and fails on a chosen call, standing in for a lost device.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadYoutube, REPO } from '../../models/build/data';
import { SiftError } from '../../src/core/errors';
import { TextHasher } from '../../src/core/features/text-hash';
import { cardOrThrow, type ModelCard } from '../../src/core/models/card';
import { commitChunk } from '../../src/data/commit';
import { db, useDatabase, type Dataset, type ItemChunk, type Run } from '../../src/data/db';
import { teacherProbsColumn, teacherSourceId, teacherVotesColumn } from '../../src/data/model-runs';
import { holdStores, settledWithin } from '../../src/data/test-hold';
import { readVectors } from '../../src/data/vectors';
import { hashFiles } from './model-load';
import { createOrtRuntime, type OrtModule } from './ort-session';
import { now, resumeModelRun, startModelRun, type FirstPrediction, type LoadedModel, type RunEnvironment } from './run';
import type { ModelRuntime } from './runtime';

ort.env.wasm.numThreads = 1;
const CHUNK = 40;
const N = 100;
const builtin = (path: string) => readFileSync(`${REPO}models/builtin/${path}`);
const spamCard = cardOrThrow(JSON.parse(builtin('youtube-spam-teacher/card.json').toString('utf8')));
const spamBytes = new Uint8Array(builtin('youtube-spam-teacher/model.onnx'));
const rows = loadYoutube('Youtube05-Shakira');

async function makeDataset(id: string): Promise<Dataset> {
  const dataset: Dataset = {
    id, name: id, kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: N, chunkSize: CHUNK, chunkCount: Math.ceil(N / CHUNK),
    classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#f00' }], fields: [], files: [],
    mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: N, notices: [],
  };
  await db().datasets.put(dataset);
  for (let start = 0, index = 0; start < N; start += CHUNK, index++) {
    const count = Math.min(CHUNK, N - start);
    const chunk: ItemChunk = { datasetId: id, index, start, count, ids: Array.from({ length: count }, (_, i) => `c${start + i}`), text: rows.texts.slice(start, start + count), fields: {}, hashes: new Uint32Array(count) };
    await commitChunk(dataset, chunk, Array.from(rows.labels.slice(start, start + count)), start + count);
  }
  return dataset;
}

async function spamModel(card: ModelCard = spamCard): Promise<LoadedModel> {
  const files = [{ path: 'model.onnx', blob: new Blob([spamBytes]) }];
  return { ref: { kind: 'builtin', id: card.id }, key: card.id, name: card.name, card, runtime: 'onnx', hash: await hashFiles(files, card), files, tokenizer: null };
}

/** WASM sessions; 'webgpu' ones report that device and fail on call `failOnCall` (1-based), as a lost GPU would. */
function environment(model: LoadedModel | (() => Promise<LoadedModel>), options: { failOnCall?: number } = {}): RunEnvironment & { created: string[] } {
  const created: string[] = [];
  return {
    created,
    loadModel: async () => (typeof model === 'function' ? model() : model),
    probeWebGpu: async () => ({ available: true, isFallbackAdapter: false, adapter: 'stand-in' }),
    decodeImage: async () => {
      throw new SiftError('image-decode', 'no images here');
    },
    async createRuntime(m, device) {
      created.push(device);
      const output = m.card.outputs.find((o) => o.role === 'probabilities')!.name;
      const wasm = await createOrtRuntime(ort as unknown as OrtModule, spamBytes, { device: 'wasm', output, fileName: 'model.onnx' });
      if (device === 'wasm') return wasm;
      let calls = 0;
      const gpu: ModelRuntime = {
        device: 'webgpu',
        run: async (feeds) => {
          if (++calls === options.failOnCall) throw new Error('GPUDevice was lost: stand-in');
          return wasm.run(feeds);
        },
        dispose: () => wasm.dispose(),
      };
      return gpu;
    },
  };
}

const ctx = (onProgress: (done: number) => void = () => {}, signal = new AbortController().signal) => ({ signal, progress: (p: { done: number }) => onProgress(p.done) });

async function column(datasetId: string, name: string): Promise<number[]> {
  const chunks = await db().columns.where('[datasetId+name]').equals([datasetId, name]).sortBy('chunk');
  return chunks.flatMap((c) => Array.from(c.data as Float32Array));
}

/** The spam probability of every item, straight from an ORT session on hashed features. */
async function directProbabilities(): Promise<number[]> {
  const session = await ort.InferenceSession.create(spamBytes);
  const x = new TextHasher(spamCard.preprocessing as never).featurizeBatch(rows.texts.slice(0, N));
  const out = await session.run({ input: new ort.Tensor('float32', x, [N, 4096]) });
  return Array.from(out.probabilities.data as Float32Array);
}

let dbCount = 0;
beforeEach(() => {
  useDatabase(`teacher-run-test-${++dbCount}`);
});

describe('teacher runs', () => {
  it('stores the model’s probabilities and argmax votes, the source version and its agreement with labels', async () => {
    const dataset = await makeDataset('d1');
    const model = await spamModel();
    const summary = await startModelRun({ runId: 'r1', datasetId: 'd1', model: model.ref, device: 'wasm' }, environment(model), ctx());
    const sourceId = teacherSourceId('d1', model.key);
    const probs = await column('d1', teacherProbsColumn(sourceId));
    const expected = await directProbabilities();
    expect(probs).toHaveLength(N * 2);
    probs.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    const votes = await column('d1', teacherVotesColumn(sourceId));
    votes.forEach((v, i) => expect(v).toBe(probs[2 * i + 1] > probs[2 * i] ? 1 : 0));
    const source = await db().sources.get(sourceId);
    expect(source).toMatchObject({ kind: 'teacher', version: model.hash, datasetId: 'd1' });
    const correct = votes.filter((v, i) => v === rows.labels[i]).length;
    expect(summary.results).toMatchObject({ device: 'wasm', reason: 'WASM, as you chose.', items: N, agreement: { labeled: N, voted: N, correct, accuracy: correct / N } });
    expect((await db().runs.get('r1'))!.status).toBe('done');
    expect(dataset.chunkCount).toBe(3);
  });

  it('a cancelled run resumes from its first unfinished chunk and ends with the same outputs', async () => {
    await makeDataset('d2');
    const model = await spamModel();
    const controller = new AbortController();
    // Cancel once the first chunk's items are done: that chunk commits, the next does not start.
    await expect(startModelRun({ runId: 'r2', datasetId: 'd2', model: model.ref, device: 'wasm' }, environment(model), ctx((done) => done >= CHUNK && controller.abort(), controller.signal))).rejects.toMatchObject({ name: 'AbortError' });
    const cut = (await db().runs.get('r2')) as Run;
    expect(cut.status).toBe('cancelled');
    expect(cut.checkpoint).toMatchObject({ nextChunk: 1, itemsDone: CHUNK });
    const sourceId = teacherSourceId('d2', model.key);
    expect((await db().sources.get(sourceId))!.version).toBeNull();
    expect(await column('d2', teacherProbsColumn(sourceId))).toHaveLength(CHUNK * 2);

    const resumed = await resumeModelRun('r2', environment(model), ctx());
    expect(resumed.results).toMatchObject({ resumedFromChunk: 1, itemsThisSession: N - CHUNK });
    const probs = await column('d2', teacherProbsColumn(sourceId));
    const expected = await directProbabilities();
    probs.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
    expect((await db().sources.get(sourceId))!.version).toBe(model.hash);
  });

  it('refuses to resume when the model files changed', async () => {
    await makeDataset('d3');
    const model = await spamModel();
    const controller = new AbortController();
    await startModelRun({ runId: 'r3', datasetId: 'd3', model: model.ref, device: 'wasm' }, environment(model), ctx(() => controller.abort(), controller.signal)).catch(() => undefined);
    await expect(resumeModelRun('r3', environment({ ...model, hash: 'other' }), ctx())).rejects.toMatchObject({ code: 'model-changed' });
  });

  it('a resume whose run read the store does not start in time fails by name and leaves the run as it was', async () => {
    await makeDataset('dh');
    const model = await spamModel();
    const controller = new AbortController();
    await startModelRun({ runId: 'rh', datasetId: 'dh', model: model.ref, device: 'wasm' }, environment(model), ctx(() => controller.abort(), controller.signal)).catch(() => undefined);
    const cancelled = await db().runs.get('rh');
    expect(cancelled?.status).toBe('cancelled');
    const holder = await holdStores(`teacher-run-test-${dbCount}`, ['runs']);
    const loaded: string[] = [];
    const env = environment(async () => {
      loaded.push('model');
      return model;
    });
    const outcome = await settledWithin(resumeModelRun('rh', env, ctx(), now(), 300), 5_000);
    expect(outcome).toMatch(/^Reading the run to resume did not start: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    expect(loaded).toEqual([]);
    expect(await db().runs.get('rh')).toEqual(cancelled);
  });

  it('when the GPU fails mid-run, goes on with WASM from that chunk', async () => {
    await makeDataset('d4');
    const model = await spamModel();
    const env = environment(model, { failOnCall: 2 });
    const summary = await startModelRun({ runId: 'r4', datasetId: 'd4', model: model.ref, device: 'webgpu' }, env, ctx());
    expect(env.created).toEqual(['webgpu', 'wasm']);
    expect(summary.results).toMatchObject({ device: 'wasm', reason: expect.stringContaining('WebGPU device was lost at chunk 2 (GPUDevice was lost: stand-in)'), fallbacks: ['chunk 2: GPUDevice was lost: stand-in'] });
    const probs = await column('d4', teacherProbsColumn(teacherSourceId('d4', model.key)));
    const expected = await directProbabilities();
    probs.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6));
  });

  it('a failed run removes its partial outputs and the source it created', async () => {
    await makeDataset('d5');
    await db().chunks.delete(['d5', 2]);
    const model = await spamModel();
    await expect(startModelRun({ runId: 'r5', datasetId: 'd5', model: model.ref, device: 'wasm' }, environment(model), ctx())).rejects.toMatchObject({ code: 'chunk-missing', message: "Chunk 3 of dataset 'd5' is missing from the store" });
    expect(await db().columns.where('datasetId').equals('d5').filter((c) => c.name !== 'split').count()).toBe(0);
    expect(await db().sources.count()).toBe(0);
    expect(await db().runs.get('r5')).toMatchObject({ status: 'failed', results: { code: 'chunk-missing' } });
  });

  it('a run superseded by a newer one over the same outputs (another tab) stops without writing or failing it', async () => {
    await makeDataset('d7');
    const model = await spamModel();
    // Run A pauses before its second chunk; run B starts and finishes meanwhile; then A goes on.
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const paused = environment(model);
    const createRuntime = paused.createRuntime.bind(paused);
    let calls = 0;
    let reachedGate: () => void = () => {};
    const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
    paused.createRuntime = async (m, device) => {
      const inner = await createRuntime(m, device);
      return { ...inner, run: async (feeds) => {
        if (++calls === 2) {
          reachedGate();
          await gate;
        }
        return inner.run(feeds);
      } };
    };
    const runA = startModelRun({ runId: 'rA', datasetId: 'd7', model: model.ref, device: 'wasm', threshold: 0.99 }, paused, ctx());
    await atGate;
    await startModelRun({ runId: 'rB', datasetId: 'd7', model: model.ref, device: 'wasm' }, environment(model), ctx());
    release();
    await expect(runA).rejects.toMatchObject({ code: 'run-superseded' });

    const sourceId = teacherSourceId('d7', model.key);
    const probs = await column('d7', teacherProbsColumn(sourceId));
    const votes = await column('d7', teacherVotesColumn(sourceId));
    expect(votes).toEqual(Array.from({ length: N }, (_, i) => (probs[2 * i + 1] > probs[2 * i] ? 1 : 0)));
    expect(await db().sources.get(sourceId)).toMatchObject({ version: model.hash, definition: { runId: 'rB', threshold: null } });
    expect(await db().runs.get('rA')).toMatchObject({ status: 'cancelled', results: { supersededBy: 'rB' } });
    expect((await db().runs.get('rB'))!.status).toBe('done');
    await expect(resumeModelRun('rA', environment(model), ctx())).rejects.toMatchObject({ code: 'run-superseded' });
  });

  it('records its first prediction: timed from when it was asked for, and whether the runtime was already running', async () => {
    await makeDataset('d8');
    const model = await spamModel();
    const cold = environment(model);
    let firstProgress = 0;
    // Asked for 2 s ago (a click that waited behind other work): the wait counts from the click.
    const requestedAt = now() - 2_000;
    const coldRun = await startModelRun({ runId: 'r8', datasetId: 'd8', model: model.ref, device: 'wasm', requestedAt }, { ...cold, runtimeReady: () => false }, ctx((done) => {
      if (done > 0 && !firstProgress) firstProgress = now();
    }));
    const first = coldRun.results.firstPrediction as FirstPrediction;
    expect(first.runtimeWasReady).toBe(false);
    expect(first.ms).toBeGreaterThanOrEqual(2_000);
    expect(requestedAt + first.ms).toBeLessThanOrEqual(firstProgress + 1);
    expect(first.runtimeMs).toBeGreaterThan(0);
    expect(first.runtimeMs).toBeLessThan(first.ms);
    expect((await db().runs.get('r8'))!.results.firstPrediction).toEqual(first);

    const warm = await startModelRun({ runId: 'r9', datasetId: 'd8', model: model.ref, device: 'wasm' }, { ...environment(model), runtimeReady: (device) => device === 'wasm' }, ctx());
    const warmFirst = warm.results.firstPrediction as FirstPrediction;
    expect(warmFirst.runtimeWasReady).toBe(true);
    expect(warmFirst.ms).toBeGreaterThanOrEqual(0);
  });

  it('a built-in embedder has no runtime to start: its first prediction says so', async () => {
    await makeDataset('d9');
    const card = cardOrThrow(JSON.parse(builtin('hashed-ngrams-embedder/card.json').toString('utf8')));
    const model: LoadedModel = { ref: { kind: 'builtin', id: card.id }, key: card.id, name: card.name, card, runtime: 'builtin', hash: await hashFiles([], card), files: [], tokenizer: null };
    const summary = await startModelRun({ runId: 'r10', datasetId: 'd9', model: model.ref, device: 'auto' }, { ...environment(model), runtimeReady: () => true }, ctx());
    expect((summary.results.firstPrediction as FirstPrediction).runtimeWasReady).toBeNull();
  });

  it('a teacher whose labels map to no class is refused before anything is stored', async () => {
    await makeDataset('d6');
    await db().datasets.update('d6', { classes: [{ name: 'negative', key: '1', color: '#000' }, { name: 'positive', key: '2', color: '#f00' }] });
    const model = await spamModel();
    await expect(startModelRun({ runId: 'r6', datasetId: 'd6', model: model.ref, device: 'wasm' }, environment(model), ctx())).rejects.toMatchObject({ code: 'labels-unmapped' });
    expect(await db().runs.count()).toBe(0);
    expect(await db().sources.count()).toBe(0);
  });
});

describe('embedder runs', () => {
  it('the built-in hashed n-gram embedder writes unit vectors that readVectors returns', async () => {
    const dataset = await makeDataset('d7');
    const card = cardOrThrow(JSON.parse(builtin('hashed-ngrams-embedder/card.json').toString('utf8')));
    const model: LoadedModel = { ref: { kind: 'builtin', id: card.id }, key: card.id, name: card.name, card, runtime: 'builtin', hash: await hashFiles([], card), files: [], tokenizer: null };
    const summary = await startModelRun({ runId: 'r7', datasetId: 'd7', model: model.ref, device: 'auto' }, environment(model), ctx());
    expect(summary.results).toMatchObject({ device: 'js', dim: 1024 });
    const vectors = (await readVectors(dataset, card.id))!;
    expect(vectors).toMatchObject({ dim: 1024, chunksPresent: 3, complete: true });
    const hasher = new TextHasher(card.preprocessing as never);
    const expected = hasher.featurize(rows.texts[55]);
    for (let j = 0; j < 1024; j++) expect(vectors.data[55 * 1024 + j]).toBeCloseTo(expected[j], 6);
    expect(await db().sources.count()).toBe(0);
  });
});
