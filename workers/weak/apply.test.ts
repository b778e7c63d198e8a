import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { compileJsLfs, runJsLfs, type FunctionFactory } from '../../src/core/lf/js-lf';
import { lfVersion, type JsLfDef, type LfDef } from '../../src/core/lf/index';
import { voteState } from '../../src/core/weak/source-state';
import { readColumn } from '../../src/data/columns';
import { useDatabase, type Dataset, type Source } from '../../src/data/db';
import { listRuns } from '../../src/data/runs';
import { votesColumn } from '../../src/data/sources';
import { holdStores, settledWithin } from '../../src/data/test-hold';
import { applyLfs, type JsRunner } from './apply';
import { builtinTextEmbedder } from './embedder';

const texts = ['Check out my channel', 'nice song', 'SUBSCRIBE to me', 'love it', 'check this out', 'great', 'my video!', 'ok'];
const chunkSize = 3;
const runJs: JsRunner = async (lfs, chunk, k) => runJsLfs(compileJsLfs(lfs, Function as unknown as FunctionFactory, new Int32Array(4)), chunk, { classCount: k, timeLimitMs: 1000 });

let database = useDatabase('apply-0');
let dbCount = 0;

async function seed(): Promise<Dataset> {
  database = useDatabase(`apply-${++dbCount}`);
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
    await database.chunks.add({ datasetId: 'ds', index: c, start, count: slice.length, ids: slice.map((_, i) => `id${start + i}`), text: slice, fields: { author: slice.map((_, i) => (start + i) % 2 ? 'bot' : 'alice') }, hashes: new Uint32Array(slice.length) });
  }
  return dataset;
}

function source(id: string, kind: 'lf' | 'js-lf', definition: LfDef | JsLfDef): Source {
  const common = { id, datasetId: 'ds', name: id, version: null, createdAt: 1, updatedAt: 1, enabled: true };
  return 'condition' in definition ? { ...common, kind: 'lf', definition: { ...definition } } : { ...common, kind: 'js-lf', definition: { ...definition } };
}

const keyword: LfDef = { id: 'kw', name: 'kw', vote: 1, condition: { kind: 'keyword', keywords: ['check', 'subscribe'], match: 'any', wholeWord: true, caseSensitive: false } };
const js: JsLfDef = { id: 'js', name: 'short', source: '(item) => item.text.length < 6 ? 0 : -1' };

beforeEach(async () => {
  await seed();
});

