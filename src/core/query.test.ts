import { describe, expect, it } from 'vitest';
import { filterItems, matchAll } from './query';

const texts = ['Check out my channel', 'great song', 'CHECK this', 'love it'];
const labels = Int16Array.from([1, 0, -1, 0]);
const splits = Uint8Array.from([0, 0, 2, 1]);

describe('filterItems', () => {
  it('combines substring, label and split filters', () => {
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, text: 'check' }))).toEqual([0, 2]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, text: 'check', caseSensitive: true }))).toEqual([]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, label: 'unlabeled' }))).toEqual([2]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, label: 0, split: 1 }))).toEqual([3]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, text: '^(great|love)', regex: true }))).toEqual([1, 3]);
  });

  it('treats regex characters literally in substring mode and explains a bad regex', () => {
    expect(Array.from(filterItems(['a.b', 'axb'], labels, splits, { ...matchAll, text: 'a.b' }))).toEqual([0]);
    expect(() => filterItems(texts, labels, splits, { ...matchAll, text: '(', regex: true })).toThrow(/not a valid regular expression/);
  });
});
