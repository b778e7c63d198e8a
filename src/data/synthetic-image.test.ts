import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { trainingWeights } from '../core/synthetic/batch';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { loadLabelState } from './labels';
import { readSplits } from './splits';
import { appendSyntheticBatch, readSyntheticMarks } from './synthetic';
import { chooseImageVectors, IMAGE_VECTORS } from './synthetic-image';
import { generateBatch } from './synthetic-run';
import { bar, rawFile, rawImageCodec } from './raw-image-codec';

// Node has no image decoder: the raw codec's files are [width, height, grey pixels…].
const codec = rawImageCodec();

const N = 40;
const labels = Array.from({ length: N }, (_, i) => (i % 4 === 0 ? 1 : 0));
// Items 0–3 are dev or canary: exemplars must never come from them.
const splits = Array.from({ length: N }, (_, i) => (i === 0 ? Split.canary : i < 4 ? Split.dev : Split.train));
let database: SiftDb;
let n = 0;

beforeEach(async () => {
  database = useDatabase(`synthetic-image-${++n}`);
  const dataset: Dataset = {
    id: 'd', name: 'bars', kind: 'image', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: N, chunkSize: 16, chunkCount: 3,
    classes: [{ name: 'vertical', key: '1', color: '#000' }, { name: 'horizontal', key: '2', color: '#fff' }] as Dataset['classes'],
    fields: ['width', 'height', 'type'], files: [], mapping: { format: 'images', labelsFile: null, fileColumn: null, labelColumn: null, labelValues: {} }, committedRows: N, notices: [],
  };
  await database.datasets.put(dataset);
  for (let c = 0; c < 3; c++) {
    const start = c * 16;
    const count = Math.min(16, N - start);
    const at = Array.from({ length: count }, (_, k) => start + k);
    await database.chunks.put({
      datasetId: 'd', index: c, start, count, ids: at.map((i) => `${i}.png`), text: at.map((i) => `${i}.png`), hashes: new Uint32Array(count),
      fields: { width: at.map(() => '12'), height: at.map(() => '12'), type: at.map(() => 'png') },
      images: at.map((i) => rawFile(bar(labels[i], i))), thumbs: at.map(() => null),
    });
    await database.columns.put({ datasetId: 'd', name: 'split', chunk: c, data: Uint8Array.from(at, (i) => splits[i]) });
  }
  await database.labelEvents.add({ datasetId: 'd', kind: 'set', by: 'import', at: 1, items: Uint32Array.from(labels.keys()), labels: Int16Array.from(labels), prev: new Int16Array(N).fill(-1) });
  codec.decoded = [];
});

