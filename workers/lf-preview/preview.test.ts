import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { NO_LABEL, Split } from '../../src/core/types';
import { useDatabase, type Dataset } from '../../src/data/db';
import { forgetPreviewData, previewLf, type PreviewRequest } from './preview';

const texts = ['Check out my channel', 'nice song', 'SUBSCRIBE to me', 'love it', 'check this out', 'great', 'my video!', 'ok'];
const chunkSize = 3;
let dbCount = 0;
let database = useDatabase('preview-0');

async function seed(): Promise<void> {
  database = useDatabase(`preview-${++dbCount}`);
  const n = texts.length;
  const dataset: Dataset = {
    id: 'ds', name: 'd', kind: 'text', status: 'ready', createdAt: 1, updatedAt: 1, itemCount: n, chunkSize, chunkCount: Math.ceil(n / chunkSize),
    classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#f00' }], fields: ['author'], files: [],
    mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: ['author'] }, committedRows: n, notices: [],
  };
  await database.datasets.add(dataset);
  for (let c = 0; c < dataset.chunkCount; c++) {
    const start = c * chunkSize;
    const slice = texts.slice(start, start + chunkSize);
    await database.chunks.add({ datasetId: 'ds', index: c, start, count: slice.length, ids: slice.map((_, i) => `id${start + i}`), text: slice, fields: { author: slice.map((_, i) => ((start + i) % 2 ? 'bot' : 'alice')) }, hashes: new Uint32Array(slice.length) });
  }
}

const splits = Uint8Array.from([Split.dev, Split.dev, Split.dev, Split.train, Split.canary, Split.train, Split.train, Split.train]);
const labels = Int16Array.from([1, 0, 1, NO_LABEL, 1, NO_LABEL, NO_LABEL, NO_LABEL]);
const request = (condition: unknown, vote = 1): PreviewRequest => ({ datasetId: 'ds', def: { id: 'draft', name: 'draft', vote, condition }, labels, splits });
const keyword = (...keywords: string[]) => ({ kind: 'keyword', keywords, match: 'any', wholeWord: true, caseSensitive: false });
const signal = () => new AbortController().signal;

beforeEach(async () => {
  forgetPreviewData();
  await seed();
});

describe('previewLf', () => {
  it('reads the dataset once, then answers each edit from memory', async () => {
    const first = await previewLf(request(keyword('check', 'subscribe')), signal());
    // "check this out" is canary: neither counted nor shown.
    expect(first).toMatchObject({ datasetItems: 8, eligible: 7, sampled: 7, hits: 2, votesPerClass: [0, 2] });
    expect(first.dev).toMatchObject({ labelled: 3, votes: 2, correct: 2, accuracy: 1 });
    expect(first.examples.map((e) => [e.id, e.text])).toEqual([['id0', 'Check out my channel'], ['id2', 'SUBSCRIBE to me']]);
    expect(first.loadMs).toBeGreaterThan(0);
    // The stored text is gone, yet the next edit is answered: it was never re-read.
    await database.chunks.clear();
    const second = await previewLf(request({ kind: 'metadata', field: 'author', values: ['bot'] }), signal());
    expect(second.loadMs).toBe(0);
    expect(second.examples.map((e) => e.id)).toEqual(['id1', 'id3', 'id5', 'id7']);
  });

  it('reloads when the dataset changed', async () => {
    await previewLf(request(keyword('love')), signal());
    await database.chunks.update(['ds', 1], { text: ['love me', 'check this out', 'great'] });
    await database.datasets.update('ds', { updatedAt: 2 });
    const after = await previewLf(request(keyword('love')), signal());
    expect(after.loadMs).toBeGreaterThan(0);
    expect(after.examples.map((e) => e.text)).toEqual(['love me']);
  });

  it('says what is wrong with an invalid LF', async () => {
    await expect(previewLf(request({ kind: 'regex', pattern: '(unclosed' }), signal())).rejects.toThrow(/condition\.pattern \/\(unclosed\/ does not compile/);
    await expect(previewLf(request({ kind: 'metadata', field: 'likes', values: ['1'] }), signal())).rejects.toThrow(/"likes" is not a field of this dataset/);
    await expect(previewLf(request({ kind: 'similarity', exampleIds: ['id0'], threshold: 0.5 }), signal())).rejects.toThrow(/No live preview for similarity/);
  });

  it('stops when its request is superseded', async () => {
    const controller = new AbortController();
    const pending = previewLf(request(keyword('love')), controller.signal);
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });
});
