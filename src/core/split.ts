import { SiftError } from './errors';
import { mulberry32, shuffleInPlace } from './random';
import { NO_LABEL, Split } from './types';

export interface SplitRequest {
  canary: number;
  dev: number;
  seed: number;
  /** Items that must stay in train whatever their label (synthetic exemplars: non-zero = excluded). */
  exclude?: Uint8Array;
}

/**
 * Sizes per class proportional to class frequency (largest-remainder rounding), so small classes
 * still get their share and the total is exact.
 */
export function proportionalAllocation(classCounts: number[], total: number): number[] {
  const sum = classCounts.reduce((a, b) => a + b, 0);
  if (sum === 0) return classCounts.map(() => 0);
  const exact = classCounts.map((c) => (c / sum) * total);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => ({ k, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of order) {
    if (left === 0) break;
    if (out[k] < classCounts[k]) {
      out[k]++;
      left--;
    }
  }
  return out;
}

/**
 * Draws canary and dev sets as stratified random samples of the labeled items (only labeled items
 * can measure anything; never an `exclude`d one). Every other item goes to train. Deterministic given the seed.
 */
export function drawSplits(labels: Int16Array, classCount: number, request: SplitRequest): Uint8Array {
  const byClass: number[][] = Array.from({ length: classCount }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (request.exclude?.[i]) continue;
    if (label !== NO_LABEL && label >= 0 && label < classCount) byClass[label].push(i);
  }
  const labeled = byClass.reduce((a, b) => a + b.length, 0);
  const wanted = request.canary + request.dev;
  if (!Number.isInteger(request.canary) || !Number.isInteger(request.dev) || request.canary < 0 || request.dev < 0) {
    throw new SiftError('split-size', 'Canary and dev sizes must be whole numbers of items, 0 or more.');
  }
  if (wanted > labeled) {
    throw new SiftError(
      'split-too-few-labels',
      `Canary (${request.canary.toLocaleString('en-US')}) and dev (${request.dev.toLocaleString('en-US')}) need ${wanted.toLocaleString('en-US')} labeled items, but only ${labeled.toLocaleString('en-US')} are labeled. Label more items or choose smaller sets.`,
      { labeled, wanted },
    );
  }
  const random = mulberry32(request.seed);
  const pools = byClass.map((items) => shuffleInPlace(Uint32Array.from(items), random));
  const splits = new Uint8Array(labels.length).fill(Split.train);
  const counts = pools.map((p) => p.length);
  const canaryPerClass = proportionalAllocation(counts, request.canary);
  const devPerClass = proportionalAllocation(
    counts.map((c, k) => c - canaryPerClass[k]),
    request.dev,
  );
  pools.forEach((pool, k) => {
    for (let i = 0; i < canaryPerClass[k]; i++) splits[pool[i]] = Split.canary;
    for (let i = canaryPerClass[k]; i < canaryPerClass[k] + devPerClass[k]; i++) splits[pool[i]] = Split.dev;
  });
  return splits;
}

export function splitCounts(splits: Uint8Array): Record<'train' | 'dev' | 'canary', number> {
  const counts = { train: 0, dev: 0, canary: 0 };
  for (let i = 0; i < splits.length; i++) {
    const s = splits[i];
    if (s === Split.canary) counts.canary++;
    else if (s === Split.dev) counts.dev++;
    else counts.train++;
  }
  return counts;
}
