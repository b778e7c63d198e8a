import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { readColumn } from './columns';
import { useDatabase, type ImportMapping } from './db';
import { getDataset } from './datasets';
import { computeDrift } from './drift';
import { beginImport, runImport } from './import';
import { appendImport, readImportBatches } from './import-append';
import { loadLabelState } from './labels';
import { readSplits } from './splits';
import { appendSyntheticBatch } from './synthetic';
import { fidelityOfSets } from './synthetic-run';
import { holdStores, settledWithin } from './test-hold';

let n = 0;
beforeEach(() => {
  useDatabase(`import-append-${++n}`);
});

const classes = [
  { name: 'lo', color: '#000', key: '1' },
  { name: 'hi', color: '#fff', key: '2' },
];
const mapping: ImportMapping = { format: 'csv', delimiter: ',', textColumn: null, idColumn: 'id', labelColumn: 'y', labelValues: { lo: 0, hi: 1 }, keepColumns: ['x', 'kind'], columnTypes: { x: 'numeric', kind: 'categorical' } };
const rows = (from: number, count: number, shift: number, kind: string) =>
  Array.from({ length: count }, (_, i) => `r${from + i},${(((i * 37) % 100) / 10 + shift).toFixed(1)},${kind},${i % 2 ? 'hi' : 'lo'}`).join('\n');

async function imported(csv: string): Promise<void> {
  const file = new File([`id,x,kind,y\n${csv}\n`], 'first.csv');
  await beginImport({ datasetId: 't', name: 'batches', files: [file], mapping, classes });
  await runImport('t', [file], undefined, () => undefined);
}

describe('adding rows as an import batch', () => {
  it('appends after the last item (filling its chunk), marks batch 2, labels and splits the new rows', async () => {
    await imported(rows(0, 50, 0, 'a'));
    // An id already present gets a suffix; an unmapped label is added unlabeled.
    const file = new File([`id,x,kind,y\nr0,1.5,b,hi\nn1,2.5,b,maybe\nn2,3.5,b,lo\n`], 'later.csv');
    const { batch, notices } = await appendImport('t', [file]);
    expect(batch).toMatchObject({ number: 2, start: 50, count: 3, files: [{ name: 'later.csv' }] });
    expect(notices).toEqual(['1 id was already in the dataset and got a ~2, ~3… suffix.', '1 row had a label value that is not mapped to a class; they were added unlabeled.']);
    const dataset = (await getDataset('t'))!;
    expect(dataset).toMatchObject({ itemCount: 53, committedRows: 53, chunkCount: 1, importBatches: [batch] });
    expect(Array.from(await readImportBatches(dataset)).slice(48)).toEqual([1, 1, 2, 2, 2]);
    expect(Array.from((await readSplits(dataset)).slice(50))).toEqual([Split.train, Split.train, Split.train]);
    const { state } = await loadLabelState('t', 53);
    expect(Array.from(state.label.slice(49))).toEqual([1, 1, -1, 0]);
    const chunk = (await import('./db')).db().chunks.get(['t', 0]);
    expect((await chunk)!.ids.slice(49)).toEqual(['r49', 'r0~2', 'n1', 'n2']);
    expect((await chunk)!.fields.x.slice(50)).toEqual(['1.5', '2.5', '3.5']);
  });

  it('a third batch gets number 3; synthetic exemplars belong to no import batch', async () => {
    await imported(rows(0, 4, 0, 'a'));
    await appendImport('t', [new File([`id,x,kind,y\n${rows(10, 2, 0, 'a')}\n`], 'b2.csv')]);
    await appendSyntheticBatch('t', { createdAt: 1, method: 'smote', seed: 1, classIndex: 0, count: 1, realRows: 2, scores: { quality: 1, detectionAuc: 0.5 }, report: null }, { names: ['x', 'kind'], columns: [['1'], ['a']] });
    await appendImport('t', [new File([`id,x,kind,y\n${rows(20, 2, 0, 'a')}\n`], 'b3.csv')]);
    const dataset = (await getDataset('t'))!;
    expect(Array.from(await readImportBatches(dataset))).toEqual([1, 1, 1, 1, 2, 2, 0, 3, 3]);
    expect(Array.from(await readColumn(dataset, 'synthetic', Uint8Array))).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('refuses a file without the dataset\'s columns, and keeps nothing of it', async () => {
    await imported(rows(0, 4, 0, 'a'));
    await expect(appendImport('t', [new File(['id,x,y\nq,1,lo\n'], 'bad.csv')])).rejects.toThrow('bad.csv has no column "kind", which this dataset was imported with (its columns: id, x, y).');
    await expect(appendImport('t', [new File(['id,x,kind,y\n'], 'empty.csv')])).rejects.toThrow('empty.csv has only a header');
    expect((await getDataset('t'))!.itemCount).toBe(4);
  });

  it('drift compares batch 1 with batch 2: a shifted batch drifts, a like one does not', async () => {
    await imported(rows(0, 200, 0, 'a'));
    await appendImport('t', [new File([`id,x,kind,y\n${rows(1000, 200, 5, 'b')}\n`], 'shifted.csv')]);
    await appendImport('t', [new File([`id,x,kind,y\n${rows(2000, 200, 0, 'a')}\n`], 'alike.csv')]);
    const side = (batch: number) => ({ items: { kind: 'import' as const, batch }, labels: { kind: 'current' as const } });
    const shifted = await computeDrift({ datasetId: 't', reference: side(1), current: side(2) });
    expect(shifted.features.columns.x).toMatchObject({ test: 'ks', drift: true });
    expect(shifted.features.columns.kind.drift).toBe(true);
    expect(shifted.features.dataset_drift).toBe(true);
    const alike = await computeDrift({ datasetId: 't', reference: side(1), current: side(3) });
    expect(alike.features.columns.x).toMatchObject({ test: 'ks', drift: false, statistic: 0 });
    expect(alike.features.dataset_drift).toBe(false);
    await expect(computeDrift({ datasetId: 't', reference: side(1), current: side(9) })).rejects.toThrow('Import batch 9 has no items in this dataset.');
    // The fidelity of batch against batch: the alike one scores higher.
    const set = (batch: number) => ({ set: { kind: 'import' as const, batch }, classIndex: null });
    const [shiftedReport, alikeReport] = [await fidelityOfSets('t', set(1), set(2)), await fidelityOfSets('t', set(1), set(3))];
    expect(shiftedReport.rows).toEqual({ a: 200, b: 200 });
    expect(alikeReport.report.column_shapes!).toBeGreaterThan(shiftedReport.report.column_shapes!);
  });

  it('behind a transaction on another connection that never ends, fails in bounded time with a specific error and adds nothing later', async () => {
    await imported(rows(0, 10, 0, 'a'));
    const holder = await holdStores(`import-append-${n}`, ['chunks']);

    const outcome = await settledWithin(appendImport('t', [new File([`id,x,kind,y\n${rows(10, 5, 0, 'a')}\n`], 'late.csv')], undefined, 300), 5_000);
    // Without a start deadline the append waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Adding the rows of late\.csv did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);

    await holder.release();
    expect((await getDataset('t'))?.itemCount).toBe(10);
    expect(await readImportBatches((await getDataset('t'))!)).toHaveLength(10);
    await appendImport('t', [new File([`id,x,kind,y\n${rows(10, 5, 0, 'a')}\n`], 'late.csv')]);
    expect((await getDataset('t'))?.itemCount).toBe(15);
  });
});

