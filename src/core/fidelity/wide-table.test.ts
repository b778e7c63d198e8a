import { describe, expect, it } from 'vitest';
import { driftReport } from '../drift/report';
import type { StringTable } from '../drift/columns';
import { sliceReport, valueGroups } from '../slices/slices';
import { fidelityReport } from './report';

const WIDTH = 20_000;
const ROWS = 60;
const COLORS = ['red', 'green', 'blue'];

/**
 * A 20,000-column table (three categorical columns, the rest numbers). In the "current" table every
 * fourth numeric column moves up by a third of its range, the others keep their distribution.
 */
function wideTable(rows: number, seed: number, shifted: boolean): StringTable {
  const names = ['id', 'cat_a', 'cat_b', 'cat_c', ...Array.from({ length: WIDTH - 4 }, (_, c) => `x${c}`)];
  const columns = names.map((name, c) =>
    Array.from({ length: rows }, (_, r) => {
      if (name === 'id') return `r${seed}-${r}`;
      if (name.startsWith('cat_')) return COLORS[(r * 7 + c * 3 + seed) % 3];
      const value = ((r * 7919 + c * 104_729 + seed * 15_485_863) % 1000) / 10;
      return (shifted && c % 4 === 0 ? value + 33 : value).toFixed(1);
    }),
  );
  return { names, columns };
}

describe('a 20,000-column table', () => {
  const reference = wideTable(ROWS, 1, false);
  const current = wideTable(ROWS, 2, true);

  it('fidelity: exact shapes over every column, pair trends from 20,000 of 199,970,001 pairs with an interval, detection hashed', () => {
    const report = fidelityReport(reference, current);
    expect(Object.keys(report.columns)).toHaveLength(WIDTH - 1);
    expect(Object.keys(report.coverage.columns)).toHaveLength(WIDTH - 1);
    expect(report.pairs_sampled).toMatchObject({ sampled: 20_000, total: 199_970_001, seed: 1 });
    expect(report.pairs.length + report.undefined_pairs.length).toBe(20_000);
    const [lo, hi] = report.pairs_sampled!.ci95;
    expect(lo).toBeLessThanOrEqual(report.column_pair_trends!);
    expect(hi).toBeGreaterThanOrEqual(report.column_pair_trends!);
    expect(hi - lo).toBeLessThan(0.02);
    expect(report.quality).toBeCloseTo((report.column_shapes! + report.column_pair_trends!) / 2, 12);
    // Every column counts in detection, through 128 hashed features; the shifted quarter gives it away.
    expect(report.detection!.features).toBe(128);
    expect(report.detection!.hashed_from).toBeGreaterThan(WIDTH - 1);
    expect(report.detection!.auc).toBeGreaterThan(0.8);
  });

  it('drift: one test per column, the shifted quarter flagged', () => {
    const report = driftReport(reference, current);
    expect(Object.keys(report.columns)).toHaveLength(WIDTH - 1);
    const numeric = Object.entries(report.columns).filter(([name]) => name.startsWith('x'));
    const moved = numeric.filter(([name]) => Number(name.slice(1)) % 4 === 0);
    expect(moved.every(([, c]) => c.test === 'ks' && c.drift)).toBe(true);
    // The other columns keep their distribution; at p < 0.05 about 5 % of them are flagged anyway.
    const still = numeric.filter(([name]) => Number(name.slice(1)) % 4 !== 0);
    expect(still.filter(([, c]) => c.drift).length / still.length).toBeLessThan(0.1);
    expect(report.dataset_drift).toBe(false);
  });

  it('slices: a field of the wide table groups items like any other', () => {
    const cells = reference.columns[reference.names.indexOf('cat_b')];
    const { groups, dropped } = valueGroups(cells);
    expect(dropped).toBe(0);
    expect(groups.map((g) => g.name).sort()).toEqual([...new Set(cells)].sort());
    const gold = Int16Array.from({ length: ROWS }, (_, r) => r % 2);
    // Wrong on every item whose value is the first group's: that slice is the worst, at accuracy 0.
    const first = new Set(Array.from(groups[0].rows));
    const predicted = Int16Array.from(gold, (g, r) => (first.has(r) ? 1 - g : g));
    const report = sliceReport(groups, gold, predicted, 2, { minSize: 1, rounds: 10 });
    expect(report.overall.size).toBe(ROWS);
    expect(report.rows.find((r) => r.worst)).toMatchObject({ name: groups[0].name, accuracy: 0 });
  });
});
