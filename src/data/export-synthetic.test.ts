import 'fake-indexeddb/auto';
import Papa from 'papaparse';
import { parquetReadObjects } from 'hyparquet';
import { strFromU8, unzipSync } from 'fflate';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { exportDataset, type ExportFormat } from './export';
import { importSiftExport } from './sift-import';
import { appendSyntheticBatch, decideBatch, readSyntheticMarks, type NewBatch } from './synthetic';

const base: Dataset = {
  id: 't', name: 'table', kind: 'table', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 6, chunkSize: 4, chunkCount: 2,
  classes: [{ name: 'a', key: '1', color: '#000' }, { name: 'b', key: '2', color: '#fff' }] as Dataset['classes'],
  // A kept field named "synthetic" must not clash with the mark.
  fields: ['x', 'synthetic'], files: [], mapping: { format: 'csv', textColumn: 'x', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['x', 'synthetic'] }, committedRows: 6, notices: [],
};
let database: SiftDb;
let n = 0;

const batch = (count: number): NewBatch => ({ createdAt: 7, method: 'smote', seed: 1, classIndex: 1, count, realRows: 3, scores: { quality: 0.9, detectionAuc: 0.6 }, report: null });
const rows = (count: number) => ({ names: ['x', 'synthetic'], columns: [Array.from({ length: count }, (_, i) => String(100 + i)), Array.from({ length: count }, (_, i) => `c${i}`)] });

beforeEach(async () => {
  database = useDatabase(`export-synthetic-${++n}`);
  await database.datasets.put(base);
  await database.chunks.bulkPut([
    { datasetId: 't', index: 0, start: 0, count: 4, ids: ['r1', 'r2', 'r3', 'r4'], text: ['', '', '', ''], fields: { x: ['1', '2', '3', '4'], synthetic: ['p', 'q', 'p', 'q'] }, hashes: new Uint32Array(4) },
    { datasetId: 't', index: 1, start: 4, count: 2, ids: ['r5', 'r6'], text: ['', ''], fields: { x: ['5', '6'], synthetic: ['p', 'p'] }, hashes: new Uint32Array(2) },
  ]);
  await database.columns.bulkPut([
    { datasetId: 't', name: 'split', chunk: 0, data: Uint8Array.from([Split.canary, Split.dev, 0, 0]) },
    { datasetId: 't', name: 'split', chunk: 1, data: Uint8Array.from([0, 0]) },
  ]);
  await database.labelEvents.add({ datasetId: 't', kind: 'set', by: 'import', at: 1, items: Uint32Array.from([0, 1, 2, 3, 4, 5]), labels: Int16Array.from([0, 1, 0, 1, 1, 1]), prev: new Int16Array(6).fill(-1) });
  // Batch 1 (2 exemplars of "b") accepted, batch 2 (1 exemplar) still pending.
  await appendSyntheticBatch('t', batch(2), rows(2));
  await decideBatch('t', 1, { status: 'accepted', at: 9, criteria: { minQuality: 0.8, maxDetectionAuc: 0.8 } });
  await appendSyntheticBatch('t', batch(1), rows(1));
});

// Class b has 4 real items and 2 accepted exemplars: each weighs 4 / 6; the pending exemplar 0; class a 1.
const b = Math.round((4 / 6) * 1e6) / 1e6;
const expected = [
  ['r1', 'false', '', '1'],
  ['r2', 'false', '', String(b)],
  ['r3', 'false', '', '1'],
  ['r4', 'false', '', String(b)],
  ['r5', 'false', '', String(b)],
  ['r6', 'false', '', String(b)],
  ['syn1-1', 'true', '1', String(b)],
  ['syn1-2', 'true', '1', String(b)],
  ['syn2-1', 'true', '2', '0'],
];

async function exported(format: ExportFormat) {
  return exportDataset('t', format, undefined, () => undefined);
}