describe('applyLfs', () => {
  it('writes one vote column per LF chunk by chunk, records the version that made them and a run', async () => {
    await database.sources.bulkAdd([source('kw', 'lf', keyword), source('js', 'js-lf', js)]);
    const progress: number[] = [];
    const result = await applyLfs('ds', ['kw', 'js'], { runJs, onProgress: (done) => progress.push(done) });
    expect(progress).toEqual([3, 6, 8]);
    expect(result.votes).toEqual([3, 2]);
    const dataset = (await database.datasets.get('ds'))!;
    expect(Array.from(await readColumn(dataset, votesColumn('kw'), Int8Array))).toEqual([1, -1, 1, -1, 1, -1, -1, -1]);
    expect(Array.from(await readColumn(dataset, votesColumn('js'), Int8Array))).toEqual([-1, -1, -1, -1, -1, 0, -1, 0]);
    const stored = (await database.sources.get('kw'))!;
    expect(stored.version).toBe(lfVersion(keyword));
    expect(voteState(stored)).toBe('fresh');
    expect(voteState({ kind: 'lf', version: stored.version, definition: { ...keyword, vote: 0 } })).toBe('stale');
    const [run] = await listRuns('ds', 'apply-lfs');
    expect(run.status).toBe('done');
    expect(run.inputs).toEqual([{ sourceId: 'kw', version: lfVersion(keyword) }, { sourceId: 'js', version: lfVersion(js) }]);
  });

  it('refuses an LF whose regex does not compile before writing anything', async () => {
    const bad: LfDef = { id: 'rx', name: 'broken regex', vote: 1, condition: { kind: 'regex', pattern: '(unclosed' } };
    await database.sources.bulkAdd([source('rx', 'lf', bad)]);
    await expect(applyLfs('ds', ['rx'], { runJs })).rejects.toThrow(/^LF "rx": condition\.pattern .*does not compile/);
    expect(await database.columns.count()).toBe(0);
    expect(await database.runs.count()).toBe(0);
  });

  it('names the JS LF and the dataset item that threw, and leaves the votes marked incomplete', async () => {
    const thrower: JsLfDef = { id: 't', name: 'thrower', source: "(item) => { if (item.text === 'great') throw new Error('boom'); return -1 }" };
    const s = source('t', 'js-lf', thrower);
    await database.sources.add({ ...s, version: 'old' });
    await expect(applyLfs('ds', ['t'], { runJs })).rejects.toThrow('JS LF "t" on item "id5" (item #6) threw Error: boom');
    expect((await database.sources.get('t'))!.version).toBeNull();
    expect((await listRuns('ds', 'apply-lfs'))[0].status).toBe('failed');
  });

  it('stores nothing a subverted sandbox sends: a vote outside the classes, or the wrong number of votes', async () => {
    await database.sources.bulkAdd([source('kw', 'lf', keyword), source('js', 'js-lf', js), source('js2', 'js-lf', { ...js, id: 'js2' })]);
    // What the sandbox sent when an LF hijacked its reply (Object.prototype.then): 77 in a 2-class set.
    const hijacked: JsRunner = async (lfs, chunk) => new Int8Array(chunk.ids.length * lfs.length).fill(77);
    await expect(applyLfs('ds', ['kw', 'js', 'js2'], { runJs: hijacked })).rejects.toThrow(
      'The JS LF sandbox sent a vote of 77 for LF "js" on item "id0" (item #1); votes must be -1 (abstain) to 1 for 2 classes; nothing was stored',
    );
    const short: JsRunner = async (lfs, chunk) => new Int8Array(chunk.ids.length);
    await expect(applyLfs('ds', ['js', 'js2'], { runJs: short })).rejects.toThrow('The JS LF sandbox sent 3 votes where 6 were expected; nothing was stored');
    const array: JsRunner = async (lfs, chunk) => Array.from({ length: chunk.ids.length }, () => 0) as unknown as Int8Array;
    await expect(applyLfs('ds', ['js'], { runJs: array })).rejects.toThrow('The JS LF sandbox sent an Array instead of an Int8Array of votes');
    expect(await database.columns.count()).toBe(0);
    expect((await listRuns('ds', 'apply-lfs')).map((run) => run.status)).toEqual(['failed', 'failed', 'failed']);
  });

  it('stops on cancel between chunks and says so in the run', async () => {
    await database.sources.add(source('kw', 'lf', keyword));
    const controller = new AbortController();
    await expect(applyLfs('ds', ['kw'], { runJs, signal: controller.signal, onProgress: () => controller.abort() })).rejects.toThrow(/Cancelled/);
    expect((await listRuns('ds', 'apply-lfs'))[0].status).toBe('cancelled');
    expect(voteState((await database.sources.get('kw'))!)).toBe('missing');
  });

  it('similarity LFs find their example items by id and vote where the built-in embedding is close enough', async () => {
    const similar: LfDef = { id: 'sim', name: 'like item 0', vote: 1, condition: { kind: 'similarity', exampleIds: ['id0'], threshold: 0.3 } };
    await database.sources.add(source('sim', 'lf', similar));
    const embed = builtinTextEmbedder();
    await applyLfs('ds', ['sim'], { runJs, embed });
    const dataset = (await database.datasets.get('ds'))!;
    const votes = Array.from(await readColumn(dataset, votesColumn('sim'), Int8Array));
    const example = embed(texts[0]);
    const cosine = (v: Float32Array) => v.reduce((sum, x, d) => sum + x * example[d], 0);
    const expected = texts.map((t) => (cosine(embed(t)) >= 0.3 ? 1 : -1));
    expect(votes).toEqual(expected);
    expect(votes[0]).toBe(1);
    expect(expected.filter((v) => v === 1).length).toBeLessThan(texts.length);
    await database.sources.put(source('sim', 'lf', { ...similar, condition: { ...similar.condition, exampleIds: ['nope'] } as LfDef['condition'] }));
    await expect(applyLfs('ds', ['sim'], { runJs, embed })).rejects.toThrow(/nope/);
  });

  it('will not apply an imported source', async () => {
    await database.sources.add({ ...source('imp', 'lf', keyword), kind: 'imported', version: 'imported-1' });
    await expect(applyLfs('ds', ['imp'], { runJs })).rejects.toThrow(/imported source/);
  });

  it('an apply whose reads or run the store does not start in time fails with a specific error and writes nothing later', async () => {
    await database.sources.add(source('kw', 'lf', keyword));
    let holder = await holdStores(database.name, ['sources']);
    expect(await settledWithin(applyLfs('ds', ['kw'], { runJs, startWithinMs: 300 }), 5_000)).toMatch(/^Applying LFs did not start: the browser's storage did not answer within 0.3 s /);
    await holder.release();
    holder = await holdStores(database.name, ['runs']);
    expect(await settledWithin(applyLfs('ds', ['kw'], { runJs, startWithinMs: 300 }), 5_000)).toMatch(/^Applying LF "kw" did not start: the browser's storage did not answer within 0.3 s /);
    await holder.release();
    expect(await database.runs.count()).toBe(0);
    expect(await database.columns.count()).toBe(0);
    await applyLfs('ds', ['kw'], { runJs });
    expect(voteState((await database.sources.get('kw'))!)).toBe('fresh');
  });

  it('an apply whose vote chunk the store does not start in time fails at once with a specific error; the run is marked failed once the store is free', async () => {
    await database.sources.add({ ...source('js', 'js-lf', js), version: lfVersion(js) });
    let holder: { release: () => Promise<void> } | null = null;
    // Another writer takes the votes' stores while the first chunk is being computed.
    const stalling: JsRunner = async (lfs, chunk, k, signal) => {
      holder ??= await holdStores(database.name, ['columns']);
      return runJs(lfs, chunk, k, signal);
    };
    const outcome = await settledWithin(applyLfs('ds', ['js'], { runJs: stalling, startWithinMs: 300 }), 5_000);
    // Ending the run waits for the held store: the error must not.
    expect(outcome).toMatch(/^Applying LF "js" did not start: the browser's storage did not answer within 0.3 s /);
    await holder!.release();
    await expect.poll(async () => (await database.runs.toArray()).map((r) => r.status), { timeout: 5_000 }).toEqual(['failed']);
    expect(await database.columns.count()).toBe(0);
    // The withdrawn first chunk did not mark the votes incomplete.
    expect((await database.sources.get('js'))!.version).toBe(lfVersion(js));
  });
});
