import { describe, expect, it } from 'vitest';
import { denseRows } from '../student/features';
import { encodeTable, fitTableEncoding } from './table';

const names = ['x', 'flag', 'color', 'when', 'note'];
const columns = [
  ['1', '3', '', '100'],
  ['yes', 'no', '', 'yes'],
  ['red', 'blue', 'red', 'green'],
  ['2024-01-01', '2024-01-03', 'soon', '2030-01-01'],
  ['good wine', '', 'bad wine', 'x'],
];
const types = { x: 'numeric', flag: 'boolean', color: 'categorical', when: 'datetime', note: 'text' } as const;
// Row 3 is not a training row (dev or canary): its 100, green and 2030 must not shape the encoding.
const isTrain = (r: number) => r < 3;

describe('table features', () => {
  it('standardises, one-hots and hashes with statistics of the training rows only', () => {
    const encoding = fitTableEncoding(names, columns, types, isTrain, { topK: 1, textDim: 8 });
    expect(encoding.columns[0]).toEqual({ name: 'x', type: 'numeric', offset: 0, mean: 2, std: 1 });
    expect(encoding.columns[2]).toEqual({ name: 'color', type: 'categorical', offset: 2, categories: ['red'] });
    const day = 86_400_000;
    expect(encoding.columns[3]).toMatchObject({ type: 'datetime', offset: 4, std: day });
    expect(encoding.columns[4]).toEqual({ name: 'note', type: 'text', offset: 5, dim: 8 });
    expect(encoding.width).toBe(13);

    const dense = denseRows(encodeTable(encoding, columns, 4), [0, 1, 2, 3]);
    const row = (r: number) => Array.from(dense.subarray(r * 13, r * 13 + 5));
    expect(row(0)).toEqual([-1, 1, 1, 0, -1]);
    // Missing number → mean (0), missing boolean → 0, unreadable date → mean (0).
    expect(row(2)).toEqual([0, 0, 1, 0, 0]);
    // Unseen category → "other"; far values keep their scale.
    expect(row(3)).toEqual([98, 1, 0, 1, Math.round((Date.UTC(2030, 0, 1) - Date.UTC(2024, 0, 2)) / day)]);
    // Text rows hash into their own block; the empty one stays zero.
    const text = (r: number) => Array.from(dense.subarray(r * 13 + 5, r * 13 + 13));
    expect(text(0).some((v) => v !== 0)).toBe(true);
    expect(text(1).every((v) => v === 0)).toBe(true);
  });

  it('keeps a constant column finite and names a column without a type', () => {
    const encoding = fitTableEncoding(['c'], [['5', '5']], { c: 'numeric' }, () => true);
    expect(encoding.columns[0]).toMatchObject({ mean: 5, std: 1 });
    expect(() => fitTableEncoding(['c', 'd'], [['1'], ['2']], { c: 'numeric' }, () => true)).toThrow('The column "d" has no type.');
    expect(() => fitTableEncoding([], [], {}, () => true)).toThrow('This table has no columns to learn from.');
  });
});
