import { Worker } from 'node:worker_threads';
import type { ShardPort } from '../../workers/weak/kcenter-threads';

/** A k-center shard on a Node worker thread (TypeScript loaded by tsx, as in the parent). */
export function nodeThreadShard(): ShardPort {
  const worker = new Worker(new URL('./kcenter-shard-thread.mjs', import.meta.url));
  return {
    post: (request, transfer) => worker.postMessage(request, transfer as ArrayBuffer[]),
    listen: (reply, fail) => {
      worker.on('message', reply);
      worker.on('error', fail);
    },
    stop: () => void worker.terminate(),
  };
}
