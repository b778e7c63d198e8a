// One thread of bench/pair-split.ts: pair counts of its slice of a shared vote matrix.
import { parentPort } from 'node:worker_threads';
import { pairCountsOfRows } from '../../src/core/labelmodel/pair-counts';

interface Job {
  votes: SharedArrayBuffer;
  from: number;
  to: number;
  m: number;
  k: number;
}

parentPort!.on('message', ({ votes, from, to, m, k }: Job) => {
  const slice = new Int8Array(votes, from * m, (to - from) * m);
  const { counts } = pairCountsOfRows({ n: to - from, m, k, votes: slice });
  parentPort!.postMessage(counts, [counts.buffer as ArrayBuffer]);
});
