import { describe, expect, it } from 'vitest';
import { Split } from '../types';
import { datetimeFields, describeSide, selectItems } from './item-sets';
import { CONFIDENCE_COLUMN, itemDrift, LABEL_COLUMN, PREDICTED_COLUMN, TEXT_LENGTH_COLUMN } from './item-drift';
import { metricsOverTime } from './over-time';
import { driftChart } from './charts';
import { sampleOf } from './report';

describe('item sets', () => {
  const splits = Uint8Array.from([Split.train, Split.canary, Split.dev, Split.canary]);
  const dates = ['2014-12-31T23:59:59', '2015-01-01', '', '2015-03-02T10:00:00'];

  it('selects a split, everything, or a date range (from inclusive, to exclusive)', () => {
    expect(Array.from(selectItems({ kind: 'split', split: 'canary' }, splits).indices)).toEqual([1, 3]);
    expect(Array.from(selectItems({ kind: 'all' }, splits).indices)).toEqual([0, 1, 2, 3]);
    const before = selectItems({ kind: 'dates', field: 'DATE', from: null, to: '2015-01-01' }, splits, dates);
    expect(Array.from(before.indices)).toEqual([0]);
    expect(before.undated).toBe(1);
    expect(Array.from(selectItems({ kind: 'dates', field: 'DATE', from: '2015-01-01', to: null }, splits, dates).indices)).toEqual([1, 3]);
  });

  it('refuses bad bounds and unknown fields with the reason', () => {
    expect(() => selectItems({ kind: 'dates', field: 'DATE', from: 'yesterday', to: null }, splits, dates)).toThrow('The start date "yesterday" is not a date: write it as YYYY-MM-DD.');
    expect(() => selectItems({ kind: 'dates', field: 'DATE', from: '2015-02-01', to: '2015-01-01' }, splits, dates)).toThrow('is empty');
    expect(() => selectItems({ kind: 'dates', field: 'WHEN', from: null, to: null }, splits)).toThrow('This dataset has no field "WHEN".');
  });

  it('finds the datetime fields and describes a side', () => {
    expect(datetimeFields({ DATE: dates, AUTHOR: ['a', 'b', 'c', 'd'], EMPTY: ['', '', '', ''] })).toEqual(['DATE']);
    expect(describeSide({ items: { kind: 'dates', field: 'DATE', from: '2015-01-01', to: null }, labels: { kind: 'snapshot', id: 's', name: 'base' } })).toBe('DATE from 2015-01-01, labels of snapshot "base"');
  });
});

