// bench/queue.ts's k-center case in a dedicated worker, as the app's weak worker runs a diversity run:
// the same seeded vectors and candidate sample, kCenterCoverAsync on this thread or split with a shard
// worker (workers/kcenter-shard.worker.ts, the app's own).
import { kCenterCoverAsync, sampleCandidates } from '../../src/core/curation/diversity';
import { nextTurn, sameThreadShard, threadShards, webWorkerShard } from '../../workers/weak/kcenter-threads';
import { clusteredVectors, picksDigest } from '../lib/kcenter-data';

export type KCenterMessage = { items: number; dim: number; picks: number; sample: number; seed: number; threads: number };
export interface KCenterWorkerResult {
  ms: number;
  digest: string;
  radius: number;
}

let vectors: { key: string; data: Float32Array } | null = null;

self.onmessage = async (event: MessageEvent<KCenterMessage>) => {
  try {
    const { items, dim, picks, sample, seed, threads } = event.data;
    const key = `${items}:${dim}:${seed}`;
    if (vectors?.key !== key) vectors = { key, data: clusteredVectors(items, dim, 1000, seed) };
    const candidates = sampleCandidates(items, sample, seed);
    const started = performance.now();
    const pool = threads > 1 ? threadShards(webWorkerShard) : null;
    const cover = await kCenterCoverAsync(vectors.data, dim, picks, { candidates, shards: threads, pause: nextTurn }, pool ? pool.connect : sameThreadShard).finally(() => pool?.stop());
    self.postMessage({ ok: true, result: { ms: performance.now() - started, digest: picksDigest(cover.picks), radius: cover.radius } satisfies KCenterWorkerResult });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
