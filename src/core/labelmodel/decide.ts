import { sha1Mod } from '../sha1';

/** Probabilities closer than this count as tied (Snorkel's tolerance). */
export const TIE_TOLERANCE = 1e-5;

export interface DecideOptions {
  /** Mixed into the tie-break key; 0 (default) reproduces Snorkel's "random" policy exactly. */
  seed?: number;
  /** Stable item keys (ids). Without them the key is the item's index, as in Snorkel. */
  keys?: ArrayLike<string>;
}

/**
 * Hard labels from probabilities: the most probable class; a tie is broken by SHA-1 of the item's key
 * (Snorkel's rule), so the choice is reproducible, spread evenly over the tied classes, and with keys
 * it follows the item rather than its position. The label is never −1: an uncovered item carries its
 * prior, which has a top class too.
 */
export function decideLabels(probs: Float32Array, k: number, options: DecideOptions = {}): Int16Array {
  const n = probs.length / k;
  const labels = new Int16Array(n);
  const tied = new Int16Array(k);
  const seed = options.seed ?? 0;
  for (let i = 0; i < n; i++) {
    const row = i * k;
    let best = probs[row];
    for (let c = 1; c < k; c++) if (probs[row + c] > best) best = probs[row + c];
    let count = 0;
    for (let c = 0; c < k; c++) if (best - probs[row + c] < TIE_TOLERANCE) tied[count++] = c;
    if (count === 1) {
      labels[i] = tied[0];
      continue;
    }
    const key = options.keys ? options.keys[i] : String(i);
    labels[i] = tied[sha1Mod(seed === 0 ? key : `${seed}:${key}`, count)];
  }
  return labels;
}
