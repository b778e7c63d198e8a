import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { fitIndices } from '../core/canary';
import { CsvParser } from '../core/formats/csv';
import type { FidelityReport } from '../core/fidelity/report';
import { Split } from '../core/types';
import { useDatabase, type Dataset, type SiftDb } from './db';
import { readSplits } from './splits';
import { fidelityOfSets, generateBatch } from './synthetic-run';
import { readSyntheticMarks } from './synthetic';

// wine.csv as the CSV wizard imports it: one column becomes the text (here "alcohol"), the rest fields.
const parser = new CsvParser('wine.csv');
const rows = [...parser.push(readFileSync('public/sample/tabular/wine.csv', 'utf8')).rows, ...parser.finish().rows];
const names = parser.columns!;
const col = (name: string) => rows.map((r) => r[names.indexOf(name)]);
const fields = names.filter((n) => !['id', 'alcohol', 'cultivar'].includes(n));
const classes = ['cultivar_0', 'cultivar_1', 'cultivar_2'];
const labels = col('cultivar').map((c) => classes.indexOf(c));

let database: SiftDb;
let n = 0;
beforeEach(async () => {
  database = useDatabase(`synthetic-run-${++n}`);
  const dataset: Dataset = {
    id: 'w', name: 'wine', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: rows.length, chunkSize: 64, chunkCount: 3,
    classes: classes.map((name, i) => ({ name, key: String(i + 1), color: '#000' })) as Dataset['classes'],
    fields, files: [], mapping: { format: 'csv', textColumn: 'alcohol', idColumn: 'id', labelColumn: 'cultivar', labelValues: {}, keepColumns: fields }, committedRows: rows.length, notices: [],
  };
  await database.datasets.put(dataset);
  for (let c = 0; c < 3; c++) {
    const start = c * 64;
    const end = Math.min(rows.length, start + 64);
    const slice = <T,>(xs: T[]) => xs.slice(start, end);
    await database.chunks.put({ datasetId: 'w', index: c, start, count: end - start, ids: slice(col('id')), text: slice(col('alcohol')), fields: Object.fromEntries(fields.map((f) => [f, slice(col(f))])), hashes: new Uint32Array(end - start) });
    // Every fifth item is canary, so generation must leave them out.
    await database.columns.put({ datasetId: 'w', name: 'split', chunk: c, data: Uint8Array.from({ length: end - start }, (_, i) => ((start + i) % 5 === 0 ? Split.canary : Split.train)) });
  }
  await database.labelEvents.add({ datasetId: 'w', kind: 'set', by: 'import', at: 1, items: Uint32Array.from(labels.keys()), labels: Int16Array.from(labels), prev: new Int16Array(labels.length).fill(-1) });
});

describe('generating a batch from a dataset', () => {
  it('makes SMOTE exemplars of one class from its real train rows, scores them and appends them', async () => {
    const phases: string[] = [];
    const trainOfClass = fitIndices(await readSplits((await database.datasets.get('w'))!), 'training', 'train').filter((i) => labels[i] === 2).length;
    const batch = await generateBatch({ datasetId: 'w', classIndex: 2, count: 30, method: 'smote', seed: 1 }, (p) => phases.push(p));
    expect(phases).toEqual(['reading', 'generating', 'scoring', 'writing']);
    expect(batch).toMatchObject({ number: 1, start: 178, count: 30, realRows: trainOfClass, method: 'smote' });
    expect(batch.scores.quality).toBeGreaterThan(0.5);
    expect(batch.scores.detectionAuc).toBeGreaterThan(0);
    const report = batch.report as { columns: Record<string, unknown>; detection: { fold_aucs: number[] } };
    expect(Object.keys(report.columns)).toEqual(['alcohol', ...fields]);
    expect(report.detection.fold_aucs).toHaveLength(5);
    const dataset = (await database.datasets.get('w'))!;
    expect(dataset.itemCount).toBe(208);
    const marks = await readSyntheticMarks(dataset);
    expect(marks.slice(178).every((m) => m === 1)).toBe(true);
    // Interpolated alcohol values stay inside the class's range (the text column is a column too).
    const chunk = (await database.chunks.get(['w', 3]))!;
    const alcohol = col('alcohol').filter((_, i) => labels[i] === 2).map(Number);
    for (const t of chunk.text) expect(Number(t)).toBeGreaterThanOrEqual(Math.min(...alcohol));
    // The same report, asked for as two item sets.
    const sets = await fidelityOfSets('w', { set: { kind: 'split', split: 'train' }, classIndex: 2 }, { set: { kind: 'batch', number: 1 }, classIndex: null });
    expect(sets.rows).toEqual({ a: trainOfClass, b: 30 });
    expect(Object.keys((sets.report as FidelityReport).columns)).toContain('label');
  });

  it('says why when a class has too few rows or the dataset no numbers', async () => {
    await expect(generateBatch({ datasetId: 'w', classIndex: 0, count: 0, method: 'copula', seed: 1 })).rejects.toThrow(/whole number from 1/);
    await database.datasets.update('w', { kind: 'table' });
    await expect(generateBatch({ datasetId: 'w', classIndex: 2, count: 5, method: 'augment', seed: 1 })).rejects.toThrow('Augmentation makes text exemplars; "wine" is a table: use SMOTE or the Gaussian copula.');
    await database.datasets.update('w', { kind: 'text' });
    await database.labelEvents.clear();
    await expect(generateBatch({ datasetId: 'w', classIndex: 0, count: 5, method: 'copula', seed: 1 })).rejects.toThrow(/Class "cultivar_0" has 0 labeled real items in train/);
    await expect(fidelityOfSets('w', { set: { kind: 'synthetic' }, classIndex: null }, { set: { kind: 'real' }, classIndex: null })).rejects.toThrow(/first set has no items/);
  });
});
