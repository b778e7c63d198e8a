import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_PIXELS, embedImageInto } from '../core/features/image';
import type { VectorFidelity } from '../core/fidelity/vectors';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { forgetImageVectors, imageRowsVectors, sampleRows } from './image-vectors';
import { appendSyntheticBatch, decideBatch } from './synthetic';
import { acceptedBatchesHelp, trainOnSynthetic } from './synthetic-check';
import { IMAGE_VECTORS } from './synthetic-image';
import { fidelityOfSets, generateBatch } from './synthetic-run';
import { bar, rawFile, rawImageCodec } from './raw-image-codec';

// Node has no image decoder: the raw codec's files are [width, height, grey pixels…].
const codec = rawImageCodec();

// 60 images, every third horizontal (class 1); every fifth is canary (12: 4 horizontal), the rest train.
const N = 60;
const labels = Array.from({ length: N }, (_, i) => (i % 3 === 0 ? 1 : 0));
const splits = Array.from({ length: N }, (_, i) => (i % 5 === 0 ? Split.canary : Split.train));
const realTrain = splits.filter((s) => s === Split.train).length;
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`image-check-${++n}`);
  const dataset: Dataset = {
    id: 'd', name: 'bars', kind: 'image', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: N, chunkSize: 16, chunkCount: 4,
    classes: [{ name: 'vertical', key: '1', color: '#000' }, { name: 'horizontal', key: '2', color: '#fff' }] as Dataset['classes'],
    fields: ['width', 'height', 'type'], files: [], mapping: { format: 'images', labelsFile: null, fileColumn: null, labelColumn: null, labelValues: {} }, committedRows: N, notices: [],
  };
  await database.datasets.put(dataset);
  for (let c = 0; c < 4; c++) {
    const start = c * 16;
    const at = Array.from({ length: Math.min(16, N - start) }, (_, k) => start + k);
    await database.chunks.put({
      datasetId: 'd', index: c, start, count: at.length, ids: at.map((i) => `${i}.png`), text: at.map((i) => `${i}.png`), hashes: new Uint32Array(at.length),
      fields: { width: at.map(() => '12'), height: at.map(() => '12'), type: at.map(() => 'png') },
      images: at.map((i) => rawFile(bar(labels[i], i))), thumbs: at.map(() => null),
    });
    await database.columns.put({ datasetId: 'd', name: 'split', chunk: c, data: Uint8Array.from(at, (i) => splits[i]) });
  }
  await database.labelEvents.add({ datasetId: 'd', kind: 'set', by: 'import', at: 1, items: Uint32Array.from(labels.keys()), labels: Int16Array.from(labels), prev: new Int16Array(N).fill(-1) });
  codec.decoded = [];
  forgetImageVectors();
});

const quiet = { flipChance: 0, maxShift: 0.1, maxDegrees: 5, noise: 0 };
const rows = (count: number) => ({ names: ['width', 'height', 'type'], columns: [new Array(count).fill('12'), new Array(count).fill('12'), new Array(count).fill('png')] });

describe('train on synthetic images, test on the real canary', () => {
  it('a batch of its class teaches it; a batch that looks like the other class does not', async () => {
    await generateBatch({ datasetId: 'd', classIndex: 1, count: 12, method: 'augment', seed: 4, transforms: quiet }, undefined, codec);
    const good = await trainOnSynthetic('d', 1, codec);
    expect(good).toMatchObject({ batch: 1, classIndex: 1, canaryRows: 12, real: { trainRows: realTrain, accuracy: 1 } });
    expect(good.student).toBe(`a one-vs-rest logistic regression on standardised ${IMAGE_VECTORS} (the vectors of the fidelity report), not the Students tab's CNN`);
    // The 16 real horizontal train images give way to the 12 exemplars.
    expect(good.synthetic.trainRows).toBe(realTrain - 16 + 12);
    expect(good.synthetic.classF1[1]).toBe(1);

    // Vertical bars labelled "horizontal".
    await appendSyntheticBatch('d', { createdAt: 2, method: 'augment', seed: 1, classIndex: 1, count: 12, realRows: 16, scores: { quality: null, detectionAuc: null }, report: null }, rows(12), Array.from({ length: 12 }, (_, i) => ({ bytes: rawFile(bar(0, i)), thumb: null })));
    const bad = await trainOnSynthetic('d', 2, codec);
    expect(bad.real.accuracy).toBe(1);
    // Taught by them, the student confuses the two classes on the real canary (it was perfect on real rows).
    expect(bad.synthetic.accuracy).toBeLessThan(0.5);
    expect(bad.synthetic.macroF1).toBeLessThan(0.5);
  });

  it('compares the canary with and without the accepted batches, weighted, and needs a codec', async () => {
    await generateBatch({ datasetId: 'd', classIndex: 1, count: 8, method: 'augment', seed: 4, transforms: quiet }, undefined, codec);
    expect(await acceptedBatchesHelp('d', codec)).toMatchObject({ batches: [], with: null, without: { trainRows: realTrain, accuracy: 1 } });
    await decideBatch('d', 1, { status: 'accepted', at: 3, criteria: { minQuality: null, maxDetectionAuc: null } });
    const help = await acceptedBatchesHelp('d', codec);
    expect(help.batches).toEqual([1]);
    expect(help.with).toMatchObject({ trainRows: realTrain + 8, accuracy: 1 });
    // Class 1 keeps its 20 labeled real items' weight over 16 train images and 8 exemplars.
    expect(help.with!.trainWeight).toBeCloseTo(realTrain - 16 + 24 * (20 / 28), 4);
    await expect(acceptedBatchesHelp('d')).rejects.toThrow('Image students are checked where images can be decoded');
  });
});

