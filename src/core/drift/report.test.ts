import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../formats/csv';
import { mulberry32 } from '../random';
import { columnKind, columnsOf, parsesAsNumber, parsesAsNumberRegex, type StringTable } from './columns';
import { driftReport } from './report';

const table = (names: string[], rows: (string | number)[][]): StringTable => columnsOf(names, rows.map((r) => r.map(String)));
const column = (name: string, values: (string | number)[]): StringTable => table([name], values.map((v) => [v]));

function wineHalves(): [StringTable, StringTable] {
  const parser = new CsvParser('wine.csv');
  const rows = [...parser.push(readFileSync('public/sample/tabular/wine.csv', 'utf8')).rows, ...parser.finish().rows];
  return [columnsOf(parser.columns!, rows.slice(0, 89)), columnsOf(parser.columns!, rows.slice(89))];
}

describe('column typing', () => {
  it('is numeric only when every non-empty cell parses as a number', () => {
    expect(columnKind(['1', ' 2.5 ', '', '-3e2', '.5'])).toBe('numeric');
    expect(columnKind(['1', 'two'])).toBe('categorical');
    expect(columnKind(['', ' '])).toBe('empty');
    expect(columnKind(['0x10'])).toBe('categorical');
  });

  it('the fast number scanner accepts exactly what the regex does', () => {
    const alphabet = ['1', '2', '0', '.', '+', '-', 'e', 'E', ' ', '\t', 'x', '\u00a0', '\n'];
    const random = mulberry32(21);
    for (let t = 0; t < 50_000; t++) {
      const cell = Array.from({ length: Math.floor(random() * 7) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      expect(parsesAsNumber(cell), JSON.stringify(cell)).toBe(parsesAsNumberRegex(cell));
    }
    for (const cell of ['1', '-2.5', '.5', '5.', '+1e-3', ' 7 ', '\u00a07', '1e', 'e1', '.', '-', '', '1.2.3']) expect(parsesAsNumber(cell)).toBe(parsesAsNumberRegex(cell));
  });
});

describe('drift report (Evidently defaults)', () => {
  it('matches scipy on the wine table split in halves (KS, exact p), ignoring id', () => {
    const [a, b] = wineHalves();
    const report = driftReport(a, b);
    expect(report.columns.id).toBeUndefined();
    // scipy 1.17.1 ks_2samp on the same halves.
    const alcohol = report.columns.alcohol;
    expect(alcohol.test).toBe('ks');
    expect(alcohol.statistic).toBeCloseTo(0.4157303370786517, 12);
    expect(Math.abs(alcohol.p_value! - 2.8485363226511047e-7)).toBeLessThan(1e-12);
    expect(Math.abs(report.columns.color_intensity.p_value! - 0.013836967756567628)).toBeLessThan(1e-12);
    expect(report.columns.ash.drift).toBe(false);
    // The halves split the sorted cultivars: 3 classes → chi-square; class 2 is absent from the first half.
    expect(report.columns.cultivar.test).toBe('chisquare');
    expect(report.columns.cultivar.statistic).toBeNull();
    expect(report.columns.cultivar.p_value).toBe(0);
    expect(report.columns.cultivar.note).toMatch(/cultivar_2/);
  });

  it('chooses the test by reference size and distinct values', () => {
    const random = mulberry32(2);
    const numbers = (n: number, shift = 0) => Array.from({ length: n }, () => (random() + shift).toFixed(4));
    const small = driftReport(column('x', numbers(1000)), column('x', numbers(300, 0.5)));
    expect(small.columns.x.test).toBe('ks');
    expect(small.columns.x.drift).toBe(true);
    const large = driftReport(column('x', numbers(1001)), column('x', numbers(300)));
    expect(large.columns.x.test).toBe('wasserstein');
    expect(large.columns.x.drift).toBe(false);
    // Five distinct numbers are categories: chi-square when small, Jensen–Shannon when large.
    const five = (n: number) => Array.from({ length: n }, (_, i) => i % 5);
    expect(driftReport(column('x', five(100)), column('x', five(50))).columns.x.test).toBe('chisquare');
    expect(driftReport(column('x', five(2000)), column('x', five(50))).columns.x.test).toBe('jensenshannon');
    const two = driftReport(column('x', ['a', 'b', 'a', 'a']), column('x', ['b', 'b', 'a']));
    expect(two.columns.x.test).toBe('z');
    expect(two.columns.x.note).toBe('share of "a"');
  });

  it('hand-computed small case: z-test on a yes/no column and a chi-square on three categories', () => {
    const ref = table(['id', 'flag', 'colour'], [
      ...Array.from({ length: 30 }, (_, i) => [i, 'yes', ['red', 'green', 'blue'][i % 3]]),
      ...Array.from({ length: 70 }, (_, i) => [30 + i, 'no', i < 10 ? 'red' : i < 30 ? 'green' : 'blue']),
    ]);
    const cur = table(['id', 'flag', 'colour'], Array.from({ length: 100 }, (_, i) => [i, i < 50 ? 'yes' : 'no', ['red', 'green', 'blue'][i % 3]]));
    const r = driftReport(ref, cur);
    // "no" sorts first: p_ref = .7, p_cur = .5, pooled .6 → z = .2/√(.6·.4·.02).
    expect(r.columns.flag.statistic).toBeCloseTo(0.2 / Math.sqrt(0.0048), 12);
    expect(r.columns.flag.drift).toBe(true);
    // Reference colours: red 20, green 30, blue 50; current 34/33/33 → χ² = 14²/20 + 3²/30 + 17²/50.
    expect(r.columns.colour.statistic).toBeCloseTo(196 / 20 + 9 / 30 + 289 / 50, 12);
    expect(r.columns.colour.p_value).toBeCloseTo(Math.exp(-(196 / 20 + 9 / 30 + 289 / 50) / 2), 12);
    expect(r.share_drifted).toBe(1);
    expect(r.dataset_drift).toBe(true);
  });

  it('reports bad input by name and still reports the rest', () => {
    const ref = table(['id', 'ok', 'gone', 'empty', 'mixed', 'constant'], [
      [1, 1, 'a', '', '1', 7],
      [2, 2, 'b', '', '2', 7],
      [3, 3, 'c', '', '3', 7],
    ]);
    const cur = table(['id', 'ok', 'new', 'empty', 'mixed', 'constant'], [
      [1, 1, 'x', '', 'n/a', 7],
      [2, 2, 'y', '', '2', 7],
    ]);
    const r = driftReport(ref, cur);
    const problems = Object.fromEntries(r.skipped.map((s) => [s.column, s.problem]));
    expect(problems).toEqual({ gone: 'only-in-reference', new: 'only-in-current', empty: 'all-missing', mixed: 'type-mismatch' });
    expect(r.skipped.find((s) => s.column === 'mixed')!.message).toBe('Column "mixed" is numeric in the reference table but categorical in the current table.');
    expect(r.columns.constant).toMatchObject({ test: 'z', statistic: 0, p_value: 1, drift: false });
    expect(Object.keys(r.columns).sort()).toEqual(['constant', 'ok']);
    // Two columns tested, none drifted.
    expect(r.share_drifted).toBe(0);
    expect(r.dataset_drift).toBe(false);
  });

  it('dataset drift needs at least half the columns drifted', () => {
    const ref = table(['a', 'b'], Array.from({ length: 40 }, (_, i) => [i % 2 ? 'u' : 'v', i]));
    const cur = table(['a', 'b'], Array.from({ length: 40 }, (_, i) => [i % 2 ? 'u' : 'v', i + 1000]));
    const r = driftReport(ref, cur);
    expect(r.columns.a.drift).toBe(false);
    expect(r.columns.b.drift).toBe(true);
    expect(r.share_drifted).toBe(0.5);
    expect(r.dataset_drift).toBe(true);
  });
});
