import type { RemoteShard, ShardInit } from '../../src/core/curation/diversity';
import { KCenterShard, type Far, type ShardReply, type ShardRequest } from '../../src/core/curation/kcenter-shard';
import { SiftError } from '../../src/core/errors';

/** The least a shard thread needs of its host: a Web Worker here, a Node worker thread in benchmarks. */
export interface ShardPort {
  post(request: ShardRequest, transfer: Transferable[]): void;
  /** Calls `reply` with each answer in order, `fail` once if the thread dies. */
  listen(reply: (message: ShardReply) => void, fail: (error: Error) => void): void;
  stop(): void;
}

/**
 * Shards on threads of their own, each asked one thing at a time (so answers come back in order).
 * A shard's rows are moved to its thread, not copied, unless they are a shared matrix.
 */
export function threadShards(start: () => ShardPort): { connect: (init: ShardInit) => RemoteShard; stop: () => void } {
  const ports: ShardPort[] = [];
  const connect = (init: ShardInit): RemoteShard => {
    const port = start();
    ports.push(port);
    const waiting: { resolve: (reply: ShardReply) => void; reject: (error: Error) => void }[] = [];
    let dead: Error | null = null;
    port.listen(
      (message) => waiting.shift()?.resolve(message),
      (error) => {
        dead = error;
        for (const w of waiting.splice(0)) w.reject(error);
      },
    );
    const ask = (request: ShardRequest, transfer: Transferable[] = []) =>
      new Promise<ShardReply>((resolve, reject) => {
        if (dead) return reject(dead);
        waiting.push({ resolve, reject });
        port.post(request, transfer);
      }).then((reply) => {
        if (reply.kind === 'error') throw new SiftError('diversity/thread', `A k-center thread failed: ${reply.message}`);
        return reply;
      });
    const shared = typeof SharedArrayBuffer !== 'undefined' && init.rows.buffer instanceof SharedArrayBuffer;
    const ready = ask({ kind: 'init', ...init }, shared ? [init.rowIndex.buffer] : [init.rows.buffer, init.rowIndex.buffer]);
    return {
      step: async (step): Promise<Far> => {
        await ready;
        const reply = await ask({ kind: 'step', center: step.center.slice(), picked: step.picked });
        return (reply as Extract<ShardReply, { kind: 'far' }>).far;
      },
      coveringRadius: async () => ((await ask({ kind: 'radius' })) as Extract<ShardReply, { kind: 'radius' }>).radius,
    };
  };
  return { connect, stop: () => ports.forEach((port) => port.stop()) };
}

/** A shard in a Web Worker started from this worker. */
export function webWorkerShard(): ShardPort {
  const worker = new Worker(new URL('../kcenter-shard.worker.ts', import.meta.url), { type: 'module', name: 'sift-kcenter-shard' });
  return {
    post: (request, transfer) => worker.postMessage(request, transfer),
    listen: (reply, fail) => {
      worker.onmessage = (event: MessageEvent<ShardReply>) => reply(event.data);
      worker.onerror = (event) => {
        event.preventDefault();
        fail(new SiftError('diversity/thread', `A k-center thread stopped: ${event.message || 'it could not start'}.`));
      };
    },
    stop: () => worker.terminate(),
  };
}

/** A shard on this thread (small pools, one core), behind the same interface. */
export function sameThreadShard(init: ShardInit): RemoteShard {
  const shard = new KCenterShard(init.rows, init.dim, init.rowIndex, init.offset);
  return { step: async (step) => shard.step(step), coveringRadius: async () => shard.coveringRadius() };
}

/** Below this many vector elements among the candidates a second thread costs more than it saves. */
const THREADED_ELEMENTS = 1 << 20;

/**
 * Threads for a k-center run: two only when the user asks for a second thread, the work is large and the
 * machine has a second core. Not the default: two threads cost 1.3–1.4× the CPU of one, because each
 * repeats the pass over earlier picks and every pick is a round trip (the app's sampled path, 10k picks
 * of a 100k sample, d = 256, in the browser worker at load 11–15: 17.8 s CPU on one thread, 22.3 s on
 * two, 1.26× sooner; on a quiet machine before the SIMD screen two were slower, 43.0 s against 30.4 s;
 * `bench/results/queue.json`).
 */
export function kCenterThreads(candidates: number, dim: number, cores: number, secondThread: boolean): number {
  return secondThread && cores >= 2 && candidates * dim >= THREADED_ELEMENTS ? 2 : 1;
}

/** A turn of the event loop, so a Cancel message is read between picks. */
export const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
