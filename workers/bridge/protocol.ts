/** Messages between the page and a worker. Kept tiny and structured-clone friendly. */
export interface Progress {
  /** Units of work finished (rows, items, epochs…). */
  done: number;
  total?: number;
  unit?: string;
  bytesDone?: number;
  bytesTotal?: number;
  /** Free text for the user: a phase name, a device choice… */
  message?: string;
  /** Numbers a view may chart live (loss per epoch…). */
  metrics?: Record<string, number>;
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
  stack?: string;
}

export type ToWorker =
  | { kind: 'call'; id: number; method: string; args: unknown }
  | { kind: 'abort'; id: number };

export type FromWorker =
  | { kind: 'progress'; id: number; progress: Progress }
  /** The worker saw the abort: it is winding the task down (cleanup may take a while under load). */
  | { kind: 'aborting'; id: number }
  | { kind: 'result'; id: number; value: unknown }
  | { kind: 'error'; id: number; error: SerializedError };

/** Context every worker task receives: cooperative abort, progress reporting. */
export interface TaskContext {
  signal: AbortSignal;
  progress(progress: Progress): void;
}

export type Handler<A = any, R = any> = (args: A, ctx: TaskContext) => Promise<R> | R;
export type Api = Record<string, Handler>;
export type ArgsOf<H> = H extends (args: infer A, ctx: TaskContext) => unknown ? A : never;
export type ResultOf<H> = H extends (args: any, ctx: TaskContext) => infer R ? Awaited<R> : never;

/** Wrap a handler's return value to move (not copy) its buffers back to the page. */
export class Transfer<T> {
  constructor(readonly value: T, readonly transfer: Transferable[]) {}
}
export function transfer<T>(value: T, buffers: Transferable[]): T {
  return new Transfer(value, buffers) as unknown as T;
}
