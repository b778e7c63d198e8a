import type { FeatureMatrix } from '../student/features';
import { FeatureDots } from './feature-dots';
import { kMeans, unitRows } from './kmeans-features';

/** TypiClust's reference constants (Hacohen, Dekel & Weinshall 2022, avihu111/TypiClust). */
export const TYPICLUST_MAX_CLUSTERS = 500;
/** Clusters of at most this many items are passed over while larger ones are left. */
export const TYPICLUST_MIN_CLUSTER_SIZE = 5;
/** Neighbours the typicality averages over (fewer in a small cluster: half its unreviewed items). */
export const TYPICLUST_KNN = 20;

export interface TypiclustInput {
  n: number;
  /** The student's input for each pool item (row i = item i). */
  features: FeatureMatrix;
  /** 1 = may be picked. */
  eligible: Uint8Array;
  /** 1 = already reviewed. */
  isRevealed: Uint8Array;
  /** The loop's seeded per-batch stream (k-means++ seeding). */
  random: () => number;
}

/**
 * TypiClust (Hacohen, Dekel & Weinshall, ICML 2022, "Active learning on a budget"): with few labels the
 * most useful ones are typical items of regions no label covers yet. The pool's unit-length features
 * are clustered by k-means into |reviewed| + batch clusters (at most 500); clusters larger than 5 items
 * are visited with those holding the fewest reviewed items first, larger first among equals (the
 * reference code's order, cycled if the batch outlasts them), and each visit picks the cluster's most
 * typical unreviewed, unpicked item: typicality = 1 / (mean Euclidean distance to its K nearest
 * neighbours among those items + 1e-5), K = min(20, ⌊their count / 2⌋) (at least 1; a lone item is
 * taken). Ties go to the lower index.
 */
export function typiclustPicks(input: TypiclustInput, want: number): number[] {
  const { n, features, eligible, isRevealed, random } = input;
  const open = Uint8Array.from({ length: n }, (_, i) => (eligible[i] && !isRevealed[i] ? 1 : 0));
  let openCount = open.reduce((a, b) => a + b, 0);
  if (want <= 0 || openCount === 0) return [];
  let reviewed = 0;
  for (let i = 0; i < n; i++) reviewed += isRevealed[i] ? 1 : 0;
  const unit = unitRows(features, n);
  const cluster = kMeans(unit, Math.min(reviewed + want, TYPICLUST_MAX_CLUSTERS), random);
  const order = clusterOrder(cluster, isRevealed);
  const dots = new FeatureDots(unit);
  const norms = dots.squaredNorms(n);
  const picks: number[] = [];
  // Visits until the batch is full; a cluster with nothing left to pick is passed over.
  for (let visit = 0, idle = 0; picks.length < want && openCount > 0 && idle < order.length; visit++) {
    const q = order[visit % order.length];
    const members: number[] = [];
    for (let i = 0; i < n; i++) if (cluster[i] === q && open[i]) members.push(i);
    if (members.length === 0) {
      idle++;
      continue;
    }
    idle = 0;
    const pick = mostTypical(members, dots, norms);
    picks.push(pick);
    open[pick] = 0;
    openCount--;
  }
  return picks;
}

/**
 * Clusters in visiting order: fewest reviewed items first, then larger first, then lower id; clusters
 * of ≤ TYPICLUST_MIN_CLUSTER_SIZE items only if no larger one exists.
 */
export function clusterOrder(cluster: Int32Array, isRevealed: Uint8Array): number[] {
  const c = cluster.reduce((a, b) => Math.max(a, b), -1) + 1;
  const size = new Int32Array(c);
  const reviewed = new Int32Array(c);
  for (let i = 0; i < cluster.length; i++) {
    size[cluster[i]]++;
    if (isRevealed[i]) reviewed[cluster[i]]++;
  }
  const ids = Array.from({ length: c }, (_, q) => q).filter((q) => size[q] > 0);
  const large = ids.filter((q) => size[q] > TYPICLUST_MIN_CLUSTER_SIZE);
  return (large.length ? large : ids).sort((a, b) => reviewed[a] - reviewed[b] || size[b] - size[a] || a - b);
}

/**
 * The member with the smallest mean distance to its K nearest fellow members (ties to the lower index).
 * `norms` holds ‖h_i‖² of every row (dots.squaredNorms).
 */
export function mostTypical(members: number[], dots: FeatureDots, norms: Float64Array = dots.squaredNorms(members[members.length - 1] + 1)): number {
  if (members.length === 1) return members[0];
  const knn = Math.max(1, Math.min(TYPICLUST_KNN, Math.floor(members.length / 2)));
  const row = new Float64Array(members.length);
  let best = members[0];
  let bestTypicality = -Infinity;
  for (const a of members) {
    dots.dotsWithRows(a, members, row);
    const dist = members.flatMap((b, t) => (b === a ? [] : [Math.sqrt(Math.max(0, norms[a] + norms[b] - 2 * row[t]))]));
    dist.sort((x, y) => x - y);
    let sum = 0;
    for (let t = 0; t < knn; t++) sum += dist[t];
    const typicality = 1 / (sum / knn + 1e-5);
    if (typicality > bestTypicality) {
      bestTypicality = typicality;
      best = a;
    }
  }
  return best;
}
