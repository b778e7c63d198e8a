import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnsOf, type StringTable } from '../drift/columns';
import { SiftError } from '../errors';
import { fidelityReport } from '../fidelity/report';
import { CsvParser } from '../formats/csv';
import { balancingCounts, smote } from './smote';

function wine(): StringTable {
  const parser = new CsvParser('wine.csv');
  const rows = [...parser.push(readFileSync('public/sample/tabular/wine.csv', 'utf8')).rows, ...parser.finish().rows];
  return columnsOf(parser.columns!, rows);
}

describe('SMOTE exemplars', () => {
  const real = wine();
  const label = real.names.indexOf('cultivar');
  const numericColumns = real.names.map((_, i) => i).filter((i) => i !== label && real.names[i] !== 'id');

  it('interpolates each row between its seed and one of the seed’s k nearest same-class rows', () => {
    const result = smote(real, { label: 'cultivar', counts: { cultivar_2: 40 }, k: 5, seed: 3 });
    expect(result.rows).toHaveLength(40);
    const members = real.columns[label].map((c, r) => [c, r] as const).filter(([c]) => c === 'cultivar_2').map(([, r]) => r);
    // Brute-force neighbours: standardise over the class, rank every other member by distance.
    const stats = numericColumns.map((c) => {
      const xs = members.map((r) => Number(real.columns[c][r]));
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const std = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      return { c, mean, std };
    });
    const dist = (a: number, b: number) => stats.reduce((s, { c, mean, std }) => s + ((Number(real.columns[c][a]) - mean) / std - (Number(real.columns[c][b]) - mean) / std) ** 2, 0);
    result.rows.forEach((row, i) => {
      const [seed, partner] = row.from;
      expect(row.className).toBe('cultivar_2');
      expect(result.table.columns[label][i]).toBe('cultivar_2');
      const ranked = members.filter((r) => r !== seed).sort((a, b) => dist(seed, a) - dist(seed, b) || a - b);
      expect(ranked.slice(0, 5)).toContain(partner);
      for (const c of numericColumns) {
        const a = Number(real.columns[c][seed]);
        const b = Number(real.columns[c][partner]);
        expect(Number(result.table.columns[c][i])).toBeCloseTo(a + row.gap * (b - a), 6);
      }
    });
    expect(result.table.columns[0][0]).toBe('syn-1');
    expect(result.weights.cultivar_2).toBeCloseTo(48 / 88, 14);
  });

  it('is reproducible for a seed and different across seeds', () => {
    const a = smote(real, { label: 'cultivar', counts: { cultivar_0: 5 }, seed: 1 });
    const b = smote(real, { label: 'cultivar', counts: { cultivar_0: 5 }, seed: 1 });
    const c = smote(real, { label: 'cultivar', counts: { cultivar_0: 5 }, seed: 2 });
    expect(a.table).toEqual(b.table);
    expect(a.table).not.toEqual(c.table);
  });

  it('balances to the largest class and explains bad requests', () => {
    expect(balancingCounts(real, 'cultivar')).toEqual({ cultivar_0: 12, cultivar_1: 0, cultivar_2: 23 });
    expect(() => smote(real, { label: 'grape', counts: {} })).toThrow(SiftError);
    expect(() => smote(real, { label: 'cultivar', counts: { cultivar_9: 3 } })).toThrow('Class "cultivar_9" has no rows in column "cultivar".');
  });

  it('a batch stays inside the real data: high quality, detection near chance', () => {
    const batch = smote(real, { label: 'cultivar', counts: { cultivar_0: 59, cultivar_1: 71, cultivar_2: 48 }, seed: 1 });
    const report = fidelityReport(real, batch.table);
    expect(report.skipped).toEqual([]);
    expect(report.quality!).toBeGreaterThan(0.85);
    expect(report.detection!.auc).toBeLessThan(0.65);
  });
});
