import { ECE_BINS } from '../calibration/metrics';
import { mulberry32 } from '../random';
import { BOOTSTRAP, percentile, wilsonInterval, type Interval } from '../slices/intervals';

/** 95 % intervals of every number a canary row shows. */
export interface CanaryIntervals {
  /** Wilson: proportions of labelled (or voted, or all canary) items. */
  accuracy: Interval;
  votedAccuracy: Interval;
  coverage: Interval;
  /** Percentile bootstrap over the labelled canary items. */
  macroF1: Interval;
  f1: Interval[];
  ece: Interval | null;
  costError: Interval;
}

/** What one output did on the labelled canary items, row by row (rows are resampled together). */
export interface LabelledRows {
  gold: Int16Array;
  /** −1 = abstained. */
  predicted: Int16Array;
  /** Cost of this output's answer on each row. */
  cost: Float64Array;
  /** Top-label confidence per row, when the output has probabilities (ECE). */
  confidence: Float64Array | null;
  /** 1 where the probabilities' top class is the gold one (ECE scores the probabilities, not `predicted`). */
  topHit: Uint8Array | null;
}

export interface Counts {
  right: number;
  labelled: number;
  abstained: number;
  voted: number;
  canaryItems: number;
}

const NO_INTERVAL: Interval = { low: NaN, high: NaN };

/**
 * Every interval of one canary row. The bootstrap resamples the labelled rows with replacement
 * (seeded, so a report is reproducible) and recomputes macro-F1, per-class F1, ECE and cost on the
 * same resamples; the 2.5th and 97.5th percentiles bound each.
 */
export function canaryIntervals(rows: LabelledRows, counts: Counts, k: number, rounds: number = BOOTSTRAP.rounds, seed: number = BOOTSTRAP.seed): CanaryIntervals {
  const n = rows.gold.length;
  const wilson = (hits: number, total: number) => (total > 0 ? wilsonInterval(hits, total) : NO_INTERVAL);
  const base = {
    accuracy: wilson(counts.right, counts.labelled),
    votedAccuracy: wilson(counts.right, counts.labelled - counts.abstained),
    coverage: wilson(counts.voted, counts.canaryItems),
  };
  if (n === 0) return { ...base, macroF1: NO_INTERVAL, f1: Array.from({ length: k }, () => NO_INTERVAL), ece: rows.confidence ? NO_INTERVAL : null, costError: NO_INTERVAL };
  const random = mulberry32(seed);
  const hits = new Int32Array(k);
  const predictedCount = new Int32Array(k);
  const goldCount = new Int32Array(k);
  const macro = new Float64Array(rounds);
  const f1 = Array.from({ length: k }, () => new Float64Array(rounds));
  const ece = rows.confidence ? new Float64Array(rounds) : null;
  const cost = new Float64Array(rounds);
  const binCount = new Float64Array(ECE_BINS);
  const binConf = new Float64Array(ECE_BINS);
  const binHits = new Float64Array(ECE_BINS);
  for (let r = 0; r < rounds; r++) {
    let costSum = 0;
    binCount.fill(0);
    binConf.fill(0);
    binHits.fill(0);
    hits.fill(0);
    predictedCount.fill(0);
    goldCount.fill(0);
    for (let i = 0; i < n; i++) {
      const j = Math.floor(random() * n);
      const g = rows.gold[j];
      const p = rows.predicted[j];
      goldCount[g]++;
      if (p >= 0 && p < k) predictedCount[p]++;
      if (p === g) hits[g]++;
      costSum += rows.cost[j];
      if (rows.confidence) {
        const c = rows.confidence[j];
        const b = Math.min(ECE_BINS - 1, Math.floor(c * ECE_BINS));
        binCount[b]++;
        binConf[b] += c;
        binHits[b] += rows.topHit![j];
      }
    }
    // F1 = 2·hits / (predicted + gold), the same as 2PR/(P+R); macro over the classes that occur (as sklearn).
    let sum = 0;
    let classes = 0;
    for (let c = 0; c < k; c++) {
      const denominator = predictedCount[c] + goldCount[c];
      f1[c][r] = denominator > 0 ? (2 * hits[c]) / denominator : 0;
      if (denominator > 0) {
        sum += f1[c][r];
        classes++;
      }
    }
    macro[r] = classes > 0 ? sum / classes : NaN;
    cost[r] = costSum / n;
    if (ece) {
      let e = 0;
      for (let b = 0; b < ECE_BINS; b++) if (binCount[b]) e += Math.abs(binHits[b] - binConf[b]) / n;
      ece[r] = e;
    }
  }
  const bounds = (scores: Float64Array): Interval => {
    scores.sort();
    return { low: percentile(scores, 0.025), high: percentile(scores, 0.975) };
  };
  return { ...base, macroF1: bounds(macro), f1: f1.map(bounds), ece: ece ? bounds(ece) : null, costError: bounds(cost) };
}
