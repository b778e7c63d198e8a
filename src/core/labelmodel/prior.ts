import { SiftError } from '../errors';

/**
 * Class balance from gold labels (the dev set), with one pseudo-count per class so a class absent from
 * a small dev set keeps a little mass. Labels < 0 (unlabeled) are skipped.
 */
export function classPriorFromLabels(labels: ArrayLike<number>, k: number, pseudoCount = 1): Float64Array {
  const prior = new Float64Array(k).fill(pseudoCount);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label >= 0 && label < k) prior[label]++;
  }
  return normalize(prior);
}

export function uniformPrior(k: number): Float64Array {
  return new Float64Array(k).fill(1 / k);
}

export function normalize(values: Float64Array): Float64Array {
  let sum = 0;
  for (let c = 0; c < values.length; c++) sum += values[c];
  for (let c = 0; c < values.length; c++) values[c] /= sum;
  return values;
}

/** A caller's fixed prior, checked; or null when the method should use its own. */
export function fixedPrior(prior: ArrayLike<number> | undefined, k: number): Float64Array | null {
  if (prior === undefined) return null;
  if (prior.length !== k) throw new SiftError('labelmodel/prior', `The class prior has ${prior.length} entries; there are ${k} classes.`);
  const out = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const p = prior[c];
    if (!(p > 0) || !Number.isFinite(p)) {
      throw new SiftError('labelmodel/prior', `Class ${c} has prior ${p}; every class needs a positive prior (use a pseudo-count for classes absent from dev).`);
    }
    out[c] = p;
  }
  return normalize(out);
}
