import { Split } from '../types';

/**
 * Pool items that are copies or near-duplicates of held-out (dev or canary) items. Training on one
 * teaches the model the held-out item's answer, so dev and canary would then overstate how well it does
 * on unseen data: selections used for training leave them out. Membership follows the clusters as
 * found (transitively: a pool item chained to a dev item through another pool item counts too), and
 * the splits as they are now, since splits can be re-drawn after a dedupe run.
 */
export interface HeldOutCopies {
  /** Pool items sharing a cluster with a dev or canary item, ascending. */
  items: number[];
  /** Of those, how many share a cluster with a dev item, and with a canary item (one may count in both). */
  dev: number;
  canary: number;
  /** Indices of the clusters that mix pool and held-out members. */
  clusters: number[];
}

export function heldOutCopies(clusters: readonly (readonly number[])[], splits: ArrayLike<number>): HeldOutCopies {
  const items: number[] = [];
  const mixed: number[] = [];
  let dev = 0;
  let canary = 0;
  clusters.forEach((cluster, c) => {
    const pool = cluster.filter((i) => splits[i] === Split.train);
    if (pool.length === 0) return;
    const hasDev = cluster.some((i) => splits[i] === Split.dev);
    const hasCanary = cluster.some((i) => splits[i] === Split.canary);
    if (!hasDev && !hasCanary) return;
    mixed.push(c);
    items.push(...pool);
    if (hasDev) dev += pool.length;
    if (hasCanary) canary += pool.length;
  });
  return { items: items.sort((a, b) => a - b), dev, canary, clusters: mixed };
}

/** Per item: 1 for the items listed (out of range ones ignored), for filters that test membership per item. */
export function itemMask(n: number, items: readonly number[]): Uint8Array {
  const mask = new Uint8Array(n);
  for (const i of items) if (i >= 0 && i < n) mask[i] = 1;
  return mask;
}

/**
 * Disagreeing clusters that have something to review from here: at least one pool member (dev and
 * canary items are never reviewed from the dedupe panel, so a cluster of only those would open an
 * empty queue). Every pool member counts, a person's label included, since people mislabel too.
 */
export function reviewableClusters(clusters: readonly (readonly number[])[], disagreeing: readonly number[], splits: ArrayLike<number>): { clusters: number[]; items: number } {
  const kept: number[] = [];
  let items = 0;
  for (const c of disagreeing) {
    const pool = (clusters[c] ?? []).filter((i) => splits[i] === Split.train).length;
    if (pool === 0) continue;
    kept.push(c);
    items += pool;
  }
  return { clusters: kept, items };
}
