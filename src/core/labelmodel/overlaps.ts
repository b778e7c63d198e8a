import { SiftError } from '../errors';
import type { PairCounts } from './pair-counts';

/** O's side is m·k; beyond this its d² doubles (and the d²·k work per step) stop being browser-sized. */
export const MAX_OVERLAP_SIDE = 2048;

/** Refuses before any d×d table is built. */
export function checkOverlapSide(m: number, k: number, method: string): void {
  const d = m * k;
  if (d > MAX_OVERLAP_SIDE) {
    throw new SiftError(
      'labelmodel/too-large',
      `${method} works on a (sources × classes)² overlap matrix; ${m} sources × ${k} classes = ${d} is over ${MAX_OVERLAP_SIDE}. Use Dawid–Skene (ds) or weighted majority vote (wmv), which scale with the number of votes.`,
      { m, k, d, limit: MAX_OVERLAP_SIDE },
    );
  }
}

/**
 * O = (1/n) Σ_items x xᵀ where x is the item's one-hot votes (entry j*k + v); abstentions are zero.
 * The pair counts are the only place the matrix-completion model touches the data.
 */
export function overlapMatrix(pairs: PairCounts): Float64Array {
  const { n, counts } = pairs;
  const overlap = new Float64Array(counts.length);
  for (let i = 0; i < counts.length; i++) overlap[i] = counts[i] / n;
  return overlap;
}
