import type { FeatureMatrix } from '../student/features';
import { FeatureDots } from './feature-dots';

export interface KCenterFeatureInput {
  n: number;
  /** The student's input for each pool item (row i = item i). */
  features: FeatureMatrix;
  /** 1 = may be picked. */
  eligible: Uint8Array;
  /** 1 = already reviewed: these are the centres the batch must lie far from. */
  isRevealed: Uint8Array;
  /** A fixed random order of the pool: its first eligible item is the first centre when nothing is reviewed yet. */
  randomOrder: ArrayLike<number>;
}

/**
 * A pure diversity baseline (the core-set view of Sener & Savarese 2018, on the items' own features
 * instead of a network's embedding): k-center greedy under cosine distance, the reviewed items as the
 * centres already taken, each pick the eligible item farthest from its nearest centre (ties to the
 * lowest index). It ignores the model, so it shows what covering the pool alone buys. A zero vector
 * (an empty text) is at distance 1 from everything.
 */
export function kCenterFeaturePicks(input: KCenterFeatureInput, want: number): number[] {
  const { n, features, eligible, isRevealed, randomOrder } = input;
  const dots = new FeatureDots(features);
  const norms = dots.squaredNorms(n).map(Math.sqrt);
  const nearest = new Float64Array(n).fill(Infinity);
  const toCentre = new Float64Array(n);
  const open = Uint8Array.from(eligible.subarray(0, n));
  const addCentre = (c: number) => {
    dots.dotsWith(c, toCentre);
    for (let i = 0; i < n; i++) {
      const d = norms[i] > 0 && norms[c] > 0 ? 1 - toCentre[i] / (norms[i] * norms[c]) : 1;
      if (d < nearest[i]) nearest[i] = d > 0 ? d : 0;
    }
  };
  for (let i = 0; i < n; i++) if (isRevealed[i]) addCentre(i);
  const picks: number[] = [];
  const take = (i: number) => {
    picks.push(i);
    open[i] = 0;
    addCentre(i);
  };
  if (want > 0 && !isRevealed.includes(1)) {
    for (let c = 0; c < randomOrder.length; c++) {
      if (open[randomOrder[c]]) {
        take(randomOrder[c]);
        break;
      }
    }
  }
  while (picks.length < want) {
    let far = -1;
    for (let i = 0; i < n; i++) if (open[i] && (far < 0 || nearest[i] > nearest[far])) far = i;
    if (far < 0) break;
    take(far);
  }
  return picks;
}
