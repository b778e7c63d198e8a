import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { AbortedError, SiftError } from '../core/errors';
import { runStepTitle } from '../core/records/run-titles';
import { useDatabase, type ColumnChunk, type SiftDb } from './db';
import { beginRun, commitRunChunk, discardInterruptedRun, endRunWithError, finishRun, listInterruptedRuns, resumeRun, runLockName, settleStoppedRuns, sweepInterruptedRuns, underRunLock, type RunLocks } from './run-lifecycle';
import { predColumn, probsColumn } from './sources';
import { holdStores, settledWithin } from './test-hold';

/**
 * Exclusive named locks with the Web Locks semantics the lifecycle relies on (Node has no
 * navigator.locks): a held name is reported by query() and makes `ifAvailable` requests get null.
 */
function lockManager(): RunLocks & { held: Set<string> } {
  const held = new Set<string>();
  const queues = new Map<string, Promise<unknown>>();
  const request = (name: string, a: unknown, b?: unknown) => {
    const options = (typeof a === 'function' ? {} : a) as LockOptions;
    const callback = (typeof a === 'function' ? a : b) as (lock: Lock | null) => Promise<unknown>;
    if (options.ifAvailable && held.has(name)) return Promise.resolve(callback(null));
    const run = (queues.get(name) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      held.add(name);
      try {
        return await callback({ name, mode: 'exclusive' } as Lock);
      } finally {
        held.delete(name);
      }
    });
    queues.set(name, run);
    return run;
  };
  return { held, request: request as RunLocks['request'], query: async () => ({ held: [...held].map((name) => ({ name, mode: 'exclusive' as const })), pending: [] }) };
}

let database: SiftDb;
let n = 0;
beforeEach(() => {
  database = useDatabase(`run-lifecycle-${n++}`);
});
const databaseName = () => `run-lifecycle-${n - 1}`;

const chunk = (name: string, c: number, values: number[]): ColumnChunk => ({ datasetId: 'd', name, chunk: c, data: Float32Array.from(values) });
const columnNames = async () => (await database.columns.where('datasetId').equals('d').toArray()).map((c) => `${c.name}#${c.chunk}`).sort();

async function teacherRun(id: string, createdSource: boolean) {
  const params = { columns: ['probs:t', 'votes:t'], sourceId: 't', modelName: 'm', model: { kind: 'user' as const, id: 'm' }, modelKey: 'm', modelHash: 'h', runtime: 'onnx' as const, task: 'classify' as const, deviceChoice: 'wasm' as const, batchSize: 8 };
  const run = await beginRun({ id, datasetId: 'd', kind: 'teacher', params, inputs: [] }, {
    checkpoint: { nextChunk: 0, itemsDone: 0, device: '', reason: '' },
    prepare: async () => {
      if (!createdSource) return;
      await database.sources.put({ id: 't', datasetId: 'd', kind: 'teacher', name: 'm', version: null, definition: {}, createdAt: 1, updatedAt: 1, enabled: true });
      return { createdSource: true };
    },
  });
  await commitRunChunk(id, [chunk('probs:t', 0, [0.5, 0.5]), { datasetId: 'd', name: 'votes:t', chunk: 0, data: Int8Array.from([1]) }], { nextChunk: 1, itemsDone: 1, device: '', reason: '', createdSource });
  return run;
}

