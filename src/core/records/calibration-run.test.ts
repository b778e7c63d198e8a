import { describe, expect, it } from 'vitest';
import { parseRun } from './parse';

const run = (results: Record<string, unknown>) => ({ id: 'cal-1', datasetId: 'd', kind: 'calibration', status: 'done', createdAt: 1, inputs: [], params: { key: 's', method: 'temperature' }, results });

describe('a stored calibration run', () => {
  it('carries the decision its source votes by, optionally: older runs without one still load', () => {
    const decided = parseRun(run({ decision: { kind: 'threshold', positive: 1, threshold: 0.31 }, decisionHow: 'restated' }));
    expect(decided.kind === 'calibration' && decided.results.decision).toEqual({ kind: 'threshold', positive: 1, threshold: 0.31 });
    expect(parseRun(run({})).kind).toBe('calibration');
  });

  it('is refused by name with a decision that is not an object or an unknown way of making it', () => {
    expect(() => parseRun(run({ decision: 'argmax' }))).toThrow(/"cal-1".*results\.decision/);
    expect(() => parseRun(run({ decision: { kind: 'argmax' }, decisionHow: 'guessed' }))).toThrow(/results\.decisionHow/);
  });
});
