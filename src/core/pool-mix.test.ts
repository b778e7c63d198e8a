import { describe, expect, it } from 'vitest';
import { adjustedPoolMix } from './pool-mix';
import { mulberry32 } from './random';
import { classMixDepartures, mixWarning } from './split-pool';
import { Split } from './types';

/**
 * A pool with true class 1 share `share`; a model that predicts 1 for a true 1 with probability `tpr`
 * and for a true 0 with probability `fpr`; the first `dev` items are dev with their true labels.
 */
function world(seed: number, n: number, share: number, tpr: number, fpr: number, dev: number) {
  const random = mulberry32(seed);
  const truth = new Int16Array(n);
  const predicted = new Int16Array(n);
  const splits = new Uint8Array(n);
  const labels = new Int16Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    truth[i] = random() < share ? 1 : 0;
    predicted[i] = random() < (truth[i] === 1 ? tpr : fpr) ? 1 : 0;
    if (i < dev) {
      splits[i] = Split.dev;
      labels[i] = truth[i];
    }
  }
  return { truth, predicted, splits, labels };
}

describe('the pool mix corrected for the model’s errors on dev', () => {
  it('recovers the true share from a model that over-predicts a class, with an interval around it', () => {
    const w = world(3, 20_000, 0.3, 0.9, 0.2, 2_000);
    const estimate = adjustedPoolMix(w.labels, w.predicted, w.splits, 2)!;
    expect(estimate.devItems).toBe(2_000);
    expect(estimate.mix[1]).toBeCloseTo(0.3, 1);
    expect(estimate.low[1]).toBeLessThan(0.3);
    expect(estimate.high[1]).toBeGreaterThan(0.3);
    expect(estimate.mix[0] + estimate.mix[1]).toBeCloseTo(1, 6);
    // Without labelled dev items there is nothing to correct with.
    expect(adjustedPoolMix(w.labels, w.predicted, new Uint8Array(20_000), 2)).toBeNull();
  });

  it('WRENCH-like: 47 % spam labelled, a model predicting 58 % spam; the correction stops the false warning', () => {
    // 1,956 items, 47 % spam; the model flags 97 % of spam and 25 % of ham (≈ 58 % predicted spam).
    // Labelled: dev (120) and a further 250 items (the WRENCH test split), all a fair sample.
    let uncorrected = 0;
    let corrected = 0;
    const SEEDS = 40;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const w = world(seed, 1_956, 0.47, 0.97, 0.25, 120);
      for (let i = 120; i < 370; i++) w.labels[i] = w.truth[i];
      if (classMixDepartures(w.labels, w.predicted, 2).length) uncorrected++;
      if (classMixDepartures(w.labels, w.predicted, 2, undefined, adjustedPoolMix(w.labels, w.predicted, w.splits, 2)).length) corrected++;
    }
    // The old check cried wolf on every sample; the corrected one at most as often as two 95 % intervals miss.
    expect(uncorrected).toBe(SEEDS);
    expect(corrected).toBeLessThanOrEqual(2);
  });

  it('a real skew still warns: a bulk label that would give a canary of 33 spam and 2 ham on data that is 13 % spam (every seed)', () => {
    for (let seed = 1; seed <= 20; seed++) skewWarns(seed);
  });

  function skewWarns(seed: number) {
    const w = world(seed, 5_000, 0.13, 0.85, 0.05, 150);
    // Dev (150 random items) is labelled; so are 330 spam and 20 ham a rule picked from the pool.
    let spam = 0;
    let ham = 0;
    for (let i = 150; i < 5_000 && (spam < 330 || ham < 20); i++) {
      if (w.truth[i] === 1 && spam < 330) w.labels[i] = (spam++, 1);
      else if (w.truth[i] === 0 && ham < 20) w.labels[i] = (ham++, 0);
    }
    const estimate = adjustedPoolMix(w.labels, w.predicted, w.splits, 2)!;
    expect(estimate.mix[1]).toBeLessThan(0.2);
    const departures = classMixDepartures(w.labels, w.predicted, 2, undefined, estimate);
    expect(departures.map((d) => d.classIndex).sort()).toEqual([0, 1]);
    const text = mixWarning(departures, ['ham', 'spam'], "the label model's predictions")!;
    expect(text).toMatch(/spam is \d+ % of the labelled items \(95 % interval \d+ %–\d+ %\) but about \d+ % of the pool \(95 % interval \d+ %–\d+ %, corrected for the model's errors on 150 dev items\)/);
  }

  it('a singular confusion (the model never predicts one class on dev) gives no correction', () => {
    const labels = Int16Array.from([0, 1, 0, 1]);
    const splits = Uint8Array.from([Split.dev, Split.dev, Split.dev, Split.dev]);
    expect(adjustedPoolMix(labels, Int16Array.from([0, 0, 0, 0]), splits, 2)).toBeNull();
  });
});
