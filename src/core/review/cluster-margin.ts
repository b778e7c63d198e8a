import { mulberry32 } from '../random';
import type { FeatureMatrix } from '../student/features';
import { kMeans, unitRows } from './kmeans-features';
import { topK } from './queue';
import { marginScore } from './scores';

/** k_m = this × batch lowest-margin items are the candidates (Citovsky et al. 2021 use 10). */
export const CLUSTER_MARGIN_CANDIDATES = 10;
/** The pool is clustered once into ⌈n / this⌉ clusters (mean size 10), at most CLUSTER_MARGIN_MAX_CLUSTERS. */
export const CLUSTER_MARGIN_MEAN_SIZE = 10;
export const CLUSTER_MARGIN_MAX_CLUSTERS = 500;

export interface ClusterMarginInput {
  n: number;
  k: number;
  /** n×k probabilities of the newest model. */
  probs: Float32Array;
  features: FeatureMatrix;
  /** 1 = may be picked. */
  eligible: Uint8Array;
  /** The loop's seed: the clustering is drawn from it alone, so every batch of a loop sees the same clusters. */
  seed: number;
  /** The loop's seeded per-batch stream (the draw inside a cluster). */
  random: () => number;
}

/**
 * Cluster-Margin (Citovsky et al., NeurIPS 2021, "Batch Active Learning at Scale"): the pool is
 * clustered once (the paper: average-linkage HAC; here k-means on unit-length features, KMEANS_* in
 * kmeans-features.ts, ⌈n / 10⌉ clusters, seeded by the loop's seed), then each batch takes the
 * k_m = 10 × batch lowest-margin eligible items, groups them by cluster, and draws round-robin over
 * those groups, the group with fewest candidates first (ties to the lower cluster id), one uniformly
 * random candidate per visit, until the batch is full: uncertain items, spread across regions.
 */
export function clusterMarginPicks(input: ClusterMarginInput, want: number): number[] {
  const { n, k, probs, features, eligible, seed, random } = input;
  if (want <= 0) return [];
  const clusters = Math.min(CLUSTER_MARGIN_MAX_CLUSTERS, Math.ceil(n / CLUSTER_MARGIN_MEAN_SIZE));
  // seed·1,000,003 is the one stream of the seed no batch draws from (batches add labels so far + 1).
  const cluster = kMeans(unitRows(features, n), clusters, mulberry32(seed * 1_000_003));
  const candidates = topK(marginScore({ n, k, probs }), CLUSTER_MARGIN_CANDIDATES * want, eligible);
  return roundRobin(candidates, cluster, random, want);
}

/** Round-robin over the candidates' clusters, smallest group first, a random member per visit. */
export function roundRobin(candidates: ArrayLike<number>, cluster: Int32Array, random: () => number, want: number): number[] {
  const groups = new Map<number, number[]>();
  for (const i of Array.from(candidates)) {
    const g = groups.get(cluster[i]);
    if (g) g.push(i);
    else groups.set(cluster[i], [i]);
  }
  const order = [...groups.entries()].sort((a, b) => a[1].length - b[1].length || a[0] - b[0]).map(([, g]) => g.sort((x, y) => x - y));
  const picks: number[] = [];
  while (picks.length < want && order.some((g) => g.length > 0)) {
    for (const g of order) {
      if (picks.length >= want) break;
      if (g.length === 0) continue;
      picks.push(g.splice(Math.floor(random() * g.length), 1)[0]);
    }
  }
  return picks;
}
