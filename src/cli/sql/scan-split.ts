import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { KeywordScanner, ScanTest } from '../../core/sql/keyword-scan';
import { CONTROL_SLOTS, Slot, type ScanBuffers, type ScanThreadData, type ScanThreadStart } from './scan-shared';

/**
 * Visits a vector's rows in order, each as UTF-8 bytes[start, end) (VarcharBytes.forEach's shape). Rows
 * may share one `bytes` (a span of them), which must hold all of its rows when the first is visited.
 */
export type EachRow = (visit: (row: number, bytes: Uint8Array, start: number, end: number) => void) => void;

export interface ScanSplitOptions {
  /** How long the Node thread waits for the worker's part of a vector before the run fails: this, plus timeoutMsPerMB for each MB handed over. */
  timeoutMs?: number;
  timeoutMsPerMB?: number;
  /** Vectors with fewer rows are scanned on the Node thread alone. */
  minSplitRows?: number;
}

export interface ScanSplitStats {
  vectors: number;
  /** Vectors whose first rows went to the scan thread. */
  split: number;
  /** Split vectors where the Node thread finished its half first and waited. */
  waited: number;
  waitMs: number;
  /** The scan thread's share of a vector's rows now (it adapts, see scan()). */
  share: number;
}

const START_TIMEOUT_MS = 60_000;
const TIMEOUT_MS = 30_000;
/** A hung thread is told from a slow one by time, so very large rows get more. */
const TIMEOUT_MS_PER_MB = 1000;
/** Below this many rows the hand-over (a futex wake, ~10–50 µs) weighs more than half the scan. */
const MIN_SPLIT_ROWS = 256;
/** The share moves by this much a vector, between these bounds (the Node thread also reads and copies, so the balance is not ½). */
const SHARE_STEP = 1 / 128;
const SHARE_MIN = 0.25;
const SHARE_MAX = 0.75;
/** VarcharBytes' spans are at most 64 KB: a span that size is copied whole once; anything larger, row by row. */
const SPAN_COPY_MAX = 64 * 1024;

/**
 * Splits each vector of a keyword scan between the Node thread and one worker thread, synchronously:
 * the rows' bytes of the vector's first part go into shared memory, the worker is woken with
 * Atomics.notify and scans them with its own KeywordScanner built from the same tests (the scanner is
 * pure, so its masks are the Node thread's), while the Node thread scans the rest; then it waits for the
 * worker's masks. DuckDB calls scalar functions on the one Node thread, so without this the scan caps the
 * vote pass at one core.
 *
 * Failures end the run with a message, never a hang: a worker that cannot build its scanners rejects
 * start(); one that throws reports its message; one that exits is seen by its 'exit' handler between
 * vectors; one that stops answering mid-vector hits the wait's timeout.
 */
