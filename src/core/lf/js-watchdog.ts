import { CELL_IDLE, CELL_QUEUED, JsCell } from './js-lf';

export interface StuckReport {
  lf: number;
  /** Item index, or CELL_COMPILING (the LF's source never finished evaluating), CELL_SETTLING (promise
   *  jobs the LF left never finished) or CELL_QUEUED (the sandbox never began the next chunk). */
  item: number;
  /** How long the watchdog saw the same step (at least the limit plus the grace). */
  stuckMs: number;
}

export interface WatchdogOptions {
  /** Extra time before killing: the sandbox times items that return itself, to the millisecond; this
   *  only catches items that never return, so it can wait out a busy machine's scheduling hiccups. */
  graceMs?: number;
  pollMs?: number;
  /** More time for a sandbox to begin a chunk it was sent (default 2 s): a busy machine may deliver the
   *  message late, while a sandbox held up by an LF's leftovers never begins at all. */
  queuedGraceMs?: number;
  now?: () => number;
  /** Called on every poll with where the sandbox is (progress); item is negative outside user code. */
  onTick?: (lf: number, item: number) => void;
}

/**
 * Watches a sandbox from outside its thread. A synchronous infinite loop never yields, so the sandbox
 * cannot report it; instead it publishes a step counter into shared memory before each item, and this
 * watchdog (in the page or a parent worker) calls `onStuck` when the counter stops moving while user
 * code runs. The caller then terminates the worker.
 */
export class JsLfWatchdog {
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastStep = Number.NaN;
  private since = 0;
  private reported = false;
  private readonly killAfterMs: number;
  private readonly pollMs: number;
  private readonly queuedGraceMs: number;
  private readonly now: () => number;

  constructor(
    private readonly cell: Int32Array,
    limitMs: number,
    private readonly onStuck: (report: StuckReport) => void,
    private readonly options: WatchdogOptions = {},
  ) {
    this.killAfterMs = limitMs + (options.graceMs ?? Math.max(100, limitMs));
    this.pollMs = options.pollMs ?? Math.min(50, Math.max(5, limitMs / 4));
    this.queuedGraceMs = options.queuedGraceMs ?? 2000;
    this.now = options.now ?? (() => performance.now());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.poll(), this.pollMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at the cell; public so tests can drive time by hand. */
  poll(): void {
    if (this.reported) return;
    const step = Atomics.load(this.cell, JsCell.step);
    const item = Atomics.load(this.cell, JsCell.item);
    this.options.onTick?.(Atomics.load(this.cell, JsCell.lf), item);
    const at = this.now();
    if (item === CELL_IDLE || step !== this.lastStep) {
      this.lastStep = item === CELL_IDLE ? Number.NaN : step;
      this.since = at;
      return;
    }
    if (at - this.since >= this.killAfterMs + (item === CELL_QUEUED ? this.queuedGraceMs : 0)) {
      this.reported = true;
      this.stop();
      this.onStuck({ lf: Atomics.load(this.cell, JsCell.lf), item, stuckMs: at - this.since });
    }
  }
}
