import { describe, expect, it } from 'vitest';
import { CELL_IDLE, CELL_SETTLING, JsCell, type FunctionFactory } from '../src/core/lf/js-lf';
import type { FromWorker } from './bridge/protocol';
import { lfSandboxHost, type LfSandboxHostDeps, type LfSandboxRunArgs } from './lf-sandbox-host';

const chunk = { ids: ['a', 'b', 'c'], text: ['free money', 'nice', 'free gift'], fields: {} };
const lf = (id: string, source: string) => ({ id, name: id, source });

/**
 * A host with the worker's parts replaced by plain functions: messages are accepted as they come (as if
 * the event check had been bypassed), so these tests show what the host itself still refuses.
 */
function setup(overrides: Partial<LfSandboxHostDeps> = {}) {
  const posted: FromWorker[] = [];
  const sources: string[] = [];
  const tasks: (() => void)[] = [];
  const compile: FunctionFactory = (...args) => {
    sources.push(args.join(','));
    return new Function(...args) as () => unknown;
  };
  const cell = new Int32Array(new SharedArrayBuffer(JsCell.length * 4));
  const handle = lfSandboxHost({
    compile,
    post: (message) => posted.push(message),
    later: (task) => tasks.push(task),
    parentMessage: (event) => (event as { data: unknown }).data,
    now: () => performance.now(),
    stillReachable: () => [],
    ...overrides,
  });
  let id = 0;
  const call = (args: Partial<LfSandboxRunArgs>) => handle({ data: { kind: 'call', id: ++id, method: 'run', args: { chunk, classCount: 2, timeLimitMs: 1000, ...args } } });
  const flush = () => tasks.splice(0).forEach((task) => task());
  return { posted, sources, tasks, cell, handle, call, flush };
}

describe('LF sandbox host', () => {
  it('compiles its one LF on the first call and never compiles again', () => {
    const { posted, sources, cell, call, flush } = setup();
    call({ lf: lf('free', "(item) => item.text.includes('free') ? 1 : -1"), cell: cell.buffer as SharedArrayBuffer });
    flush();
    call({ lf: lf('other', '(globalThis.compiledOther = true, () => 0)'), cell: cell.buffer as SharedArrayBuffer });
    flush();
    call({});
    flush();
    expect(posted).toEqual([
      { kind: 'result', id: 1, value: Int8Array.from([1, -1, 1]) },
      { kind: 'error', id: 2, error: expect.objectContaining({ code: 'lf-sandbox', message: 'This LF sandbox already holds JS LF "free"; another LF needs a sandbox of its own' }) },
      { kind: 'result', id: 3, value: Int8Array.from([1, -1, 1]) },
    ]);
    expect(sources).toHaveLength(1);
    expect((globalThis as { compiledOther?: boolean }).compiledOther).toBeUndefined();
  });

  it('drops the Function constructor before user code runs: a call made from inside the LF compiles nothing', () => {
    const { posted, sources, cell, handle, call, flush } = setup();
    const forged = { data: { kind: 'call', id: 99, method: 'run', args: { lf: lf('x', '(globalThis.forgedRan = true, () => 1)'), cell: cell.buffer, chunk, classCount: 2, timeLimitMs: 1000 } } };
    (globalThis as { forge?: () => void }).forge = () => handle(forged);
    try {
      // Once while its source is evaluated (the constructor is already gone), once per item (busy).
      call({ lf: lf('forger', '(globalThis.forge(), (item) => (globalThis.forge(), 0))'), cell: cell.buffer as SharedArrayBuffer });
      flush();
    } finally {
      delete (globalThis as { forge?: () => void }).forge;
    }
    expect(sources).toHaveLength(1);
    expect((globalThis as { forgedRan?: boolean }).forgedRan).toBeUndefined();
    expect(posted.filter((m) => m.id === 99).map((m) => m.kind === 'error' && m.error.message)).toEqual([
      'The LF sandbox is still busy with the previous chunk',
      'The LF sandbox is still busy with the previous chunk',
      'The LF sandbox is still busy with the previous chunk',
      'The LF sandbox is still busy with the previous chunk',
    ]);
    expect(posted.find((m) => m.id === 1)).toEqual({ kind: 'result', id: 1, value: Int8Array.from([0, 0, 0]) });
  });

  it('ignores what the event check rejects, and refuses to run when the lockdown left something reachable', () => {
    const ignored = setup({ parentMessage: () => undefined });
    ignored.call({ lf: lf('a', '() => 1'), cell: ignored.cell.buffer as SharedArrayBuffer });
    ignored.flush();
    expect(ignored.posted).toEqual([]);
    expect(ignored.sources).toEqual([]);

    const leaky = setup({ stillReachable: () => ['fetch'] });
    leaky.call({ lf: lf('a', '() => 1'), cell: leaky.cell.buffer as SharedArrayBuffer });
    leaky.flush();
    expect(leaky.posted).toEqual([{ kind: 'error', id: 1, error: expect.objectContaining({ message: 'The LF sandbox could not remove fetch from its scope, so it will not run user code' }) }]);
    expect(leaky.sources).toEqual([]);
  });

  it('answers only after the promise jobs the LF left have run, marks that wait for the watchdog, and times it', async () => {
    const later = (task: () => void) => void setTimeout(task, 0);
    const posted: FromWorker[] = [];
    const cell = new Int32Array(new SharedArrayBuffer(JsCell.length * 4));
    const handle = lfSandboxHost({ compile: Function as unknown as FunctionFactory, post: (m) => posted.push(m), later, parentMessage: (e) => (e as { data: unknown }).data, now: () => performance.now(), stillReachable: () => [] });
    const source = "(item) => { if (item.id === 'b') Promise.resolve().then(() => { const end = performance.now() + 80; while (performance.now() < end) {} }); return -1 }";
    handle({ data: { kind: 'call', id: 1, method: 'run', args: { lf: lf('slow-then', source), cell: cell.buffer, chunk, classCount: 2, timeLimitMs: 40 } } });
    expect(cell[JsCell.item]).toBe(CELL_SETTLING);
    expect(posted).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(cell[JsCell.item]).toBe(CELL_IDLE);
    expect(posted).toHaveLength(1);
    const reply = posted[0];
    expect(reply.kind === 'error' && reply.error).toMatchObject({ code: 'lf-timeout', details: { lfId: 'slow-then', async: true } });
    expect(reply.kind === 'error' && reply.error.message).toMatch(/^JS LF "slow-then" left asynchronous work \(a promise or other callback\) that took \d+ ms; the limit is 40 ms; LFs must be synchronous$/);
  });
});
