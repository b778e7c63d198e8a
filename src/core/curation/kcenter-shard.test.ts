import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { kCenterCover, kCenterCoverAsync, type RemoteShard, type ShardInit } from './diversity';
import { mergeFar, shardRanges, shardServer, type ShardReply, type ShardRequest } from './kcenter-shard';

/** A shard behind the thread protocol, answered on a later turn as a worker would. */
function threadShard(init: ShardInit, log: ShardRequest['kind'][]): RemoteShard {
  const serve = shardServer();
  const ask = async (request: ShardRequest): Promise<ShardReply> => {
    log.push(request.kind);
    await new Promise((resolve) => setTimeout(resolve, 0));
    const reply = serve(structuredClone(request));
    if (reply.kind === 'error') throw new Error(reply.message);
    return reply;
  };
  const ready = ask({ kind: 'init', ...init });
  return {
    step: async (step) => {
      await ready;
      const reply = await ask({ kind: 'step', ...step });
      if (reply.kind !== 'far') throw new Error(reply.kind);
      return reply.far;
    },
    coveringRadius: async () => {
      const reply = await ask({ kind: 'radius' });
      if (reply.kind !== 'radius') throw new Error(reply.kind);
      return reply.radius;
    },
  };
}

function world(n: number, dim: number, seed: number, levels: number) {
  const random = mulberry32(seed);
  const vectors = Float32Array.from({ length: n * dim }, () => Math.floor(random() * levels));
  const candidates = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.7);
  const initial = Array.from({ length: n }, (_, i) => i).filter(() => random() < 0.1);
  return { vectors, candidates, initial };
}

describe('k-center over shards', () => {
  it('splits positions into contiguous ranges and refuses no threads', () => {
    expect(shardRanges(10, 3)).toEqual([[0, 3], [3, 6], [6, 10]]);
    expect(shardRanges(1, 2)).toEqual([[0, 0], [0, 1]]);
    expect(() => shardRanges(10, 0)).toThrow('k-center needs at least 1 thread; got 0.');
  });

  it('merges the farthest candidates: largest distance, ties to the lowest position, empty shards ignored', () => {
    expect(mergeFar([{ position: 7, distance: 4 }, { position: 2, distance: 4 }, { position: -1, distance: -1 }])).toEqual({ position: 2, distance: 4 });
    expect(mergeFar([{ position: 1, distance: 3 }, { position: 9, distance: 5 }])).toEqual({ position: 9, distance: 5 });
    expect(mergeFar([{ position: -1, distance: -1 }])).toEqual({ position: -1, distance: -1 });
  });

  it('property: any number of shards picks what one does, with ties, candidates and earlier picks', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 5 }), fc.integer(), (n, dim, k, shards, seed) => {
        const { vectors, candidates, initial } = world(n, dim, seed, 4);
        const one = kCenterCover(vectors, dim, k, { candidates, initial });
        expect(kCenterCover(vectors, dim, k, { candidates, initial, shards })).toEqual(one);
      }),
      { numRuns: 200 },
    );
  });

  it('the async driver over the thread protocol picks what the loop does, from a copied or a shared matrix', async () => {
    for (const seed of [1, 2, 3]) {
      const { vectors, candidates, initial } = world(300, 6, seed, 5);
      const expected = kCenterCover(vectors, 6, 40, { candidates, initial });
      const log: ShardRequest['kind'][] = [];
      expect(await kCenterCoverAsync(vectors, 6, 40, { candidates, initial, shards: 2 }, (init) => threadShard(init, log))).toEqual(expected);
      expect(log.filter((kind) => kind === 'init')).toHaveLength(2);
      const shared = new Float32Array(new SharedArrayBuffer(vectors.byteLength));
      shared.set(vectors);
      expect(await kCenterCoverAsync(shared, 6, 40, { candidates, initial, shards: 3 }, (init) => threadShard(init, []))).toEqual(expected);
    }
  });

  it('an abort stops the async driver between picks', async () => {
    const { vectors } = world(400, 4, 5, 50);
    const controller = new AbortController();
    let steps = 0;
    const connect = (init: ShardInit): RemoteShard => {
      const shard = threadShard(init, []);
      return {
        step: (step) => {
          if (++steps === 10) controller.abort();
          return shard.step(step);
        },
        coveringRadius: () => shard.coveringRadius(),
      };
    };
    await expect(kCenterCoverAsync(vectors, 4, 200, { signal: controller.signal }, connect)).rejects.toThrow('Cancelled');
    expect(steps).toBe(10);
  });
});

describe('shard thread server', () => {
  it('answers work sent before its candidates with an error, then serves steps', () => {
    const serve = shardServer();
    expect(serve({ kind: 'radius' })).toEqual({ kind: 'error', message: 'The k-center thread got work before its candidates.' });
    expect(serve({ kind: 'init', rows: Float32Array.from([0, 3]), dim: 1, rowIndex: Uint32Array.from([0, 1]), offset: 5 })).toEqual({ kind: 'ready' });
    // Center at 0 is candidate 5 (picked); the farthest left is candidate 6, 3 away (squared 9).
    expect(serve({ kind: 'step', center: Float32Array.from([0]), picked: 5 })).toEqual({ kind: 'far', far: { position: 6, distance: 9 } });
    expect(serve({ kind: 'radius' })).toEqual({ kind: 'radius', radius: 9 });
  });
});
