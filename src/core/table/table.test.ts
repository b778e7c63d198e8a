import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnsOf } from '../drift/columns';
import { CsvParser } from '../formats/csv';
import { inferColumnType, inferTypes, parseDatetime } from './infer';
import { histogram, profileColumn } from './profile';

describe('column type inference', () => {
  it('picks the narrowest type every non-empty cell fits', () => {
    expect(inferColumnType(['yes', 'No', '', 'YES'])).toBe('boolean');
    expect(inferColumnType(['0', '1', '1'])).toBe('numeric');
    expect(inferColumnType(['1.5', '-2', '3e4', ''])).toBe('numeric');
    expect(inferColumnType(['2024-01-02', '2024/03/04', '2024-05-06T07:08:09Z', '2024-05-06 07:08'])).toBe('datetime');
    expect(inferColumnType(['red', 'green', 'red'])).toBe('categorical');
    expect(inferColumnType(['this is a comment', 'another one here', 'great video, subscribe'])).toBe('text');
    expect(inferColumnType(['1', 'two'])).toBe('categorical');
    expect(inferColumnType(['', ''])).toBe('categorical');
  });

  it('applies overrides over inference', () => {
    const types = inferTypes(['a', 'b'], [['1', '2'], ['x', 'y']], { a: 'categorical' });
    expect(types).toEqual({ a: 'categorical', b: 'categorical' });
  });

  it('reads dates as UTC unless a zone is given', () => {
    expect(parseDatetime('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseDatetime('2024-01-02T03:04:05+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5));
    expect(parseDatetime('02/01/2024')).toBeNaN();
  });
});

describe('column profile', () => {
  it('numeric: summary and a 20-bin histogram whose last bin holds the max (hand-computed)', () => {
    const cells = ['0', '10', '5', '', 'oops', '10'];
    const p = profileColumn('x', cells, 'numeric');
    if (p.type !== 'numeric' || !('mean' in p)) throw new Error('expected a numeric profile');
    expect(p).toMatchObject({ missing: 1, invalid: 1, min: 0, max: 10, mean: 6.25, distinct: 3 });
    expect(p.std).toBeCloseTo(Math.sqrt((6.25 ** 2 + 3.75 ** 2 * 2 + 1.25 ** 2) / 4), 12);
    expect(p.histogram.counts[0]).toBe(1);
    expect(p.histogram.counts[10]).toBe(1);
    expect(p.histogram.counts[19]).toBe(2);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(4);
    expect(histogram(Float64Array.of(3, 3)).counts[0]).toBe(2);
  });

  it('categorical top values, boolean counts, text length and vocabulary', () => {
    const cat = profileColumn('c', ['a', 'b', 'a', '', 'c', 'a'], 'categorical');
    expect(cat).toMatchObject({ distinct: 3, missing: 1, top: [{ value: 'a', count: 3 }, { value: 'b', count: 1 }, { value: 'c', count: 1 }], other: 0 });
    expect(profileColumn('b', ['true', 'False', 'maybe', ''], 'boolean')).toMatchObject({ true: 1, false: 1, invalid: 1, missing: 1 });
    const text = profileColumn('t', ['Hello world', 'hello again, World!', ''], 'text');
    expect(text).toMatchObject({ missing: 1, vocabulary: 3, words_mean: 2.5, length: { min: 11, max: 19, mean: 15 } });
    if (text.type === 'text') expect(text.top_tokens.slice(0, 2)).toEqual([{ token: 'hello', count: 2 }, { token: 'world', count: 2 }]);
  });

  it('the bundled samples parse and type as documented', () => {
    for (const [file, rows, label] of [['wine.csv', 178, 'cultivar'], ['randhie-2000.csv', 2000, 'health']] as const) {
      const parser = new CsvParser(file);
      const data = [...parser.push(readFileSync(`public/sample/tabular/${file}`, 'utf8')).rows, ...parser.finish().rows];
      const table = columnsOf(parser.columns!, data);
      const types = inferTypes(table.names, table.columns);
      expect(data).toHaveLength(rows);
      expect(types[label]).toBe('categorical');
      expect(Object.entries(types).filter(([n]) => n !== 'id' && n !== label).every(([, t]) => t === 'numeric')).toBe(true);
    }
  });
});