describe('run lifecycle', () => {
  it('sweeps runs whose lock nobody holds: a resumable run keeps its chunks, another loses its own columns, a live run stays running', async () => {
    const locks = lockManager();
    await teacherRun('teach', true);
    await beginRun({ id: 'lm', datasetId: 'd', kind: 'label-model', params: {}, inputs: [] });
    await database.columns.bulkPut([chunk(probsColumn('lm'), 0, [1, 0]), chunk(predColumn('lm'), 0, [0])]);
    let release!: () => void;
    const live = underRunLock('apply', async () => {
      await beginRun({ id: 'apply', datasetId: 'd', kind: 'apply-lfs', params: { sources: [] }, inputs: [] });
      await new Promise<void>((resolve) => (release = resolve));
    }, { locks });
    await expect.poll(() => locks.held.has(runLockName('apply'))).toBe(true);
    await expect.poll(async () => (await database.runs.get('apply'))?.status).toBe('running');

    const interrupted = await sweepInterruptedRuns('d', locks);
    expect(interrupted.map((r) => r.id).sort()).toEqual(['lm', 'teach']);
    expect(interrupted.every((r) => r.status === 'interrupted' && String(r.results.error).startsWith('Interrupted'))).toBe(true);
    expect((await database.runs.get('apply'))!.status).toBe('running');
    expect(await columnNames()).toEqual(['probs:t#0', 'votes:t#0']);
    expect((await database.runs.get('teach'))!.checkpoint).toMatchObject({ nextChunk: 1 });
    release();
    await live;

    const resumed = await resumeRun('teach');
    expect(resumed.status).toBe('running');
    expect(resumed.results.error).toBeUndefined();
    await expect(resumeRun('lm')).rejects.toMatchObject({ code: 'run-not-resumable' });
  });

  it('discarding an interrupted run removes what it wrote and the source it created, and it cannot resume', async () => {
    const locks = lockManager();
    await teacherRun('teach', true);
    await sweepInterruptedRuns('d', locks);
    await discardInterruptedRun('teach', locks);
    expect(await database.runs.get('teach')).toMatchObject({ status: 'cancelled', results: { discarded: true } });
    expect(await columnNames()).toEqual([]);
    expect(await database.sources.get('t')).toBeUndefined();
    await expect(resumeRun('teach')).rejects.toMatchObject({ code: 'run-discarded' });
    expect((await sweepInterruptedRuns('d', locks)).length).toBe(0);
  });

  it("after a worker was stopped its runs are recorded as cancelled; with the store held the Cancel is not kept waiting and the next sweep finds them", async () => {
    const locks = lockManager();
    const startedAt = Date.now() - 1;
    await beginRun({ id: 'student-a', datasetId: 'd', kind: 'student', params: {}, inputs: [] });
    await settleStoppedRuns('d', 'student', startedAt, 'Cancelled: the training worker was stopped.', locks);
    expect(await database.runs.get('student-a')).toMatchObject({ status: 'cancelled', results: { error: 'Cancelled: the training worker was stopped.' } });

    await beginRun({ id: 'student-b', datasetId: 'd', kind: 'student', params: {}, inputs: [] });
    const holder = await holdStores(databaseName(), ['runs']);
    expect(await settledWithin(settleStoppedRuns('d', 'student', startedAt, 'Cancelled: the training worker was stopped.', locks, 300), 5_000)).toBe('resolved');
    await holder.release();
    expect((await database.runs.get('student-b'))?.status).toBe('running');
    expect((await sweepInterruptedRuns('d', locks)).map((r) => r.id)).toEqual(['student-b']);
  });

  it('a discard the store does not start in time fails with a specific error and removes nothing, then or later', async () => {
    const locks = lockManager();
    await teacherRun('teach', true);
    await sweepInterruptedRuns('d', locks);
    const holder = await holdStores(databaseName(), ['columns']);
    const outcome = await settledWithin(discardInterruptedRun('teach', locks, 300), 5_000);
    // Without the deadline the click waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Discarding the run did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect((await database.runs.get('teach'))?.status).toBe('interrupted');
    expect(await columnNames()).toEqual(['probs:t#0', 'votes:t#0']);
    await discardInterruptedRun('teach', locks);
    expect(await database.runs.get('teach')).toMatchObject({ status: 'cancelled', results: { discarded: true } });
  });

  it('a failure removes partial outputs (a pre-existing source stays), a cancel keeps them for resuming', async () => {
    await teacherRun('a', false);
    await endRunWithError('a', new AbortedError(), { cancelledAtChunk: 1 });
    expect(await database.runs.get('a')).toMatchObject({ status: 'cancelled', results: { cancelledAtChunk: 1, error: 'Cancelled' } });
    expect(await columnNames()).toEqual(['probs:t#0', 'votes:t#0']);
    await resumeRun('a');
    await endRunWithError('a', Object.assign(new Error('Chunk 2 is missing'), { code: 'chunk-missing' }));
    expect(await database.runs.get('a')).toMatchObject({ status: 'failed', results: { error: 'Chunk 2 is missing', code: 'chunk-missing' } });
    expect(await columnNames()).toEqual([]);
    await expect(resumeRun('a')).rejects.toMatchObject({ code: 'run-finished' });
  });

  it('a newer run over the same columns supersedes an unfinished one: it may not write, and its end leaves the newer outputs alone', async () => {
    await teacherRun('old', true);
    await teacherRun('new', false);
    expect(await database.runs.get('old')).toMatchObject({ status: 'cancelled', results: { supersededBy: 'new' } });
    await expect(commitRunChunk('old', [chunk('probs:t', 1, [0, 1])], { nextChunk: 2 })).rejects.toMatchObject({ code: 'run-superseded' });
    await expect(finishRun('old', {})).rejects.toMatchObject({ code: 'run-superseded' });
    await endRunWithError('old', new Error('superseded'));
    expect((await database.runs.get('old'))!.status).toBe('cancelled');
    expect(await columnNames()).toEqual(['probs:t#0', 'votes:t#0']);
    expect(await database.sources.get('t')).toBeDefined();
    await expect(resumeRun('old')).rejects.toMatchObject({ code: 'run-superseded' });
  });

  it('finishes with its outputs in one transaction: when a write in it fails, neither outputs nor "done" are stored', async () => {
    await beginRun({ id: 'cal', datasetId: 'd', kind: 'calibration', params: { key: 'x', method: 'temperature' }, inputs: [] });
    const failing = finishRun('cal', { ok: true }, { outputs: [chunk('calprobs:x', 0, [0.3, 0.7])], within: async () => { throw new Error('disk full'); } });
    await expect(failing).rejects.toThrow('disk full');
    expect((await database.runs.get('cal'))!.status).toBe('running');
    expect(await columnNames()).toEqual([]);
    const inputs = [{ sourceId: 'x', version: 'v1', revision: 3 }];
    expect(await finishRun('cal', { ok: true }, { outputs: [chunk('calprobs:x', 0, [0.3, 0.7])], inputs, within: async () => 'basis' })).toBe('basis');
    expect(await database.runs.get('cal')).toMatchObject({ status: 'done', results: { ok: true }, inputs });
    expect(await columnNames()).toEqual(['calprobs:x#0']);
  });

  it('refuses to take a run whose lock another tab holds, when asked not to wait', async () => {
    const locks = lockManager();
    let release!: () => void;
    const first = underRunLock('r', () => new Promise<void>((resolve) => (release = resolve)), { locks });
    await expect.poll(() => locks.held.has(runLockName('r'))).toBe(true);
    await expect(underRunLock('r', async () => 'second', { ifFree: true, locks })).rejects.toMatchObject({ code: 'run-running' });
    release();
    await first;
    expect(await underRunLock('r', async () => 'second', { ifFree: true, locks })).toBe('second');
  });

  it('a run whose begin the store does not start in time fails with a specific error, and nothing of it is written later', async () => {
    await database.open();
    const holder = await holdStores(databaseName(), ['runs']);
    const outcome = await settledWithin(beginRun({ id: 'lm', datasetId: 'd', kind: 'label-model', params: {}, inputs: [] }, { audit: {}, startWithinMs: 300 }), 5_000);
    // Without the deadline the begin waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Label model fit did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    await holder.release();
    expect(await database.runs.count()).toBe(0);
    expect(await database.audit.count()).toBe(0);
    await beginRun({ id: 'lm', datasetId: 'd', kind: 'label-model', params: {}, inputs: [] }, { what: 'Running label models' });
    expect((await database.runs.get('lm'))?.status).toBe('running');
  });

  it("a teacher run's chunk the store does not start in time fails it at once; it is interrupted with its earlier chunks, nothing of that chunk lands later, and it resumes", async () => {
    await teacherRun('teach', true);
    const holder = await holdStores(databaseName(), ['columns']);
    const next = [chunk('probs:t', 1, [0.2, 0.8]), { datasetId: 'd', name: 'votes:t', chunk: 1, data: Int8Array.from([1]) }];
    const outcome = await settledWithin(commitRunChunk('teach', next, { nextChunk: 2, itemsDone: 2, device: '', reason: '', createdSource: true }, { what: runStepTitle('teacher', 'chunk'), startWithinMs: 300 }), 5_000);
    // Without the deadline the chunk waits for as long as the other transaction runs.
    expect(outcome).toMatch(/^Saving a chunk \(Teacher run\) did not start: the browser's storage did not answer within 0.3 s .*Nothing was saved/);
    // Ending the run waits behind the same writer: the caller is not kept waiting for it.
    expect(await settledWithin(endRunWithError('teach', new SiftError('store/busy', outcome)), 1_000)).toBe('resolved');
    await holder.release();
    await expect.poll(async () => (await database.runs.get('teach'))?.status).toBe('interrupted');
    const stopped = (await database.runs.get('teach'))!;
    expect(stopped.results).toMatchObject({ code: 'store/busy', error: outcome });
    expect(stopped.checkpoint).toMatchObject({ nextChunk: 1 });
    expect(await columnNames()).toEqual(['probs:t#0', 'votes:t#0']);
    expect(await database.sources.get('t')).toBeDefined();
    expect((await listInterruptedRuns('d')).map((r) => r.id)).toEqual(['teach']);
    expect((await resumeRun('teach')).status).toBe('running');
  });

  it("a resume the store does not start in time fails with a specific error and leaves the run as it was, to resume later", async () => {
    await teacherRun('teach', false);
    await endRunWithError('teach', new AbortedError());
    const holder = await holdStores(databaseName(), ['runs']);
    const outcome = await settledWithin(resumeRun('teach', { what: runStepTitle('teacher', 'resume'), startWithinMs: 300 }), 5_000);
    expect(outcome).toMatch(/^Resuming \(Teacher run\) did not start: the browser's storage did not answer within 0.3 s/);
    await holder.release();
    expect((await database.runs.get('teach'))?.status).toBe('cancelled');
    expect((await resumeRun('teach')).status).toBe('running');
  });

  it("a run's finish the store does not start in time fails with a specific error; nothing of it lands later and the run fails without its outputs", async () => {
    await beginRun({ id: 'lm', datasetId: 'd', kind: 'label-model', params: {}, inputs: [] });
    // Only the finish writes run weights: held, everything before the finish goes on.
    const holder = await holdStores(databaseName(), ['runWeights']);
    const outputs = [chunk(probsColumn('lm'), 0, [1, 0]), chunk(predColumn('lm'), 0, [0])];
    const finishing = finishRun('lm', { chosen: 'mv' }, { outputs, audit: {}, what: runStepTitle('label-model', 'finish'), startWithinMs: 300 });
    const outcome = await settledWithin(finishing, 5_000);
    expect(outcome).toMatch(/^Saving the results \(Label model fit\) did not start: the browser's storage did not answer within 0.3 s/);
    await endRunWithError('lm', await finishing.catch((e: unknown) => e));
    await expect.poll(async () => (await database.runs.get('lm'))?.status).toBe('failed');
    expect((await database.runs.get('lm'))!.results).toMatchObject({ code: 'store/busy', error: outcome });
    await holder.release();
    expect((await database.runs.get('lm'))?.status).toBe('failed');
    expect(await columnNames()).toEqual([]);
    expect((await database.audit.toArray()).filter((a) => a.action === 'finish-label-model-run')).toEqual([]);
  });
});