describe('image exemplars of a class', () => {
  it('are made from its real train images, stored as image items of the class, marked synthetic in train, with a vector report', async () => {
    const batch = await generateBatch({ datasetId: 'd', classIndex: 1, count: 20, method: 'augment', seed: 3, transforms: { flipChance: 0, maxShift: 0.1, maxDegrees: 10, noise: 8 } }, undefined, codec);
    // Class 1 is every fourth item; item 0 (canary) is left out.
    const sources = labels.flatMap((l, i) => (l === 1 && splits[i] === Split.train ? [`${i}.png`] : []));
    expect(codec.decoded).toEqual(sources);
    expect(batch).toMatchObject({ number: 1, start: N, count: 20, realRows: sources.length, method: 'augment', transforms: { flipChance: 0, maxDegrees: 10 } });
    expect(batch.report).toMatchObject({ kind: 'vectors', vectors: IMAGE_VECTORS, dim: 64, rows: { real: sources.length, synthetic: 20 } });
    expect(batch.scores.quality).toBeGreaterThan(0);
    expect(batch.scores.detectionAuc).not.toBeNull();
    // The bars lie on an exactly black background: noise there is a giveaway the report names.
    expect((batch.report as { notes: string[] }).notes.join(' ')).toMatch(/dimensions are 0 in every real image but not in every exemplar/);

    const dataset = (await database.datasets.get('d'))!;
    expect(dataset.itemCount).toBe(N + 20);
    const chunks = await database.chunks.where('datasetId').equals('d').sortBy('index');
    const images = chunks.flatMap((c) => c.images ?? []);
    const ids = chunks.flatMap((c) => c.ids);
    expect(images).toHaveLength(N + 20);
    expect(chunks.flatMap((c) => c.thumbs ?? [])).toHaveLength(N + 20);
    expect(ids.slice(N)).toEqual(Array.from({ length: 20 }, (_, i) => `syn1-${i + 1}`));
    expect(chunks.flatMap((c) => c.fields.width).slice(N)).toEqual(new Array(20).fill('12'));
    // Each new image is a 12×12 picture with a mostly horizontal bar: more bright pixels share a row than a column.
    for (const file of images.slice(N)) {
      const [w, h] = [file[0], file[1]];
      expect([w, h]).toEqual([12, 12]);
      const bright = (x: number, y: number) => file[2 + y * 12 + x] > 128;
      const rowMax = Math.max(...Array.from({ length: 12 }, (_, y) => Array.from({ length: 12 }, (_, x) => +bright(x, y)).reduce((a, b) => a + b)));
      const colMax = Math.max(...Array.from({ length: 12 }, (_, x) => Array.from({ length: 12 }, (_, y) => +bright(x, y)).reduce((a, b) => a + b)));
      expect(rowMax).toBeGreaterThan(colMax);
    }
    const [marks, split, { state }] = await Promise.all([readSyntheticMarks(dataset), readSplits(dataset), loadLabelState('d', dataset.itemCount)]);
    expect(Array.from(marks.subarray(N))).toEqual(new Array(20).fill(1));
    expect(Array.from(split.subarray(N))).toEqual(new Array(20).fill(Split.train));
    expect(Array.from(state.label.subarray(N))).toEqual(new Array(20).fill(1));
    // Accepted, class 1 keeps its real total weight (10 real items, 20 exemplars).
    const weights = trainingWeights(state.label, marks, [{ ...batch, decision: { status: 'accepted', at: 1, criteria: { minQuality: null, maxDetectionAuc: null } } }]);
    expect(Array.from(weights).filter((_, i) => state.label[i] === 1).reduce((a, b) => a + b)).toBeCloseTo(10, 4);
  });

  it('are the same images for the same seed, and refuse other methods, a missing codec and wild settings by name', async () => {
    const request = { datasetId: 'd', classIndex: 0, count: 5, method: 'augment' as const, seed: 11 };
    await generateBatch(request, undefined, codec);
    await generateBatch(request, undefined, codec);
    const chunks = await database.chunks.where('datasetId').equals('d').sortBy('index');
    const made = chunks.flatMap((c) => c.images ?? []).slice(N).map((b) => Array.from(b));
    expect(made.slice(0, 5)).toEqual(made.slice(5));
    await expect(generateBatch({ ...request, method: 'smote' }, undefined, codec)).rejects.toThrow(/holds images: exemplars come from image augmentation, not smote/);
    await expect(generateBatch(request)).rejects.toThrow(/decoded and encoded/);
    await expect(generateBatch({ ...request, transforms: { flipChance: 0, maxShift: 0.1, maxDegrees: 180, noise: 8 } }, undefined, codec)).rejects.toThrow(/largest rotation must be between 0 and 45 degrees; got 180/);
    const quiet = await generateBatch({ ...request, transforms: { flipChance: 0, maxShift: 0.1, maxDegrees: 10, noise: 0 } }, undefined, codec);
    expect((quiet.report as { notes: string[] }).notes.join(' ')).not.toMatch(/lights up/);
    const rows = { names: ['width', 'height', 'type'], columns: [['12'], ['12'], ['png']] };
    const record = { createdAt: 1, method: 'augment' as const, seed: 1, classIndex: 0, count: 1, realRows: 1, scores: { quality: null, detectionAuc: null }, report: null };
    await expect(appendSyntheticBatch('d', record, rows)).rejects.toThrow(/An image batch needs one image per row \(1\); got none/);
    expect((await database.datasets.get('d'))!.itemCount).toBe(N + 15);
  });

  it("use the built-in pixels embedder's vectors when it ran, and say why a model embedder's are not used", async () => {
    const dataset = (await database.datasets.get('d'))!;
    expect(await chooseImageVectors(dataset)).toMatchObject({ name: IMAGE_VECTORS, note: null, spec: { grid: 8 } });
    const embed = (id: string, model: { kind: 'builtin' | 'user'; id: string }) => ({
      id, datasetId: 'd', kind: 'embed' as const, status: 'done' as const, createdAt: 1, inputs: [], results: {},
      params: { model, modelKey: model.id, modelName: model.id, modelHash: 'h', runtime: model.kind === 'builtin' ? ('builtin' as const) : ('onnx' as const), task: 'embed' as const, deviceChoice: 'auto' as const, batchSize: 64, columns: [`vec:${model.id}`] },
    });
    await database.runs.put(embed('e1', { kind: 'user', id: 'clip' }));
    await database.columns.put({ datasetId: 'd', name: 'vec:clip', chunk: 0, data: new Float32Array(16 * 4) });
    const other = await chooseImageVectors(dataset);
    expect(other).toMatchObject({ name: IMAGE_VECTORS, spec: { grid: 8 } });
    expect(other.note).toMatch(/stored vectors \(clip\), but only for the items their embedder ran on/);

    await database.runs.put(embed('e2', { kind: 'builtin', id: 'image-pixels-embedder' }));
    await database.columns.put({ datasetId: 'd', name: 'vec:image-pixels-embedder', chunk: 0, data: new Float32Array(16 * 196) });
    const pixels = await chooseImageVectors(dataset);
    expect(pixels).toMatchObject({ note: null, spec: { grid: 14 } });
    expect(pixels.name).toMatch(/built-in pixels embedder \(14×14 grey, L2-normalised; 196 dimensions\)/);
    const batch = await generateBatch({ datasetId: 'd', classIndex: 1, count: 6, method: 'augment', seed: 2 }, undefined, codec);
    expect(batch.report).toMatchObject({ dim: 196, vectors: pixels.name });
  });
});