describe('synthetic exemplars in exports', () => {
  it('CSV: every row says whether it is synthetic, its batch and its training weight; the kept field keeps its values', async () => {
    const out = await exported('csv');
    const parsed = Papa.parse<Record<string, string>>(await out.blob.text(), { header: true, skipEmptyLines: true });
    expect(parsed.data.map((r) => [r.id, r.synthetic, r.synthetic_batch, r.training_weight])).toEqual(expected);
    expect(parsed.data.map((r) => r.field_synthetic)).toEqual(['p', 'q', 'p', 'q', 'p', 'p', 'c0', 'c1', 'c0']);
    expect(parsed.data.map((r) => r.split).slice(6)).toEqual(['train', 'train', 'train']);
  });

  it('JSONL: typed values (true, batch number, weight)', async () => {
    const records = (await (await exported('jsonl')).blob.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(records.map((r) => [r.id, r.synthetic, r.synthetic_batch, r.training_weight])).toEqual(expected.map(([id, s, n, w]) => [id, s === 'true', n === '' ? null : Number(n), Number(w)]));
  });

  it('Parquet: boolean, integer and double columns', async () => {
    const out = await exported('parquet');
    const records = (await parquetReadObjects({ file: await out.blob.arrayBuffer() })) as Record<string, unknown>[];
    expect(records.map((r) => [r.id, r.synthetic, r.synthetic_batch, r.training_weight])).toEqual(expected.map(([id, s, n, w]) => [id, s === 'true', n === '' ? null : Number(n), Number(w)]));
  });

  it('Hugging Face: the train split holds the marks, typed in the card', async () => {
    const out = await exported('hf');
    const files = unzipSync(new Uint8Array(await out.blob.arrayBuffer()));
    const card = strFromU8(files['table/README.md']);
    expect(card).toMatch(/name: synthetic\s+dtype: bool/);
    expect(card).toMatch(/name: training_weight\s+dtype: float64/);
    const train = files['table/data/train-00000-of-00001.parquet'];
    const records = (await parquetReadObjects({ file: train.buffer.slice(train.byteOffset, train.byteOffset + train.byteLength) as ArrayBuffer })) as Record<string, unknown>[];
    expect(records.map((r) => [r.id, r.synthetic, r.synthetic_batch])).toEqual([['r3', false, null], ['r4', false, null], ['r5', false, null], ['r6', false, null], ['syn1-1', true, 1], ['syn1-2', true, 1], ['syn2-1', true, 2]]);
  });

  it('the lineage lists each batch with its method, class, scores and decision', async () => {
    const { lineage } = await exported('csv');
    const synthetic = lineage.synthetic as { columns: string[]; batches: Record<string, unknown>[] };
    expect(synthetic.columns).toEqual(['synthetic', 'synthetic_batch', 'training_weight']);
    expect(synthetic.batches.map((x) => [x.batch, x.method, x.class, x.count, x.first_item, x.in_training, (x.decision as { status: string }).status])).toEqual([
      [1, 'smote', 'b', 2, 6, true, 'accepted'],
      [2, 'smote', 'b', 1, 8, false, 'pending'],
    ]);
    expect(synthetic.batches[0].scores).toEqual({ quality: 0.9, detection_auc: 0.6 });
  });

  it('a dataset without batches exports no synthetic columns', async () => {
    await database.datasets.update('t', { syntheticBatches: [] });
    const out = await exported('csv');
    expect((await out.blob.text()).split('\n')[0]).not.toMatch(/synthetic_batch|training_weight/);
    expect(out.lineage.synthetic).toBeUndefined();
  });

  for (const format of ['csv', 'jsonl', 'parquet'] as const) {
    it(`${format}: an import of the export brings the exemplars back as synthetic, with their batches and decisions`, async () => {
      const out = await exported(format);
      const files = [new File([out.blob], out.fileName)];
      if (format !== 'parquet') files.push(new File([JSON.stringify(out.lineage)], out.fileName.replace(/\.\w+$/, '.lineage.json')));
      const dataset = await importSiftExport({ datasetId: 'back', files });
      expect(Array.from(await readSyntheticMarks(dataset))).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2]);
      expect(dataset.fields).toEqual(['x', 'synthetic']);
      expect(dataset.syntheticBatches!.map((x) => [x.number, x.start, x.count, x.classIndex, x.decision.status, x.report])).toEqual([
        [1, 6, 2, 1, 'accepted', null],
        [2, 8, 1, 1, 'pending', null],
      ]);
    });
  }

  it('refuses an export whose exemplar was moved into dev', async () => {
    const out = await exported('csv');
    const text = (await out.blob.text()).replace(/(syn2-1,.*?),train,/, '$1,dev,');
    const files = [new File([text], 'table.csv'), new File([JSON.stringify(out.lineage)], 'table.lineage.json')];
    await expect(importSiftExport({ datasetId: 'back', files })).rejects.toThrow('Row 9 (syn2-1) is a synthetic exemplar in the dev split; exemplars may only be in train.');
  });
});
