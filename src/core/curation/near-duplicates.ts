import { chooseKeep } from './dedupe';
import { UnionFind } from './union-find';

export interface ClusterFacts {
  /** Per item: a person's label, or -1. */
  human: ArrayLike<number>;
  /** Per item: the newest label model's argmax, or -1 (no model, or no evidence). */
  predicted?: ArrayLike<number>;
  /** Per item: the label model's probability of its argmax (0 without a model). */
  confidence?: ArrayLike<number>;
}

export interface NearDuplicateClusters {
  /** Groups of two or more items (members ascending), ordered by their first member. */
  clusters: number[][];
  /** The member each cluster keeps: labelled by a person first, then the most confident, then the earliest. */
  keep: number[];
  /** Indices into `clusters` of those whose members carry different labels (a person's, else the label model's). */
  disagreeing: number[];
}

/** The label an item is known by: a person's if any, else the label model's prediction, else -1. */
export function effectiveLabel(facts: ClusterFacts, i: number): number {
  const h = facts.human[i];
  if (h >= 0) return h;
  return facts.predicted ? facts.predicted[i] : -1;
}

/**
 * Merges near-duplicate pairs and exact-copy groups into clusters (transitively: a chain of near
 * duplicates is one cluster), picks the member each keeps and finds the clusters whose labels differ.
 */
export function nearDuplicateClusters(n: number, pairs: readonly (readonly [number, number, ...unknown[]])[], groups: readonly (readonly number[])[], facts: ClusterFacts): NearDuplicateClusters {
  const sets = new UnionFind(n);
  for (const [a, b] of pairs) sets.union(a, b);
  for (const group of groups) for (let x = 1; x < group.length; x++) sets.union(group[0], group[x]);
  const clusters = sets.groups();
  const humanLabeled = Uint8Array.from({ length: n }, (_, i) => (facts.human[i] >= 0 ? 1 : 0));
  const keep = clusters.map((c) => chooseKeep(c, { humanLabeled, confidence: facts.confidence }));
  const disagreeing: number[] = [];
  clusters.forEach((cluster, c) => {
    const labels = new Set(cluster.map((i) => effectiveLabel(facts, i)).filter((l) => l >= 0));
    if (labels.size > 1) disagreeing.push(c);
  });
  return { clusters, keep, disagreeing };
}
