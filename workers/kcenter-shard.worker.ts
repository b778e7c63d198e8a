import { shardServer, type ShardRequest } from '../src/core/curation/kcenter-shard';

// One k-center shard (a share of the candidates), started by the weak worker for a diversity run.
const serve = shardServer();
self.onmessage = (event: MessageEvent<ShardRequest>) => self.postMessage(serve(event.data));
