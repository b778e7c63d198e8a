import { SiftError } from '../errors';
import type { FeatureMatrix } from '../student/features';
import { FeatureDots } from './feature-dots';

/**
 * BADGE (Ash et al. 2020, "Deep Batch Active Learning by Diverse, Uncertain Gradient Lower Bounds"):
 * each item is embedded as the gradient of the student's loss with respect to its last layer's weights,
 * had the item's label been the class the student predicts, g_i = (p_i − e_ŷi) ⊗ h_i, with h_i the
 * last layer's input. The gradient is long where the student is unsure and points where the item's
 * features point, so k-means++ seeding over the g_i picks a batch that is uncertain and diverse at once,
 * with no constant to tune. For the app's linear student h_i is the item's feature vector (hashed
 * n-grams for text, the field vector for tables); the bias's gradient is left out, as BADGE embeds the
 * penultimate layer's output only. The inner product factorises,
 * ⟨g_i, g_j⟩ = ⟨p_i − e_ŷi, p_j − e_ŷj⟩·⟨h_i, h_j⟩, so no k × 16k vector is ever built.
 */
export class GradientEmbeddings {
  /** a_i = p_i − e_ŷi, n × k. */
  private readonly a: Float64Array;
  /** ‖g_i‖² = ‖a_i‖²·‖h_i‖². */
  readonly squaredNorms: Float64Array;
  private readonly dots: Float64Array;
  private readonly featureDots: FeatureDots;

  constructor(
    readonly n: number,
    readonly k: number,
    probs: Float32Array,
    features: FeatureMatrix,
  ) {
    if (probs.length < n * k) throw new SiftError('review/probs', `BADGE needs ${n}×${k} probabilities; got ${probs.length} values.`);
    this.featureDots = new FeatureDots(features);
    const h2 = this.featureDots.squaredNorms(n);
    this.a = new Float64Array(n * k);
    this.squaredNorms = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      // ŷ: the student's predicted class (argmax, ties to the lower class).
      let top = 0;
      for (let c = 1; c < k; c++) if (probs[i * k + c] > probs[i * k + top]) top = c;
      let a2 = 0;
      for (let c = 0; c < k; c++) {
        const v = probs[i * k + c] - (c === top ? 1 : 0);
        this.a[i * k + c] = v;
        a2 += v * v;
      }
      this.squaredNorms[i] = a2 * h2[i];
    }
    this.dots = new Float64Array(n);
  }

  /** out[i] = ‖g_i − g_c‖² for every item i (clamped at 0 against rounding). */
  squaredDistancesTo(c: number, out: Float64Array): Float64Array {
    const { n, k, a } = this;
    const hh = this.featureDots.dotsWith(c, this.dots);
    for (let i = 0; i < n; i++) {
      let aa = 0;
      for (let j = 0; j < k; j++) aa += a[i * k + j] * a[c * k + j];
      const d = this.squaredNorms[i] + this.squaredNorms[c] - 2 * aa * hh[i];
      out[i] = d > 0 ? d : 0;
    }
    return out;
  }
}

export interface BadgeInput {
  n: number;
  k: number;
  /** n×k probabilities of the student, for every pool item. */
  probs: Float32Array;
  /** The student's input for each pool item (row i = item i). */
  features: FeatureMatrix;
  /** 1 = may be picked. */
  eligible: Uint8Array;
  /** Seeded stream for the D² draws. */
  random: () => number;
  /** A fixed random order of the pool: picks when every candidate's gradient coincides with a centre's. */
  randomOrder: ArrayLike<number>;
}

/**
 * k-means++ seeding over the gradient embeddings, as BADGE's reference code: the first centre is the
 * longest gradient (ties to the lowest index), each next one is drawn with probability proportional to
 * its squared distance to the nearest centre so far (D² sampling). Distinct items, the same for the
 * same stream.
 */
export function badgePicks(input: BadgeInput, want: number): number[] {
  const { n, k, probs, features, eligible, random, randomOrder } = input;
  const emb = new GradientEmbeddings(n, k, probs, features);
  const open = Uint8Array.from(eligible.subarray(0, n));
  let first = -1;
  for (let i = 0; i < n; i++) if (open[i] && (first < 0 || emb.squaredNorms[i] > emb.squaredNorms[first])) first = i;
  if (first < 0 || want <= 0) return [];
  const picks = [first];
  open[first] = 0;
  const nearest = new Float64Array(n).fill(Infinity);
  const toCentre = new Float64Array(n);
  while (picks.length < want) {
    emb.squaredDistancesTo(picks[picks.length - 1], toCentre);
    let total = 0;
    let any = false;
    let last = -1;
    for (let i = 0; i < n; i++) {
      if (toCentre[i] < nearest[i]) nearest[i] = toCentre[i];
      if (open[i]) {
        total += nearest[i];
        any = true;
        if (nearest[i] > 0) last = i;
      }
    }
    if (!any) break;
    const next = total > 0 ? drawByWeight(nearest, open, total * random(), last) : firstOpen(randomOrder, open);
    picks.push(next);
    open[next] = 0;
  }
  return picks;
}

/** The open item where the running sum of weights first passes `target` (the last one of positive weight against rounding). */
function drawByWeight(weights: Float64Array, open: Uint8Array, target: number, last: number): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!open[i]) continue;
    sum += weights[i];
    if (sum > target) return i;
  }
  return last;
}

function firstOpen(order: ArrayLike<number>, open: Uint8Array): number {
  for (let c = 0; c < order.length; c++) if (open[order[c]]) return order[c];
  return open.indexOf(1);
}
