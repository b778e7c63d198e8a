import { AbortedError, SiftError } from '../src/core/errors';
import { CELL_COMPILING, CELL_IDLE, CELL_QUEUED, CELL_SETTLING, JsCell, type JsItemChunk } from '../src/core/lf/js-lf';
import { JsLfWatchdog, type StuckReport } from '../src/core/lf/js-watchdog';
import type { JsLfDef } from '../src/core/lf/types';
import { checkVotes } from '../src/core/lf/vote-check';
import { revive } from './bridge/client';
import type { FromWorker } from './bridge/protocol';
import type { LfSandboxRunArgs } from './lf-sandbox-host';

export const DEFAULT_LF_TIME_LIMIT_MS = 250;
/** How long a cancelled chunk may take to notice before its sandbox is stopped. */
const ABORT_GRACE_MS = 3000;

export interface JsLfRunOptions {
  /** Longest one LF may take on one item (default 250 ms). */
  timeLimitMs?: number;
  /** Extra wait before an LF that never returns is stopped (default max(100 ms, limit)). */
  graceMs?: number;
  signal?: AbortSignal;
  /** LF calls done so far out of lfs × items, polled from shared memory (no messages per item). */
  onProgress?: (done: number, total: number) => void;
}

function lfName(def: JsLfDef | undefined, index: number): string {
  return def?.name || def?.id || `#${index}`;
}

function stuckError(report: StuckReport, def: JsLfDef, chunk: JsItemChunk, limitMs: number): SiftError {
  const name = lfName(def, 0);
  const ms = Math.round(report.stuckMs);
  if (report.item === CELL_COMPILING) {
    return new SiftError('lf-timeout', `JS LF "${name}" did not finish evaluating its source within ${ms} ms (limit ${limitMs} ms); the sandbox was stopped`, {
      lfId: def.id,
      stuckMs: report.stuckMs,
    });
  }
  if (report.item === CELL_SETTLING || report.item === CELL_QUEUED) {
    return new SiftError(
      'lf-timeout',
      `JS LF "${name}" left asynchronous work (a promise or other callback) running after its items returned: stopped after ${ms} ms (limit ${limitMs} ms); LFs must be synchronous`,
      { lfId: def.id, stuckMs: report.stuckMs, async: true },
    );
  }
  return new SiftError(
    'lf-timeout',
    `JS LF "${name}" on item "${chunk.ids[report.item]}" (index ${report.item}) did not return within ${ms} ms (limit ${limitMs} ms per item); the sandbox was stopped`,
    { lfId: def.id, itemId: chunk.ids[report.item], itemIndex: report.item, stuckMs: report.stuckMs },
  );
}

const defaultWorker = () => new Worker(new URL('./lf-sandbox.worker.ts', import.meta.url), { type: 'module', name: 'lf-sandbox' });

/**
 * One JS LF in a worker of its own, for one apply. The worker compiles the LF on the first chunk and is
 * told nothing more than the next chunk after that (the shared cell travels once, before user code
 * exists to read messages). Stopped on any failure; the owner disposes it when the apply ends.
 */
class LfSession {
  private worker: Worker | null = null;
  private readonly cell = new Int32Array(new SharedArrayBuffer(JsCell.length * Int32Array.BYTES_PER_ELEMENT));
  private calls = 0;
  dead = false;

  constructor(
    readonly def: JsLfDef,
    private readonly create: () => Worker,
  ) {
    this.cell[JsCell.item] = CELL_IDLE;
  }

  /** Starts the worker ahead of its first chunk (loading and locking down is not user time). */
  warm(): void {
    if (!this.dead) this.worker ??= this.create();
  }