describe('drift between item sets', () => {
  // Reference: items 0–49, current: items 50–99. Colour shifts, size does not; "when" defines the sets.
  const n = 100;
  const idx = (a: number, b: number) => Uint32Array.from({ length: b - a }, (_, i) => a + i);
  const fields = {
    colour: Array.from({ length: n }, (_, i) => (i < 50 ? ['red', 'green'][i % 2] : ['blue', 'green'][i % 2])),
    size: Array.from({ length: n }, (_, i) => String((i * 7) % 50)),
    when: Array.from({ length: n }, (_, i) => `2015-01-${String(1 + (i % 28)).padStart(2, '0')}`),
    onlyEmpty: Array.from({ length: n }, () => ''),
  };
  const label = Int16Array.from({ length: n }, (_, i) => (i < 50 ? i % 2 : i % 5 === 0 ? 1 : 0));
  const confidence = Float32Array.from({ length: n }, (_, i) => 0.5 + (i % 10) / 20);

  const report = itemDrift({
    fields,
    texts: Array.from({ length: n }, (_, i) => 'x'.repeat(1 + (i % 9))),
    reference: idx(0, 50),
    current: idx(50, 100),
    exclude: ['when'],
    classes: ['ham', 'spam'],
    labels: { reference: { label, predicted: label, confidence }, current: { label, predicted: null, confidence } },
  });

  it('tests every field and the text length, and leaves the set-defining field out by name', () => {
    expect(report.sizes).toEqual({ reference: 50, current: 50 });
    expect(Object.keys(report.features.columns).sort()).toEqual([TEXT_LENGTH_COLUMN, 'colour', 'size'].sort());
    expect(report.features.columns.colour.test).toBe('chisquare');
    expect(report.features.columns.colour.drift).toBe(true);
    expect(report.features.columns.size.test).toBe('ks');
    expect(report.features.columns.size.drift).toBe(false);
    expect(report.features.skipped).toEqual([{ column: 'onlyEmpty', problem: 'all-missing', message: 'Column "onlyEmpty" has no values in both tables.' }]);
    expect(report.excluded[0].column).toBe('when');
    expect(report.features.charts.size.kind).toBe('histogram');
    expect(report.features.charts.colour).toEqual({ kind: 'categories', names: ['green', 'blue', 'red'], reference: [0.5, 0, 0.5], current: [0.5, 0.5, 0] });
  });

  it('reports label drift, and a prediction column present on one side only by name', () => {
    // Reference 25/25 ham/spam, current 40/10: share of "ham" .5 vs .8 → z-test drifts.
    expect(report.labels.columns[LABEL_COLUMN].test).toBe('z');
    expect(report.labels.columns[LABEL_COLUMN].drift).toBe(true);
    expect(report.labels.columns[CONFIDENCE_COLUMN]).toBeDefined();
    expect(report.labels.skipped).toEqual([{ column: PREDICTED_COLUMN, problem: 'only-in-reference', message: `Column "${PREDICTED_COLUMN}" is in the reference table only.` }]);
  });

  it('an empty set reports every column as missing, no crash', () => {
    const empty = itemDrift({ fields, texts: null, reference: idx(0, 0), current: idx(0, 10), exclude: [], classes: ['a'], labels: { reference: { label, predicted: null, confidence: null }, current: { label, predicted: null, confidence: null } } });
    expect(Object.keys(empty.features.columns)).toEqual([]);
    expect(empty.features.dataset_drift).toBe(false);
    expect(empty.features.skipped.map((s) => s.problem)).toEqual(['all-missing', 'all-missing', 'all-missing', 'all-missing']);
  });

  it('histograms share bins and sum to one per side', () => {
    const chart = driftChart(sampleOf(['0', '1', '2', '3'])!, sampleOf(['2', '4'])!, false);
    if (chart.kind !== 'histogram') throw new Error('expected a histogram');
    expect(chart.edges[0]).toBe(0);
    expect(chart.edges[chart.edges.length - 1]).toBe(4);
    expect(chart.reference.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    expect(chart.current[chart.current.length - 1]).toBeCloseTo(0.5, 12);
  });
});

describe('canary metrics over time', () => {
  const t = (s: string) => Date.parse(s);
  it('groups by month over a long span, with accuracy and its interval', () => {
    const times = Float64Array.from([t('2014-01-05T00:00:00Z'), t('2014-01-20T00:00:00Z'), t('2014-06-01T00:00:00Z'), NaN]);
    const r = metricsOverTime(times, Int16Array.from([0, 1, 1, 0]), Int16Array.from([0, 0, 1, 0]), 2);
    expect(r.unit).toBe('month');
    expect(r.undated).toBe(1);
    expect(r.rows.map((x) => [x.label, x.size, x.accuracy])).toEqual([['2014-01', 2, 0.5], ['2014-06', 1, 1]]);
  });

  it('groups by ISO week over a short span', () => {
    // 2015-01-01 is a Thursday of ISO week 2015-W01 (Monday 2014-12-29); 2015-01-05 starts W02.
    const times = Float64Array.from([t('2015-01-01T10:00:00Z'), t('2014-12-29T00:00:00Z'), t('2015-01-05T00:00:00Z')]);
    const r = metricsOverTime(times, Int16Array.from([0, 0, 1]), Int16Array.from([0, 1, 1]), 2);
    expect(r.unit).toBe('week');
    expect(r.rows.map((x) => [x.label, x.start, x.size])).toEqual([['2015-W01', t('2014-12-29T00:00:00Z'), 2], ['2015-W02', t('2015-01-05T00:00:00Z'), 1]]);
  });
});
