import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { KeywordScanner, ScanTest } from '../../core/sql/keyword-scan';
import { CHUNK, claimOf, CONTROL_SLOTS, MAX_PART, ROW_MASK, Slot, type ScanBuffers, type ScanThreadData, type ScanThreadStart } from './scan-shared';

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
  /** false: the Node thread leaves the worker's part to the worker and waits for it (default true: it takes what the worker has not begun). */
  steal?: boolean;
}

export interface ScanSplitStats {
  vectors: number;
  /** Vectors whose first part was offered to the worker. */
  split: number;
  /** Rows of those parts, and how many of them the Node thread scanned itself because the worker had not taken them yet. */
  partRows: number;
  stolenRows: number;
  /** Parts whose last rows the Node thread waited for, and how long in all. */
  waited: number;
  waitMs: number;
}

const START_TIMEOUT_MS = 60_000;
const TIMEOUT_MS = 30_000;
/** A hung thread is told from a slow one by time, so very large rows get more. */
const TIMEOUT_MS_PER_MB = 1000;
/** Below this many rows the hand-over (a futex wake, ~10–50 µs) weighs more than half the scan. */
const MIN_SPLIT_ROWS = 256;
/**
 * The part offered to the worker. Over ½, because the Node thread also reads the spans, copies the part
 * and writes the output; whatever the worker has not taken when the Node thread is done with the rest,
 * the Node thread takes back, so a worker the OS schedules late costs a copy, not a wait.
 */
const PART_SHARE = 0.6;
/** VarcharBytes' spans are at most 64 KB: a span that size is copied whole once; anything larger, row by row. */
const SPAN_COPY_MAX = 64 * 1024;

/**
 * Splits each vector of a keyword scan between the Node thread and one worker thread, synchronously:
 * the rows' bytes of the vector's first part go into shared memory, the worker is woken with
 * Atomics.notify and scans them with its own KeywordScanner built from the same tests (the scanner is
 * pure, so its masks are the Node thread's), while the Node thread scans the rest; then the Node thread
 * scans the part's rows the worker has not taken and waits for those it has. DuckDB calls scalar functions on the one Node thread, so without this the scan caps the
 * vote pass at one core.
 *
 * Failures end the run with a message, never a hang: a worker that cannot build its scanners rejects
 * start(); one that throws reports its message; one that exits is seen by its 'exit' handler between
 * vectors; one that stops answering mid-vector (with rows claimed) hits the wait's timeout.
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
  private readonly steal: boolean;
  readonly stats: ScanSplitStats = { vectors: 0, split: 0, partRows: 0, stolenRows: 0, waited: 0, waitMs: 0 };

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
    this.steal = options.steal ?? true;
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
   * Writes the mask of every row of a vector: the first PART_SHARE of its rows are copied to shared
   * memory and offered to the worker, the rest are scanned here by `scanner`; then this thread takes
   * (steal) the part's rows the worker has not begun, and waits for those it has.
   */
  scan(index: number, scanner: KeywordScanner, rows: number, each: EachRow, write: (row: number, mask: number) => void): void {
    if (this.dead) throw new Error(this.dead);
    if (Atomics.load(this.ctl, Slot.failed)) throw this.failed();
    this.stats.vectors++;
    const head = rows >= this.minSplitRows ? Math.min(MAX_PART, Math.round(rows * PART_SHARE)) : 0;
    if (head === 0) {
      each((row, bytes, start, end) => write(row, scanner.scanRange(bytes, start, end)));
      return;
    }
    this.stats.split++;
    this.stats.partRows += head;
    this.reserveRows(head);
    const capacity = this.buffers.capacity;
    try {
      this.fill(index, head, each, scanner, write);
    } catch (error) {
      // The worker may still be on this part: its late adds to doneRows would corrupt the next one's count.
      this.dead ??= `a vector failed while the keyword-scan thread had part of it: ${(error as Error).message}`;
      throw error;
    }
    for (let row = 0, masks = 2 * capacity, table = this.table; row < head; row++) write(row, table[masks + row]);
  }

  /** Copies the part to shared memory and posts it, scans the rest, takes back what the worker has not begun and waits for the rest. */
  private fill(index: number, head: number, each: EachRow, scanner: KeywordScanner, write: (row: number, mask: number) => void): void {
    let at = 0;
    let span: Uint8Array | null = null;
    let base = 0;
    let posted = false;
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
      if (row === head - 1) {
        this.post(index, head);
        posted = true;
      }
    });
    if (!posted) throw new Error(`keyword scan: the vector's rows were not visited in order (${head} rows offered)`);
    if (this.steal) this.stats.stolenRows += this.takeBack(scanner, head);
    this.await(head, at);
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

  private post(index: number, rows: number): void {
    if (this.grown) {
      this.port.postMessage(this.buffers);
      this.grown = false;
    }
    this.seq = (this.seq % 0x7fff_ffff) + 1;
    Atomics.store(this.ctl, Slot.scan, index);
    Atomics.store(this.ctl, Slot.rows, rows);
    Atomics.store(this.ctl, Slot.doneRows, 0);
    Atomics.store(this.ctl, Slot.claim, claimOf(this.seq));
    Atomics.store(this.ctl, Slot.request, this.seq);
    Atomics.notify(this.ctl, Slot.request);
  }

  /** Scans here the part's rows the worker has not claimed; returns how many. */
  private takeBack(scanner: KeywordScanner, rows: number): number {
    const ctl = this.ctl;
    const capacity = this.buffers.capacity;
    let taken = 0;
    for (;;) {
      const claim = Atomics.load(ctl, Slot.claim);
      const row = claim & ROW_MASK;
      if (row >= rows) return taken;
      if (Atomics.compareExchange(ctl, Slot.claim, claim, claim + CHUNK) !== claim) continue;
      const end = Math.min(row + CHUNK, rows);
      for (let r = row, table = this.table, bytes = this.bytes; r < end; r++) table[2 * capacity + r] = scanner.scanRange(bytes, table[r], table[capacity + r]);
      taken += end - row;
      Atomics.add(ctl, Slot.doneRows, end - row);
    }
  }

  /** Waits until every row of the posted part is done. */
  private await(rows: number, bytes: number): void {
    if (Atomics.load(this.ctl, Slot.doneRows) === rows) return;
    const started = performance.now();
    const limit = this.timeoutMs + bytes * this.timeoutMsPerByte;
    for (;;) {
      const done = Atomics.load(this.ctl, Slot.doneRows);
      if (done === rows) break;
      if (Atomics.load(this.ctl, Slot.failed)) throw this.failed();
      const left = started + limit - performance.now();
      if (left <= 0) throw this.fail(`the keyword-scan thread did not answer within ${(limit / 1000).toFixed(1)} s (${rows} rows, ${bytes} bytes)`);
      Atomics.wait(this.ctl, Slot.doneRows, done, left);
    }
    this.stats.waited++;
    this.stats.waitMs += performance.now() - started;
  }

  private failed(): Error {
    const message = receiveMessageOnPort(this.port)?.message;
    return this.fail(`the keyword-scan thread failed: ${String(message ?? this.dead ?? 'no message')}`);
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
