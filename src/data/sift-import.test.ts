import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Split } from '../core/types';
import { useDatabase, type Dataset } from './db';
import { exportDataset, type ExportFormat } from './export';
import { loadLabelState } from './labels';
import { importSiftExport } from './sift-import';
import { takeSnapshot } from './snapshots';
import { listSources, predColumn, probsColumn, readVotes, votesColumn } from './sources';
import { readSplits } from './splits';

const dataset: Dataset = {
  id: 'src', name: 'round trip', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 6, chunkSize: 4, chunkCount: 2,
  classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#fff' }] as Dataset['classes'],
  fields: ['label', 'note'], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 6, notices: [],
};

async function seed(name: string) {
  const database = useDatabase(name);
  await database.datasets.put(dataset);
  await database.chunks.bulkPut([
    { datasetId: 'src', index: 0, start: 0, count: 4, ids: ['a', 'b', 'c', 'd'], text: ['=1+1', 'multi\nline', 'plain', 'x'], fields: { label: ['L1', 'L2', 'L3', 'L4'], note: ['@n', '', '-1', 'ok'] }, hashes: new Uint32Array(4) },
    { datasetId: 'src', index: 1, start: 4, count: 2, ids: ['e', 'f'], text: ['y', 'z'], fields: { label: ['L5', 'L6'], note: ['', ''] }, hashes: new Uint32Array(2) },
  ]);
  await database.columns.bulkPut([
    { datasetId: 'src', name: 'split', chunk: 0, data: Uint8Array.from([Split.canary, Split.canary, Split.canary, Split.dev]) },
    { datasetId: 'src', name: 'split', chunk: 1, data: Uint8Array.from([Split.train, Split.train]) },
  ]);
  await database.labelEvents.add({ datasetId: 'src', kind: 'set', by: 'import', at: 1000, items: Uint32Array.from([0, 1, 2]), labels: Int16Array.from([0, 1, 1]), prev: Int16Array.from([-1, -1, -1]) });
  await database.labelEvents.add({ datasetId: 'src', kind: 'set', by: 'you', at: 2000, items: Uint32Array.from([3, 5]), labels: Int16Array.from([1]), prev: Int16Array.from([-1, -1]) });
  await database.sources.bulkPut([
    { id: 's1', datasetId: 'src', kind: 'lf', name: 'has link', version: 'v1', definition: { name: 'has link', vote: 1, condition: { kind: 'regex', pattern: 'http' } }, createdAt: 1, updatedAt: 1, enabled: true },
    { id: 's2', datasetId: 'src', kind: 'teacher', name: 'teacher', version: 'v2', definition: {}, createdAt: 2, updatedAt: 2, enabled: false },
  ]);
  await database.columns.bulkPut([
    { datasetId: 'src', name: votesColumn('s1'), chunk: 0, data: Int8Array.from([0, 1, -1, 1]) },
    { datasetId: 'src', name: votesColumn('s1'), chunk: 1, data: Int8Array.from([-1, 0]) },
    { datasetId: 'src', name: votesColumn('s2'), chunk: 0, data: Int8Array.from([1, 1, 1, -1]) },
  ]);
  await database.runs.put({ id: 'lm', datasetId: 'src', kind: 'label-model', status: 'done', createdAt: 5, params: { method: 'mv' }, inputs: [{ sourceId: 's1', version: 'v1' }], results: { chosen: 'mv' } });
  // Item 2 is a tie the run broke towards class 1: the export must carry the run's label, not the first argmax.
  await database.columns.bulkPut([
    { datasetId: 'src', name: probsColumn('lm'), chunk: 0, data: Float32Array.from([0.9, 0.1, 0.25, 0.75, 0.5, 0.5, 0.4, 0.6]) },
    { datasetId: 'src', name: probsColumn('lm'), chunk: 1, data: Float32Array.from([0.5, 0.5, 0.7, 0.3]) },
    { datasetId: 'src', name: predColumn('lm'), chunk: 0, data: Int8Array.from([0, 1, 1, 1]) },
    { datasetId: 'src', name: predColumn('lm'), chunk: 1, data: Int8Array.from([1, 0]) },
  ]);
}

async function labelState(datasetId: string, n: number, chunkSize: number) {
  const { state } = await loadLabelState(datasetId, n);
  const d = { id: datasetId, itemCount: n, chunkSize, chunkCount: Math.ceil(n / chunkSize) } as Dataset;
  const sources = await listSources(datasetId);
  return {
    labels: Array.from(state.label),
    authors: Array.from(state.author),
    at: Array.from(state.at),
    splits: Array.from(await readSplits(d)),
    sources: await Promise.all(sources.map(async (s) => ({ name: s.name, version: s.version, enabled: s.enabled, votes: Array.from(await readVotes(d, s.id)) }))),
  };
}

describe('importing a Sift export', () => {
  for (const format of ['csv', 'jsonl', 'parquet'] as ExportFormat[]) {
    it(`brings back labels, authors, splits, sources, the model output and its canary metrics (${format})`, async () => {
      await seed(`roundtrip-src-${format}`);
      const before = await labelState('src', 6, 4);
      const metrics = (await takeSnapshot('src', { by: 'you', reason: 'test' })).canary;
      const exported = await exportDataset('src', format, undefined, () => {});
      const files = [new File([exported.blob], exported.fileName)];
      if (format !== 'parquet') files.push(new File([JSON.stringify(exported.lineage)], exported.fileName.replace(/\.\w+$/, '.lineage.json')));

      const database = useDatabase(`roundtrip-dst-${format}`);
      const imported = await importSiftExport({ datasetId: 'dst', files });
      expect(imported.itemCount).toBe(6);
      const chunks = await database.chunks.where('datasetId').equals('dst').toArray();
      expect(chunks[0].ids).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      expect(chunks[0].text.slice(0, 2)).toEqual(['=1+1', 'multi\nline']);
      expect(chunks[0].fields).toMatchObject({ label: ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'], note: ['@n', '', '-1', 'ok', '', ''] });
      const after = await labelState('dst', 6, imported.chunkSize);
      expect(after).toEqual(before);
      const snapshot = await takeSnapshot('dst', { by: 'you', reason: 'test' });
      expect(snapshot.canary).toEqual(metrics);
      expect(snapshot.labelModel?.run.params.importedFrom).toMatchObject({ runId: 'lm' });
      expect(imported.notices[0]).toMatch(/Imported from a Sift export of "round trip"/);
    });
  }

  it('explains what is missing', async () => {
    useDatabase('roundtrip-bad');
    await expect(importSiftExport({ datasetId: 'x', files: [new File(['id,text\n'], 'a.csv'), new File(['{}'], 'a.lineage.json')] })).rejects.toThrow('a.lineage.json is not the lineage of a Sift export');
    await expect(importSiftExport({ datasetId: 'x', files: [new File(['{"app":"Sift","dataset":{"classes":["a"]}}'], 'a.lineage.json')] })).rejects.toThrow('Choose the exported CSV or JSONL together with a.lineage.json.');
    await expect(importSiftExport({ datasetId: 'x', files: [new File(['id,text\nq,w\n'], 'a.csv'), new File(['{"app":"Sift","dataset":{"classes":["a"]}}'], 'a.lineage.json')] })).rejects.toThrow('This CSV has no "label" column');
  });
});
