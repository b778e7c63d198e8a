import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Split } from '../../src/core/types';
import { readCuratedSelection, saveCuratedSelection, selectionRecord } from '../../src/data/curated-selections';
import { useDatabase, type Dataset } from '../../src/data/db';
import { vectorsColumn } from '../../src/data/model-runs';
import { runDiversity } from './diversity';

const database = useDatabase('diversity-worker-test');
const dataset = { id: 'ds', name: 'd', kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: 6, chunkSize: 4, chunkCount: 2, classes: [{ name: 'a' }, { name: 'b' }], fields: [], files: [], mapping: { format: 'csv', textColumn: 't', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 6, notices: [] } as unknown as Dataset;
// 1-D vectors: items 0–3 pool, 4 dev, 5 canary (far out, so k-center would pick them first if it could).
const splits = Uint8Array.from([Split.train, Split.train, Split.train, Split.train, Split.dev, Split.canary]);
const points = Float32Array.from([0, 1, 9, 10, 100, -100]);
const labels = Int16Array.from([0, -1, -1, 1, 0, 1]);
const request = { datasetId: 'ds', name: 'spread', size: 2, embedderId: 'toy', within: null, labels, splits };

describe('diverse subset run', () => {
  it('says how to get vectors when the dataset has none, and fails the run with that reason', async () => {
    await database.datasets.put(dataset);
    await database.columns.bulkPut([0, 1].map((chunk) => ({ datasetId: 'ds', name: 'split', chunk, data: splits.slice(chunk * 4, chunk * 4 + 4) })));
    await expect(runDiversity(request, new AbortController().signal, () => {})).rejects.toThrow('This dataset has no stored vectors: run an embedder in the Teachers tab first');
    const runs = await database.runs.where('datasetId').equals('ds').toArray();
    expect(runs.map((r) => [r.kind, r.status])).toEqual([['diversity', 'failed']]);
  });

  it('picks pool items only, saves them as a selection and records the radius in a run', async () => {
    await database.columns.bulkPut([0, 1].map((chunk) => ({ datasetId: 'ds', name: vectorsColumn('toy'), chunk, data: points.slice(chunk * 4, chunk * 4 + 4) })));
    const progress: number[] = [];
    const summary = await runDiversity(request, new AbortController().signal, (done) => progress.push(done));
    // Picks 0, then 10 (item 3); item 1 is 1 from item 0, item 2 is 1 from item 3.
    const stored = await readCuratedSelection(dataset, 'spread');
    expect(Array.from(stored.weight)).toEqual([1, 0, 0, 1, 0, 0]);
    expect(Array.from(stored.label)).toEqual([0, -1, -1, 1, -1, -1]);
    expect(summary).toMatchObject({ name: 'spread', picked: 2, candidates: 4, sampled: 4, radius: 1, before: [1, 1, 2], after: [1, 1, 0] });
    expect(summary.labelsFrom).toContain('no label model run yet');
    expect(progress.at(-1)).toBe(2);
    // The export's lineage reads how the selection was built from its save.
    expect((await selectionRecord('ds', 'spread'))?.detail.built).toMatchObject({ method: 'diversity (k-center greedy)', diversity_run: summary.runId, vectors: 'toy', size: 2, radius: 1 });
    const run = await database.runs.get(summary.runId);
    expect(run).toMatchObject({ kind: 'diversity', status: 'done', params: { name: 'spread', size: 2, embedderId: 'toy', within: null }, results: { picked: 2, radius: 1 } });
  });

  it('within a selection: only its members are candidates, and picks keep its weights', async () => {
    const base = { weight: Float32Array.from([0, 2, 0.5, 0, 0, 0]), label: Int16Array.from([-1, 1, 0, -1, -1, -1]), before: [1, 1], after: [1, 1], removed: { threshold: 0, duplicate: 0, balance: 0 }, devPrecision: [null, null] };
    await saveCuratedSelection(dataset, 'base', base);
    const summary = await runDiversity({ ...request, name: 'thin', size: 1, within: 'base' }, new AbortController().signal, () => {});
    expect(summary).toMatchObject({ picked: 1, candidates: 2, radius: 8, labelsFrom: 'selection “base”' });
    const stored = await readCuratedSelection(dataset, 'thin');
    expect(Array.from(stored.weight)).toEqual([0, 2, 0, 0, 0, 0]);
    await expect(runDiversity({ ...request, size: 0 }, new AbortController().signal, () => {})).rejects.toThrow('Pick at least 1 item; got 0.');
  });

  it('never picks a pool item that near-duplicates a dev or canary item once a dedupe run found it', async () => {
    expect((await runDiversity({ ...request, name: 'before' }, new AbortController().signal, () => {})).heldOut).toBeNull();
    // Item 3 (pool) copies item 4 (dev); items 0 and 1 are pool copies of each other, which stay.
    await database.runs.put({ id: 'dedupe-1', datasetId: 'ds', kind: 'dedupe', status: 'done', createdAt: 5, inputs: [], params: { threshold: 0.8, method: 'text' }, results: { clusters: [[0, 1], [3, 4]] } });
    const summary = await runDiversity({ ...request, name: 'clean' }, new AbortController().signal, () => {});
    expect(summary).toMatchObject({ candidates: 3, heldOut: { dedupeRunId: 'dedupe-1', items: 1, kept: false }, heldOutLeft: 1 });
    // Picks 0, then 9 (item 2): item 3 at 10 would have been farther.
    expect(Array.from((await readCuratedSelection(dataset, 'clean')).weight)).toEqual([1, 0, 1, 0, 0, 0]);
    expect((await selectionRecord('ds', 'clean'))?.detail).toMatchObject({ removed: { heldOutCopy: 1 }, built: { held_out_copies: { dedupeRunId: 'dedupe-1', items: 1 } } });
  });
  it('labels unlabelled picks with the label model’s own labels (its dev-tuned decision), not its argmax', async () => {
    // Argmax says "a" everywhere; the run's stored labels (its tuned threshold) say "b".
    const probs = Float32Array.from([0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4, 0.6, 0.4]);
    await database.runs.put({ id: 'lm-1', datasetId: 'ds', kind: 'label-model', status: 'done', createdAt: 6, inputs: [], params: { method: 'mv' }, results: { chosen: 'mv', decision: { kind: 'threshold', positive: 1, threshold: 0.3 } } });
    await database.columns.bulkPut([0, 1].flatMap((chunk) => [
      { datasetId: 'ds', name: 'probs:lm-1', chunk, data: probs.slice(chunk * 8, chunk * 8 + 8) },
      { datasetId: 'ds', name: 'pred:lm-1', chunk, data: Int8Array.from([1, 1, 1, 1, 1, 1]).slice(chunk * 4, chunk * 4 + 4) },
    ]));
    const unlabelled = Int16Array.from([-1, -1, -1, -1, 0, 1]);
    await runDiversity({ ...request, labels: unlabelled, name: 'decided' }, new AbortController().signal, () => {});
    const stored = await readCuratedSelection(dataset, 'decided');
    expect(Array.from(stored.label)).toEqual(Array.from(stored.weight, (w) => (w > 0 ? 1 : -1)));
  });
});
