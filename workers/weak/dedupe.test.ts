import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from '../../src/data/db';
import { latestDedupe, runDedupe } from './dedupe';

const database = useDatabase('dedupe-worker-test');
const never = new AbortController().signal;

function dataset(id: string, kind: Dataset['kind'], fields: string[], n: number): Dataset {
  return { id, name: id, kind, status: 'ready', createdAt: 1, updatedAt: 1, itemCount: n, chunkSize: 4, chunkCount: Math.ceil(n / 4), classes: [{ name: 'a' }, { name: 'b' }], fields, files: [], mapping: { format: 'csv', textColumn: 't', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: n, notices: [], ...(kind === 'table' ? { columnTypes: Object.fromEntries(fields.map((f) => [f, 'numeric'])) } : {}) } as unknown as Dataset;
}

async function store(d: Dataset, text: string[], fields: Record<string, string[]> = {}, images?: Uint8Array[]): Promise<void> {
  await database.datasets.put(d);
  for (let c = 0; c < d.chunkCount; c++) {
    const start = c * d.chunkSize;
    const end = Math.min(d.itemCount, start + d.chunkSize);
    await database.chunks.put({
      datasetId: d.id,
      index: c,
      start,
      count: end - start,
      ids: text.slice(start, end).map((_, i) => `r${start + i}`),
      text: text.slice(start, end),
      fields: Object.fromEntries(Object.entries(fields).map(([f, v]) => [f, v.slice(start, end)])),
      hashes: new Uint32Array(end - start),
      ...(images ? { images: images.slice(start, end) } : {}),
    });
  }
}

describe('the dedupe run', () => {
  it('clusters texts by Jaccard and exact copies, keeps a person-labelled member, marks clusters whose labels differ, and stores a done run', async () => {
    const base = 'the quick brown fox jumps over the lazy dog again and again';
    const texts = [base, 'something else entirely, nothing alike', base.replace('lazy', 'lazy,'), 'ANOTHER  one', 'another one', 'a third unrelated text here'];
    const d = dataset('text', 'text', [], texts.length);
    await store(d, texts);
    const labels = Int16Array.from([0, -1, 1, -1, -1, -1]);
    const result = await runDedupe({ datasetId: 'text', labels, threshold: 0.8 }, never);
    expect(result.method).toBe('text');
    expect(result.clusters).toEqual([[0, 2], [3, 4]]);
    expect(result.keep).toEqual([0, 3]);
    expect(result.disagreeing).toEqual([0]);
    const run = await database.runs.get(result.runId);
    expect(run).toMatchObject({ kind: 'dedupe', status: 'done', results: { clusters: [[0, 2], [3, 4]], exactGroups: 1 } });
    // Read again later with other labels: item 2 relabelled to agree, item 4 labelled by a person.
    const later = await latestDedupe('text', Int16Array.from([0, -1, 0, -1, 1, -1]));
    expect(later).toMatchObject({ runId: result.runId, clusters: [[0, 2], [3, 4]], keep: [0, 4], disagreeing: [] });
  });

  it('reads a text dataset chunk by chunk: a missing chunk fails the run with its number', async () => {
    const texts = ['one text here', 'one text here!', 'two', 'three', 'four', 'five'];
    const d = dataset('gap', 'text', [], texts.length);
    await store(d, texts);
    await database.chunks.delete(['gap', 1]);
    await expect(runDedupe({ datasetId: 'gap', labels: new Int16Array(6).fill(-1), threshold: 0.8 }, never)).rejects.toThrow('Chunk 1 of this dataset is missing');
  });

  it('compares table rows on standardised numeric fields by cosine similarity, rows with equal cells as exact copies', async () => {
    const x = ['1', '5', '9', '1', '5.05', '-3', '7', '2'];
    const y = ['10', '2', '7', '10', '2.05', '4', '-1', '8'];
    const d = dataset('table', 'table', ['x', 'y'], x.length);
    await store(d, x.map(() => ''), { x, y });
    const result = await runDedupe({ datasetId: 'table', labels: new Int16Array(8).fill(-1), threshold: 0.999 }, never);
    expect(result).toMatchObject({ method: 'vectors', vectors: 'standardised fields', exactGroups: 1 });
    expect(result.clusters).toEqual([[0, 3], [1, 4]]);
  });

  it('finds exact image copies by their bytes when no vectors are stored, and refuses a threshold outside (0, 1]', async () => {
    const images = [Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 4), Uint8Array.of(1, 2, 3), Uint8Array.of(9)];
    const d = dataset('images', 'image', [], 4);
    await store(d, ['a.png', 'b.png', 'c.png', 'd.png'], {}, images);
    const result = await runDedupe({ datasetId: 'images', labels: new Int16Array(4).fill(-1), threshold: 0.95 }, never);
    expect(result).toMatchObject({ method: 'exact', vectors: null, clusters: [[0, 2]] });
    await expect(runDedupe({ datasetId: 'images', labels: new Int16Array(4).fill(-1), threshold: 0 }, never)).rejects.toThrow('must be in (0, 1]; got 0');
  });
});
