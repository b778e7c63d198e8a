import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnsOf, type StringTable } from '../drift/columns';
import { fidelityReport } from '../fidelity/report';
import { pearson } from '../fidelity/shapes';
import { CsvParser } from '../formats/csv';
import { normalCdf, normalQuantile } from '../stats/normal';
import { cholesky, gaussianCopula } from './copula';

function wine(): StringTable {
  const parser = new CsvParser('wine.csv');
  const rows = [...parser.push(readFileSync('public/sample/tabular/wine.csv', 'utf8')).rows, ...parser.finish().rows];
  return columnsOf(parser.columns!, rows);
}

describe('normal quantile', () => {
  it('inverts the CDF and matches known quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 9);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 8);
    for (const p of [1e-10, 0.01, 0.3, 0.77, 0.999]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 12);
  });
});

describe('Gaussian copula exemplars', () => {
  it('factors a correlation matrix', () => {
    const a = [[1, 0.5, 0.2], [0.5, 1, 0.3], [0.2, 0.3, 1]];
    const l = cholesky(a);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(l[i].reduce((s, v, k) => s + v * l[j][k], 0)).toBeCloseTo(a[i][j], 12);
  });

  it('keeps a strong correlation and the class’s marginals, within the class’s range', () => {
    // y = 2x + noise: the copula must carry the dependence, which independent sampling would lose.
    const n = 400;
    const x = Array.from({ length: n }, (_, i) => (i * 37) % 101);
    const y = x.map((v, i) => 2 * v + ((i * 13) % 7));
    const table = { names: ['x', 'y', 'c', 'label'], columns: [x.map(String), y.map(String), x.map((v) => (v < 30 ? 'low' : 'high')), x.map(() => 'k')] };
    const { table: synth, weights } = gaussianCopula(table, { label: 'label', counts: { k: 500 }, seed: 4 });
    expect(weights).toEqual({ k: n / (n + 500) });
    const sx = Float64Array.from(synth.columns[0], Number);
    const sy = Float64Array.from(synth.columns[1], Number);
    expect(pearson(sx, sy)).toBeGreaterThan(0.95);
    expect(Math.min(...sx)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...sx)).toBeLessThanOrEqual(100);
    expect(new Set(synth.columns[2])).toEqual(new Set(['low', 'high']));
    expect(synth.columns[3].every((c) => c === 'k')).toBe(true);
    // The categorical column follows the numbers it depends on through the copula.
    const lowShare = synth.columns[2].filter((c, i) => c === 'low' && sx[i] < 40).length / synth.columns[2].filter((c) => c === 'low').length;
    expect(lowShare).toBeGreaterThan(0.8);
  });

  it('makes wine exemplars of one cultivar that score well on fidelity against that cultivar', () => {
    const real = wine();
    const label = real.names.indexOf('cultivar');
    const result = gaussianCopula(real, { label: 'cultivar', counts: { cultivar_1: 71 }, seed: 2 });
    expect(result.table.columns[label]).toHaveLength(71);
    const rows = real.columns[label].map((c, r) => (c === 'cultivar_1' ? r : -1)).filter((r) => r >= 0);
    const sub = (t: StringTable, keep: number[]) => ({ names: t.names.filter((_, i) => i !== label), columns: t.columns.filter((_, i) => i !== label).map((c) => keep.map((r) => c[r])) });
    const report = fidelityReport(sub(real, rows), sub(result.table, result.table.columns[0].map((_, r) => r)));
    expect(report.column_shapes).toBeGreaterThan(0.8);
    expect(report.column_pair_trends).toBeGreaterThan(0.85);
  });

  it('refuses a class with fewer than two rows and a bad count by name', () => {
    const table = { names: ['x', 'label'], columns: [['1', '2', '3'], ['a', 'a', 'b']] };
    expect(() => gaussianCopula(table, { label: 'label', counts: { b: 3 } })).toThrow(/Class "b" has 1 row; a copula needs at least two/);
    expect(() => gaussianCopula(table, { label: 'label', counts: { a: 1.5 } })).toThrow(/whole number/);
    expect(() => gaussianCopula(table, { label: 'nope', counts: {} })).toThrow(/No column "nope"/);
  });
});
