import { describe, expect, it } from 'vitest';
import { decideLabels } from '../../src/core/labelmodel/decide';
import { metricValue } from '../../src/core/metrics/selection';
import { mulberry32 } from '../../src/core/random';
import { crossFittedDecision } from './decision-crossfit';

/** Three classes; the rare class 2 gets a probability that is higher on its own items but never the top one. */
function underRated(seed: number, signal: boolean) {
  const random = mulberry32(seed);
  const n = 400;
  const gold = new Int16Array(n);
  const probs = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    const y = random() < 0.1 ? 2 : random() < 0.5 ? 0 : 1;
    gold[i] = y;
    const row = [0.45, 0.45, 0.1];
    if (y === 2 && signal) row[2] = 0.35;
    else if (y !== 2) row[y] += 0.2;
    const sum = row.reduce((a, b) => a + b);
    for (let c = 0; c < 3; c++) probs[i * 3 + c] = row[c] / sum + (random() - 0.5) * 0.02;
  }
  return { gold, probs };
}

describe('crossFittedDecision', () => {
  const metric = { kind: 'macro_f1' as const };
  it('keeps the gain of class weights when the rare class has signal', () => {
    const { gold, probs } = underRated(3, true);
    const argmax = metricValue(metric, gold, decideLabels(probs, 3), 3);
    const crossed = crossFittedDecision(probs, 3, gold, metric);
    expect(crossed.labels.some((y) => y === 2)).toBe(true);
    expect(crossed.value).toBeGreaterThan(argmax + 0.2);
  });

  it('scores every labelled item exactly once', () => {
    const { gold, probs } = underRated(4, false);
    expect(crossFittedDecision(probs, 3, gold, metric).labels.every((y) => y >= 0)).toBe(true);
  });
});
