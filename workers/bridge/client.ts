import { AbortedError, SiftError } from '../../src/core/errors';
import type { Api, ArgsOf, FromWorker, Progress, ResultOf, SerializedError, ToWorker } from './protocol';

export interface CallOptions {
  signal?: AbortSignal;
  onProgress?: (progress: Progress) => void;
  transfer?: Transferable[];
}

interface Pending {
  id: number;
  method: string;
  args: unknown;
  options: CallOptions;
  resolve(value: unknown): void;
  reject(error: unknown): void;
  /** The worker answered the abort: it is alive and cleaning up, so it is not terminated for being slow. */
  abortSeen?: boolean;
}

export function revive(error: SerializedError): Error {
  if (error.name === 'AbortError') return new AbortedError(error.message);
  if (error.code) return new SiftError(error.code, error.message, error.details ?? {});
  const revived = new Error(error.message);
  revived.name = error.name;
  return revived;
}

/**
 * The page's handle on one kind of worker: calls run one at a time in order, each can be cancelled
 * (cooperatively, then by terminating the worker if it does not answer), and an idle worker is shut
 * down so its memory (a loaded model, a cached dataset) is given back.
 */
export class WorkerClient<A extends Api> {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly queue: Pending[] = [];
  private active: Pending | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly create: () => Worker,
    private readonly idleMs = 60_000,
    private readonly abortGraceMs = 3_000,
  ) {}

  call<M extends keyof A & string>(method: M, args: ArgsOf<A[M]>, options: CallOptions = {}): Promise<ResultOf<A[M]>> {
    return new Promise((resolve, reject) => {
      if (options.signal?.aborted) return reject(new AbortedError());
      const pending: Pending = { id: this.nextId++, method, args, options, resolve: resolve as (v: unknown) => void, reject };
      options.signal?.addEventListener('abort', () => this.abort(pending), { once: true });
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Terminates the worker now; queued calls start a fresh one. */
  terminate(): void {
    this.worker?.terminate();
    this.worker = null;
    if (this.active) {
      // Said as a cancel, since that is what the user asked for; how it stopped is the detail.
      this.active.reject(new AbortedError('cancelled (its worker did not stop in time and was shut down).'));
      this.active = null;
    }
    this.pump();
  }

  private abort(pending: Pending): void {
    const queued = this.queue.indexOf(pending);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      pending.reject(new AbortedError());
      return;
    }
    if (this.active !== pending || !this.worker) return;
    this.send({ kind: 'abort', id: pending.id });
    // A task stuck in a synchronous loop never sees the abort message: stop the worker itself. One that
    // answered is cleaning up (deleting a half-import can outlast the grace on a loaded machine):
    // stopping it then would leave the half it had not deleted yet, so it gets far longer.
    setTimeout(() => {
      if (this.active === pending && !pending.abortSeen) this.terminate();
    }, this.abortGraceMs);
    setTimeout(() => {
      if (this.active === pending) this.terminate();
    }, this.abortGraceMs * 20);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = this.create();
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event) => {
      event.preventDefault();
      // Rejected with the crash before terminate() could reject it as a mere stop.
      const active = this.active;
      this.active = null;
      active?.reject(new Error(`Worker crashed: ${event.message || 'unknown error'}`));
      this.terminate();
    };
    this.worker = worker;
    return worker;
  }

  private send(message: ToWorker, transferList: Transferable[] = []): void {
    this.ensureWorker().postMessage(message, transferList);
  }

  private receive(message: FromWorker): void {
    const active = this.active;
    if (!active || active.id !== message.id) return;
    if (message.kind === 'aborting') {
      active.abortSeen = true;
      return;
    }
    if (message.kind === 'progress') {
      active.options.onProgress?.(message.progress);
      return;
    }
    this.active = null;
    if (message.kind === 'result') active.resolve(message.value);
    else active.reject(revive(message.error));
    this.pump();
  }

  private pump(): void {
    if (this.active) return;
    const next = this.queue.shift();
    if (!next) {
      this.scheduleIdle();
      return;
    }
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.active = next;
    this.send({ kind: 'call', id: next.id, method: next.method, args: next.args }, next.options.transfer ?? []);
  }

  private scheduleIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.active && this.queue.length === 0) {
        this.worker?.terminate();
        this.worker = null;
      }
    }, this.idleMs);
  }
}
