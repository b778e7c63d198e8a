import { describe, expect, it } from 'vitest';
import { dedupeReport, parseThreshold } from './dedupe';

const table = {
  name: 'F.csv',
  columns: ['id', 'text'],
  rows: [
    ['a', 'Check out my channel please!!'],
    ['b', 'check  out my channel PLEASE!!'],
    ['c', 'I love this song'],
    ['d', 'Check out my channel please!!!'],
  ],
  lines: [2, 3, 4, 5],
};

describe('sift dedupe', () => {
  it('prints pairs with their Jaccard, clusters and the kept id', () => {
    expect(dedupeReport(table, 0.8, 'text', 'id')).toEqual({
      pairs: [
        ['a', 'b', 1],
        ['a', 'd', 0.961538],
        ['b', 'd', 0.961538],
      ],
      clusters: [['a', 'b', 'd']],
      keep: ['a'],
    });
  });

  it('uses row numbers without an id column, and names the columns when the text column is missing', () => {
    expect(dedupeReport({ ...table, columns: ['key', 'text'] }, 1, 'text', 'id').clusters).toEqual([['1', '2']]);
    expect(() => dedupeReport(table, 0.8, 'CONTENT', 'id')).toThrow('F.csv has no column "CONTENT"; its columns are id, text. Pick one with --text-column.');
  });

  it('refuses a threshold outside (0, 1] or not a number', () => {
    expect(parseThreshold('1')).toBe(1);
    expect(() => parseThreshold('0')).toThrow('The Jaccard threshold must be in (0, 1]; got 0.');
    expect(() => parseThreshold('1.2')).toThrow(/got 1.2/);
    expect(() => parseThreshold('high')).toThrow('--threshold must be a number in (0, 1]; got "high".');
  });
});