export class ScanSplit {
  private readonly ctl: Int32Array;
  private buffers: ScanBuffers;
  private bytes: Uint8Array;
  private table: Int32Array;
  private grown = false;
  private seq = 0;
  private dead: string | null = null;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly timeoutMsPerByte: number;
  private readonly minSplitRows: number;
  readonly stats: ScanSplitStats = { vectors: 0, split: 0, waited: 0, waitMs: 0, share: 0.5 };

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    control: SharedArrayBuffer,
    buffers: ScanBuffers,
    options: ScanSplitOptions,
  ) {
    this.ctl = new Int32Array(control);
    this.buffers = buffers;
    this.bytes = new Uint8Array(buffers.bytes);
    this.table = new Int32Array(buffers.table);
    this.timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
    this.timeoutMsPerByte = (options.timeoutMsPerMB ?? TIMEOUT_MS_PER_MB) / (1024 * 1024);
    this.minSplitRows = options.minSplitRows ?? MIN_SPLIT_ROWS;
    worker.on('error', (error) => (this.dead ??= `the keyword-scan thread failed: ${error.message}`));
    worker.on('exit', (code) => (this.dead ??= `the keyword-scan thread exited (code ${code})`));
    // The run closes it; an error path that does not must not keep the process alive.
    worker.unref();
  }

  /** Starts the worker and resolves once it has built its scanners (one per entry of `tests`, in order). */
  static async start(tests: readonly (readonly ScanTest[])[], options: ScanSplitOptions = {}): Promise<ScanSplit> {
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    const buffers = newBuffers(256 * 1024, 2048);
    const { port1, port2 } = new MessageChannel();
    const data: ScanThreadData = { control, port: port2, tests: tests.map((t) => [...t]), buffers };
    // execArgv []: the entry registers tsx itself; an inherited `--import tsx` would load it twice.
    const worker = new Worker(new URL('./scan-thread.mjs', import.meta.url), { workerData: data, transferList: [port2], execArgv: [] });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
        const settle = (error?: Error) => {
          clearTimeout(timer);
          worker.off('message', onMessage).off('error', settle).off('exit', onExit);
          if (error) reject(error);
          else resolve();
        };
        const onMessage = (message: ScanThreadStart) => settle('error' in message ? new Error(message.error) : undefined);
        const onExit = (code: number) => settle(new Error(`exited (code ${code}) before it was ready`));
        worker.on('message', onMessage).on('error', settle).on('exit', onExit);
      });
    } catch (error) {
      await worker.terminate();
      port1.close();
      throw new Error(`The keyword-scan thread could not start: ${(error as Error).message}`);
    }
    return new ScanSplit(worker, port1, control, buffers, options);
  }

  /** Why the split scan cannot go on, once it cannot (a failure of the worker), else null. */
  get failure(): string | null {
    return this.dead;
  }

  /**
   * Writes the mask of every row of a vector: the first `share` of the rows are scanned by the worker,
   * the rest by `scanner` here. The share adapts by a small step a vector: up when the worker had
   * finished before the Node thread did, down when the Node thread had to wait, so both halves end
   * about together whatever else each thread has to do.
   */
  scan(index: number, scanner: KeywordScanner, rows: number, each: EachRow, write: (row: number, mask: number) => void): void {
    if (this.dead) throw new Error(this.dead);
    this.stats.vectors++;
    const share = this.stats.share;
    const head = rows >= this.minSplitRows ? Math.round(rows * share) : 0;
    if (head === 0) {
      each((row, bytes, start, end) => write(row, scanner.scanRange(bytes, start, end)));
      return;
    }
    this.stats.split++;
    this.reserveRows(head);
    let at = 0;
    let span: Uint8Array | null = null;
    let base = 0;
    let posted = 0;
    const capacity = this.buffers.capacity;
    each((row, bytes, start, end) => {
      if (row >= head) {
        write(row, scanner.scanRange(bytes, start, end));
        return;
      }
      const n = end - start;
      let first: number;
      if (bytes === span) first = base + start;
      else if (n > 16 && bytes.length <= SPAN_COPY_MAX) {
        // A span of consecutive rows (VarcharBytes reads them with one call): copied once, its rows then need only offsets.
        this.reserveBytes(at, bytes.length);
        this.bytes.set(bytes, at);
        span = bytes;
        base = at;
        at += bytes.length;
        first = base + start;
      } else {
        this.reserveBytes(at, n);
        const target = this.bytes;
        for (let i = 0; i < n; i++) target[at + i] = bytes[start + i];
        first = at;
        at += n;
      }
      this.table[row] = first;
      this.table[capacity + row] = first + n;
      if (row === head - 1) posted = this.post(index, head);
    });
    if (posted === 0) throw new Error(`keyword scan: the vector's rows were not visited in order (${rows} rows)`);
    const early = Atomics.load(this.ctl, Slot.done) === posted;
    if (!early) this.await(posted, head, at);
    this.stats.share = early ? Math.min(SHARE_MAX, share + SHARE_STEP) : Math.max(SHARE_MIN, share - SHARE_STEP);
    for (let row = 0, masks = 2 * capacity, table = this.table; row < head; row++) write(row, table[masks + row]);
  }

  /** Stops the worker and waits until it has exited (again: nothing). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.dead ??= 'the keyword-scan thread was closed';
    Atomics.store(this.ctl, Slot.stop, 1);
    Atomics.add(this.ctl, Slot.request, 1);
    Atomics.notify(this.ctl, Slot.request);
    await this.worker.terminate();
    this.port.close();
  }

  private post(index: number, rows: number): number {
    if (this.grown) {
      this.port.postMessage(this.buffers);
      this.grown = false;
    }
    this.seq = (this.seq % 0x7fff_ffff) + 1;
    Atomics.store(this.ctl, Slot.scan, index);
    Atomics.store(this.ctl, Slot.rows, rows);
    Atomics.store(this.ctl, Slot.request, this.seq);
    Atomics.notify(this.ctl, Slot.request);
    return this.seq;
  }

  private await(seq: number, rows: number, bytes: number): void {
    const started = performance.now();
    const limit = this.timeoutMs + bytes * this.timeoutMsPerByte;
    for (;;) {
      const done = Atomics.load(this.ctl, Slot.done);
      if (done === seq) break;
      if (Atomics.load(this.ctl, Slot.failed)) {
        const message = receiveMessageOnPort(this.port)?.message;
        throw this.fail(`the keyword-scan thread failed: ${String(message ?? 'no message')}`);
      }
      const left = started + limit - performance.now();
      if (left <= 0) throw this.fail(`the keyword-scan thread did not answer within ${(limit / 1000).toFixed(1)} s (${rows} rows, ${bytes} bytes)`);
      Atomics.wait(this.ctl, Slot.done, done, left);
    }
    this.stats.waited++;
    this.stats.waitMs += performance.now() - started;
  }

  private fail(message: string): Error {
    this.dead ??= message;
    return new Error(message);
  }

  private reserveRows(rows: number): void {
    if (rows <= this.buffers.capacity) return;
    this.replace(newBuffers(this.bytes.length, Math.max(rows, 2 * this.buffers.capacity)));
  }

  /** Room for `n` more bytes after the first `used`, which are kept. */
  private reserveBytes(used: number, n: number): void {
    if (used + n <= this.bytes.length) return;
    const next = newBuffers(Math.max(used + n, 2 * this.bytes.length), this.buffers.capacity);
    new Uint8Array(next.bytes).set(this.bytes.subarray(0, used));
    new Int32Array(next.table).set(this.table);
    this.replace(next);
  }

  private replace(next: ScanBuffers): void {
    this.buffers = next;
    this.bytes = new Uint8Array(next.bytes);
    this.table = new Int32Array(next.table);
    this.grown = true;
  }
}

function newBuffers(bytes: number, capacity: number): ScanBuffers {
  return { bytes: new SharedArrayBuffer(bytes), table: new SharedArrayBuffer(capacity * 3 * 4), capacity };
}
