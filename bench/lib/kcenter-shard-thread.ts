import { parentPort } from 'node:worker_threads';
import { shardServer, type ShardRequest } from '../../src/core/curation/kcenter-shard';

// One k-center shard on a Node worker thread: the benchmark's counterpart of workers/kcenter-shard.worker.ts.
const serve = shardServer();
parentPort?.on('message', (request: ShardRequest) => parentPort?.postMessage(serve(request)));
