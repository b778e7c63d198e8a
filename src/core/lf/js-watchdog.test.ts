import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CELL_COMPILING, CELL_IDLE, CELL_QUEUED, CELL_SETTLING, JsCell } from './js-lf';
import { JsLfWatchdog, type StuckReport } from './js-watchdog';

function setup(limitMs = 100, graceMs = 100) {
  const cell = new Int32Array(JsCell.length);
  cell[JsCell.item] = CELL_IDLE;
  let clock = 0;
  const reports: StuckReport[] = [];
  const watchdog = new JsLfWatchdog(cell, limitMs, (report) => reports.push(report), { graceMs, now: () => clock });
  const enter = (lf: number, item: number) => {
    cell[JsCell.lf] = lf;
    cell[JsCell.item] = item;
    cell[JsCell.step]++;
  };
  const at = (ms: number) => {
    clock = ms;
    watchdog.poll();
  };
  return { cell, reports, enter, at };
}

describe('JsLfWatchdog', () => {
  it('stays quiet while the step moves or the sandbox is idle', () => {
    const { reports, enter, at } = setup();
    for (let t = 0; t < 5000; t += 50) {
      enter(0, t / 50);
      at(t);
    }
    const idle = setup();
    for (let t = 0; t < 5000; t += 50) idle.at(t);
    expect(reports).toEqual([]);
    expect(idle.reports).toEqual([]);
  });

  it('reports the LF and item once the same step has run for the limit plus the grace', () => {
    const { reports, enter, at } = setup(100, 100);
    enter(2, 7);
    at(0);
    at(150);
    at(199);
    expect(reports).toEqual([]);
    at(200);
    expect(reports).toEqual([{ lf: 2, item: 7, stuckMs: 200 }]);
    at(400);
    expect(reports).toHaveLength(1);
  });

  it('reports a source that never finishes evaluating as compiling', () => {
    const { reports, enter, at } = setup(50, 50);
    enter(1, CELL_COMPILING);
    at(0);
    at(100);
    expect(reports).toEqual([{ lf: 1, item: CELL_COMPILING, stuckMs: 100 }]);
  });

  it('times the promise jobs an LF left (settling) like an item, and gives a queued chunk extra time to begin', () => {
    const settling = setup(50, 50);
    settling.enter(0, CELL_SETTLING);
    settling.at(0);
    settling.at(100);
    expect(settling.reports).toEqual([{ lf: 0, item: CELL_SETTLING, stuckMs: 100 }]);

    const cell = new Int32Array(JsCell.length);
    let clock = 0;
    const reports: StuckReport[] = [];
    const watchdog = new JsLfWatchdog(cell, 50, (report) => reports.push(report), { graceMs: 50, queuedGraceMs: 1000, now: () => clock });
    cell[JsCell.item] = CELL_QUEUED;
    cell[JsCell.step]++;
    watchdog.poll();
    clock = 1099;
    watchdog.poll();
    expect(reports).toEqual([]);
    clock = 1100;
    watchdog.poll();
    expect(reports).toEqual([{ lf: 0, item: CELL_QUEUED, stuckMs: 1100 }]);
  });

  it('catches a real thread stuck in a synchronous loop through shared memory', async () => {
    const cell = new Int32Array(new SharedArrayBuffer(JsCell.length * 4));
    cell[JsCell.item] = CELL_IDLE;
    // The thread runs 20 quick "items", then loops forever on item 20, as an LF with while(true) would.
    const thread = new Worker(
      `const { workerData } = require('node:worker_threads');
       const cell = new Int32Array(workerData);
       for (let i = 0; ; i++) {
         Atomics.store(cell, ${JsCell.item}, i);
         Atomics.add(cell, ${JsCell.step}, 1);
         if (i === 20) for (;;) {}
         const until = Date.now() + 2; while (Date.now() < until) {}
       }`,
      { eval: true, workerData: cell.buffer },
    );
    const started = performance.now();
    const report = await new Promise<StuckReport>((resolve) => new JsLfWatchdog(cell, 100, resolve, { graceMs: 100 }).start());
    const waited = performance.now() - started;
    await thread.terminate();
    expect(report.item).toBe(20);
    expect(report.stuckMs).toBeGreaterThanOrEqual(200);
    expect(waited).toBeLessThan(5000);
  });
});