  /** Votes of this LF on each item of the chunk, as the worker sent them (checked by the caller). */
  run(chunk: JsItemChunk, classCount: number, limitMs: number, options: JsLfRunOptions, onItem: (item: number) => void): Promise<unknown> {
    const { signal } = options;
    return new Promise<unknown>((resolve, reject) => {
      if (this.dead) return reject(new SiftError('lf-sandbox', `The sandbox of JS LF "${lfName(this.def, 0)}" was stopped`, { lfId: this.def.id }));
      if (signal?.aborted) return reject(new AbortedError());
      const worker = (this.worker ??= this.create());
      const id = ++this.calls;
      let abortTimer: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const finish = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        watchdog.stop();
        clearTimeout(abortTimer);
        signal?.removeEventListener('abort', onAbort);
        worker.onmessage = null;
        worker.onerror = null;
        outcome();
      };
      const fail = (error: unknown) => {
        finish(() => reject(error));
        this.dispose();
      };
      const watchdog = new JsLfWatchdog(this.cell, limitMs, (report) => fail(stuckError(report, this.def, chunk, limitMs)), {
        graceMs: options.graceMs,
        onTick: (_lf, item) => item >= 0 && onItem(item),
      });
      // Seen by the sandbox before its next item; one that never looks is stopped after a grace period.
      const onAbort = () => {
        Atomics.store(this.cell, JsCell.abort, 1);
        abortTimer = setTimeout(() => fail(new AbortedError()), ABORT_GRACE_MS);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      worker.onmessage = (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.id !== id || message.kind === 'progress' || message.kind === 'aborting') return;
        if (message.kind === 'result') finish(() => resolve(message.value));
        else fail(revive(message.error));
      };
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new SiftError('lf-sandbox', `The sandbox of JS LF "${lfName(this.def, 0)}" crashed: ${event.message || 'unknown error'}`, { lfId: this.def.id }));
      };
      const args: LfSandboxRunArgs = { chunk, classCount, timeLimitMs: limitMs };
      if (id === 1) {
        // A fresh worker may take a while to start on a busy machine: not timed until it says COMPILING.
        args.lf = this.def;
        args.cell = this.cell.buffer as SharedArrayBuffer;
      } else {
        // Timed from now: an LF whose leftover work keeps the worker busy never lets it begin this chunk.
        Atomics.store(this.cell, JsCell.item, CELL_QUEUED);
        Atomics.add(this.cell, JsCell.step, 1);
      }
      watchdog.start();
      worker.postMessage({ kind: 'call', id, method: 'run', args });
    });
  }

  dispose(): void {
    this.dead = true;
    this.worker?.terminate();
    this.worker = null;
  }
}

/**
 * Runs JavaScript LFs for one apply, chunk by chunk: each LF in a worker of its own (so no LF can patch
 * a built-in another LF uses), kept for that LF's later chunks and stopped by `dispose()` when the apply
 * ends (so nothing survives into the next apply). The per-item time limit is enforced from outside: an
 * LF stuck in `while (true) {}`, or in promise jobs it left behind, is found through shared memory and
 * its worker terminated. Everything a worker sends back is checked before it is returned. Needs
 * cross-origin isolation for SharedArrayBuffer.
 */
export class LfSandbox {
  private readonly sessions = new Map<string, LfSession>();

  constructor(private readonly create: () => Worker = defaultWorker) {}

  /** Votes of every LF on every item of the chunk, row-major items × LFs, -1 = abstain. */
  async run(lfs: JsLfDef[], chunk: JsItemChunk, classCount: number, options: JsLfRunOptions = {}): Promise<Int8Array> {
    if (typeof SharedArrayBuffer !== 'function' || globalThis.crossOriginIsolated === false) {
      throw new SiftError('lf-sandbox', 'JavaScript LFs need a cross-origin isolated page (COOP/COEP headers) so their time limit can be enforced', {});
    }
    const limitMs = options.timeLimitMs ?? DEFAULT_LF_TIME_LIMIT_MS;
    const n = chunk.text.length;
    const m = lfs.length;
    const votes = new Int8Array(n * m);
    const sessionOf = (def: JsLfDef): LfSession => {
      const key = JSON.stringify([def.id, def.source]);
      let session = this.sessions.get(key);
      if (!session || session.dead) this.sessions.set(key, (session = new LfSession(def, this.create)));
      return session;
    };
    for (let j = 0; j < m; j++) {
      const def = lfs[j];
      const session = sessionOf(def);
      // LFs run one after another (a parallel one would steal time from the one being timed); the next
      // LF's worker loads meanwhile. Only the next: twenty starting at once slow a small machine down.
      if (j + 1 < m) sessionOf(lfs[j + 1]).warm();
      const sent = await session.run(chunk, classCount, limitMs, options, (item) => options.onProgress?.(j * n + item, n * m));
      const column = checkVotes(sent, n, classCount, `The sandbox of JS LF "${lfName(def, j)}"`, (i) => `item "${chunk.ids[i]}" (index ${i})`);
      for (let i = 0; i < n; i++) votes[i * m + j] = column[i];
    }
    options.onProgress?.(n * m, n * m);
    return votes;
  }

  /** Stops every LF's worker: the end of the apply. */
  dispose(): void {
    for (const session of this.sessions.values()) session.dispose();
    this.sessions.clear();
  }
}
