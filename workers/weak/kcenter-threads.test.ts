import { describe, expect, it } from 'vitest';
import { nodeThreadShard } from '../../bench/lib/kcenter-node-threads';
import { kCenterCover, kCenterCoverAsync } from '../../src/core/curation/diversity';
import { mulberry32 } from '../../src/core/random';
import { kCenterThreads, sameThreadShard, threadShards } from './kcenter-threads';

describe('k-center on threads', () => {
  it('two real threads pick what one loop does, and stop when asked', async () => {
    const random = mulberry32(4);
    const dim = 8;
    const vectors = Float32Array.from({ length: 3000 * dim }, () => Math.floor(random() * 5));
    const candidates = Array.from({ length: 3000 }, (_, i) => i).filter(() => random() < 0.8);
    const expected = kCenterCover(vectors, dim, 300, { candidates, initial: [3, 30] });
    const threads = threadShards(nodeThreadShard);
    try {
      expect(await kCenterCoverAsync(vectors, dim, 300, { candidates, initial: [3, 30], shards: 2 }, threads.connect)).toEqual(expected);
    } finally {
      threads.stop();
    }
    expect(await kCenterCoverAsync(vectors, dim, 300, { candidates, initial: [3, 30] }, sameThreadShard)).toEqual(expected);
  }, 60_000);

  it('a thread that dies or answers with an error fails the run with its reason', async () => {
    const dying = threadShards(() => ({ post: () => {}, listen: (_reply, fail) => setTimeout(() => fail(new Error('out of memory')), 0), stop: () => {} }));
    const shard = dying.connect({ rows: new Float32Array(4), dim: 2, rowIndex: Uint32Array.from([0, 1]), offset: 0 });
    await expect(shard.step({ center: new Float32Array(2), picked: -1 })).rejects.toThrow('out of memory');
    const erring = threadShards(() => ({ post: () => {}, listen: (reply) => setTimeout(() => reply({ kind: 'error', message: 'no rows' }), 0), stop: () => {} }));
    const other = erring.connect({ rows: new Float32Array(4), dim: 2, rowIndex: Uint32Array.from([0, 1]), offset: 0 });
    await expect(other.step({ center: new Float32Array(2), picked: -1 })).rejects.toThrow('A k-center thread failed: no rows');
  });

  it('uses a second thread only when asked, for large work, on a machine with two cores', () => {
    expect(kCenterThreads(100_000, 256, 2, true)).toBe(2);
    expect(kCenterThreads(100_000, 256, 2, false)).toBe(1);
    expect(kCenterThreads(100_000, 256, 1, true)).toBe(1);
    expect(kCenterThreads(500, 256, 8, true)).toBe(1);
  });
});
