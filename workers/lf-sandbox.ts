import { AbortedError, SiftError } from '../src/core/errors';
import { CELL_COMPILING, CELL_IDLE, JsCell, type JsItemChunk } from '../src/core/lf/js-lf';
import { JsLfWatchdog, type StuckReport } from '../src/core/lf/js-watchdog';
import type { JsLfDef } from '../src/core/lf/types';
import { WorkerClient } from './bridge/client';
import type { LfSandboxApi } from './lf-sandbox.worker';

export const DEFAULT_LF_TIME_LIMIT_MS = 250;

export interface JsLfRunOptions {
  /** Longest one LF may take on one item (default 250 ms). */
  timeLimitMs?: number;
  /** Extra wait before an LF that never returns is stopped (default max(100 ms, limit)). */
  graceMs?: number;
  signal?: AbortSignal;
  /** LF calls done so far out of lfs × items, polled from shared memory (no messages per item). */
  onProgress?: (done: number, total: number) => void;
}

function stuckError(report: StuckReport, lfs: readonly JsLfDef[], chunk: JsItemChunk, limitMs: number): SiftError {
  const def = lfs[report.lf];
  const name = def?.name || def?.id || `#${report.lf}`;
  const ms = Math.round(report.stuckMs);
  if (report.item === CELL_COMPILING) {
    return new SiftError('lf-timeout', `JS LF "${name}" did not finish evaluating its source within ${ms} ms (limit ${limitMs} ms); the sandbox was stopped`, {
      lfId: def?.id,
      stuckMs: report.stuckMs,
    });
  }
  return new SiftError(
    'lf-timeout',
    `JS LF "${name}" on item "${chunk.ids[report.item]}" (index ${report.item}) did not return within ${ms} ms (limit ${limitMs} ms per item); the sandbox was stopped`,
    { lfId: def?.id, itemId: chunk.ids[report.item], itemIndex: report.item, stuckMs: report.stuckMs },
  );
}

/**
 * Runs JavaScript LFs in the sandbox worker, one chunk per call, and enforces the per-item time limit
 * from outside: an LF stuck in `while (true) {}` is found through shared memory and its worker
 * terminated (the next call starts a fresh one). Needs cross-origin isolation for SharedArrayBuffer.
 */
export class LfSandbox {
  private readonly client: WorkerClient<LfSandboxApi>;

  constructor(
    create: () => Worker = () => new Worker(new URL('./lf-sandbox.worker.ts', import.meta.url), { type: 'module', name: 'lf-sandbox' }),
    idleMs = 30_000,
  ) {
    this.client = new WorkerClient<LfSandboxApi>(create, idleMs);
  }

  /** Votes of every LF on every item of the chunk, row-major items × LFs, -1 = abstain. */
  run(lfs: JsLfDef[], chunk: JsItemChunk, classCount: number, options: JsLfRunOptions = {}): Promise<Int8Array> {
    if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated === false) {
      return Promise.reject(
        new SiftError('lf-sandbox', 'JavaScript LFs need a cross-origin isolated page (COOP/COEP headers) so their time limit can be enforced', {}),
      );
    }
    const limitMs = options.timeLimitMs ?? DEFAULT_LF_TIME_LIMIT_MS;
    const cell = new Int32Array(new SharedArrayBuffer(JsCell.length * Int32Array.BYTES_PER_ELEMENT));
    cell[JsCell.item] = CELL_IDLE;
    const total = lfs.length * chunk.text.length;
    const { signal, onProgress } = options;

    return new Promise<Int8Array>((resolve, reject) => {
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        watchdog.stop();
        signal?.removeEventListener('abort', onAbort);
        outcome();
      };
      const watchdog = new JsLfWatchdog(
        cell,
        limitMs,
        (report) => {
          const error = stuckError(report, lfs, chunk, limitMs);
          finish(() => reject(error));
          this.client.terminate();
        },
        {
          graceMs: options.graceMs,
          onTick: onProgress && ((lf, item) => item >= 0 && onProgress(lf * chunk.text.length + item, total)),
        },
      );
      // Seen by the sandbox before its next item: cancelling does not wait for the bridge's grace period.
      const onAbort = () => Atomics.store(cell, JsCell.abort, 1);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) return finish(() => reject(new AbortedError()));
      watchdog.start();
      this.client.call('run', { lfs, chunk, classCount, timeLimitMs: limitMs, cell: cell.buffer as SharedArrayBuffer }, { signal }).then(
        (votes) => finish(() => {
          onProgress?.(total, total);
          resolve(votes);
        }),
        (error: unknown) => finish(() => reject(error)),
      );
    });
  }

  dispose(): void {
    this.client.terminate();
  }
}