describe('image sets on vectors', () => {
  it('compares any two sets of images and says which vectors it used', async () => {
    await generateBatch({ datasetId: 'd', classIndex: 1, count: 10, method: 'augment', seed: 4, transforms: quiet }, undefined, codec);
    const sets = await fidelityOfSets('d', { set: { kind: 'split', split: 'train' }, classIndex: 1 }, { set: { kind: 'batch', number: 1 }, classIndex: null }, codec);
    expect(sets.rows).toEqual({ a: 16, b: 10 });
    const report = sets.report as VectorFidelity;
    expect(report).toMatchObject({ kind: 'vectors', vectors: IMAGE_VECTORS, dim: 64, rows: { real: 16, synthetic: 10 } });
    expect(report.detection?.auc).toBeGreaterThanOrEqual(0);
    expect(report.manifold?.precision).toBeGreaterThan(0);
    // Vertical against horizontal bars: a detector tells them apart, and neither manifold covers the other.
    const apart = (await fidelityOfSets('d', { set: { kind: 'real' }, classIndex: 0 }, { set: { kind: 'real' }, classIndex: 1 }, codec)).report as VectorFidelity;
    expect(apart.detection!.auc).toBeGreaterThan(0.95);
    expect(apart.manifold).toMatchObject({ precision: 0, recall: 0 });
    await expect(fidelityOfSets('d', { set: { kind: 'split', split: 'dev' }, classIndex: null }, { set: { kind: 'real' }, classIndex: null }, codec)).rejects.toThrow(/first set has no items/);
    await expect(fidelityOfSets('d', { set: { kind: 'real' }, classIndex: null }, { set: { kind: 'synthetic' }, classIndex: null })).rejects.toThrow(/decoded/);
  });

  it("read the pixels embedder's stored vectors where it ran and compute the rest the same way", async () => {
    const spec = DEFAULT_IMAGE_PIXELS;
    const dim = 196;
    // Chunk 0 is stored (marked 0.5 everywhere, so reading is visible); chunk 1 is not; chunk 2 only its first 4 items.
    await database.columns.put({ datasetId: 'd', name: 'vec:pix', chunk: 0, data: new Float32Array(16 * dim).fill(0.5) });
    await database.columns.put({ datasetId: 'd', name: 'vec:pix', chunk: 2, data: new Float32Array(4 * dim).fill(0.5) });
    const dataset = (await database.datasets.get('d'))!;
    const wanted = Uint32Array.from([1, 15, 17, 33, 40]);
    const got = await imageRowsVectors(dataset, wanted, { spec, name: 'pixels', note: null, stored: 'pix' }, codec);
    expect(got).toMatchObject({ dim, read: 3, computed: 2 });
    expect(codec.decoded).toEqual(['17.png', '40.png']);
    for (const t of [0, 1, 3]) expect(Array.from(got.values.subarray(t * dim, (t + 1) * dim)).every((v) => v === 0.5)).toBe(true);
    const expected = new Float32Array(dim);
    embedImageInto(bar(labels[17], 17), spec, expected);
    expect(Array.from(got.values.subarray(2 * dim, 3 * dim))).toEqual(Array.from(expected));
    // Computed vectors are kept: asked again, nothing is decoded; a changed file under the same id is.
    codec.decoded = [];
    expect(Array.from((await imageRowsVectors(dataset, wanted, { spec, name: 'pixels', note: null, stored: 'pix' }, codec)).values)).toEqual(Array.from(got.values));
    expect(codec.decoded).toEqual([]);
    const chunk = (await database.chunks.get(['d', 1]))!;
    await database.chunks.put({ ...chunk, images: chunk.images!.map((b, k) => (k === 1 ? rawFile(bar(1, 2)) : b)) });
    const changed = await imageRowsVectors(dataset, wanted, { spec, name: 'pixels', note: null, stored: 'pix' }, codec);
    expect(codec.decoded).toEqual(['17.png']);
    expect(Array.from(changed.values.subarray(2 * dim, 3 * dim))).not.toEqual(Array.from(expected));
    await expect(imageRowsVectors(dataset, Uint32Array.from([3, 2]), { spec, name: 'pixels', note: null }, codec)).rejects.toThrow('ascending and distinct');
  });

  it('sample at most the cap, the same rows for the same seed', () => {
    const all = Uint32Array.from({ length: 50 }, (_, i) => i * 2);
    expect(sampleRows(all, 60, 1)).toBe(all);
    const a = sampleRows(all, 10, 1);
    expect(a).toHaveLength(10);
    expect(Array.from(a)).toEqual(Array.from(sampleRows(all, 10, 1)));
    expect(Array.from(a)).toEqual([...a].sort((x, y) => x - y));
    expect(new Set(a).size).toBe(10);
  });
});
