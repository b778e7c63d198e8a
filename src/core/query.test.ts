import { describe, expect, it } from 'vitest';
import { filterItems, matchAll, matchesEverything } from './query';

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

describe('filterItems with a subset and predictions', () => {
  const predictions = { label: Int16Array.from([1, 0, 1, 0]), confidence: Float32Array.from([0.95, 0.5, 0.7, 1]) };

  it('visits only the subset and keeps its order ascending', () => {
    const subset = { name: 'LF votes', items: Uint32Array.from([0, 2, 3]) };
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, subset }))).toEqual([0, 2, 3]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, subset, text: 'check' }))).toEqual([0, 2]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, subset, split: 1 }))).toEqual([3]);
  });

  it('filters by predicted class and an inclusive confidence range', () => {
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, predicted: 1 }, predictions))).toEqual([0, 2]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, confidence: [0.5, 0.7] }, predictions))).toEqual([1, 2]);
    expect(Array.from(filterItems(texts, labels, splits, { ...matchAll, predicted: 0, confidence: [0.9, 1] }, predictions))).toEqual([3]);
  });

  it('says a label model is needed when predictions are asked for without any', () => {
    expect(() => filterItems(texts, labels, splits, { ...matchAll, predicted: 1 })).toThrow(/label model/);
  });

  it('knows when a query keeps everything', () => {
    expect(matchesEverything(matchAll)).toBe(true);
    expect(matchesEverything({ ...matchAll, subset: { name: 'x', items: new Uint32Array() } })).toBe(false);
    expect(matchesEverything({ ...matchAll, predicted: 0 })).toBe(false);
    expect(matchesEverything({ ...matchAll, confidence: [0, 1] })).toBe(false);
  });
});
