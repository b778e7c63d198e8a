import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { parseWrenchDataset, parseWrenchSplit, type WrenchFiles } from './wrench';

const item = (label: unknown, weak: unknown[], data: Record<string, unknown> = { text: 'hi' }) => ({ label, weak_labels: weak, data });
const split = (items: Record<string, unknown>) => JSON.stringify(items, null, 2);

function files(overrides: Partial<WrenchFiles> = {}): WrenchFiles {
  return {
    'label.json': '{"0": "HAM", "1": "SPAM"}',
    'train.json': split({ a: item(0, [0, -1, 1]), b: item(1, [-1, -1, -1]) }),
    'valid.json': split({ c: item(1, [1, 1, -1]) }),
    'test.json': split({ d: item(0, [0, 0, 0]) }),
    ...overrides,
  };
}

function errorOf(run: () => unknown): SiftError {
  try {
    run();
  } catch (error) {
    if (error instanceof SiftError) return error;
    throw error;
  }
  throw new Error('expected a SiftError');
}

describe('WRENCH parser', () => {
  it('reads ids, gold, votes and class names into columns', () => {
    const dataset = parseWrenchDataset(files());
    expect(dataset.classes).toEqual(['HAM', 'SPAM']);
    expect(dataset.m).toBe(3);
    const train = dataset.splits.train;
    expect(train.ids).toEqual(['a', 'b']);
    expect(Array.from(train.gold)).toEqual([0, 1]);
    expect(Array.from(train.votes)).toEqual([0, -1, 1, -1, -1, -1]);
    expect(train.data.text).toEqual(['hi', 'hi']);
  });

  it('keeps every data field of relation sets as a column, null where absent', () => {
    const text = split({
      x: item(0, [0], { text: 'A met B', entity1: 'A', span1: [0, 1] }),
      y: item(1, [1], { text: 'C', entity2: 'D' }),
    });
    const parsed = parseWrenchSplit(text, 'train', 2);
    expect(parsed.data).toEqual({ text: ['A met B', 'C'], entity1: ['A', null], span1: [[0, 1], null], entity2: [null, 'D'] });
  });

  it('treats a null or −1 label as unlabeled', () => {
    expect(Array.from(parseWrenchSplit(split({ a: item(null, [0]), b: item(-1, [1]) }), 'train', 2).gold)).toEqual([-1, -1]);
  });

  it('names the missing split', () => {
    const error = errorOf(() => parseWrenchDataset(files({ 'valid.json': undefined })));
    expect(error.code).toBe('wrench/missing-split');
    expect(error.message).toMatch(/lacks valid\.json/);
  });

  it('rejects a label.json that disagrees with the labels', () => {
    const error = errorOf(() => parseWrenchDataset(files({ 'test.json': split({ d: item(2, [0, 0, 0]) }) })));
    expect(error.code).toBe('wrench/label');
    expect(error.message).toMatch(/test\.json, item "d": label 2 is not one of the 2 classes/);
    expect(errorOf(() => parseWrenchDataset(files({ 'label.json': '{"0": "HAM", "2": "SPAM"}' }))).code).toBe('wrench/label-json');
  });

  it('rejects ragged weak_labels within a file and across splits', () => {
    const within = errorOf(() => parseWrenchDataset(files({ 'train.json': split({ a: item(0, [0, -1, 1]), b: item(1, [-1, 1]) }) })));
    expect(within.code).toBe('wrench/ragged');
    expect(within.message).toMatch(/train\.json, item "b": 2 weak labels, but the first item of this file has 3/);
    const across = errorOf(() => parseWrenchDataset(files({ 'test.json': split({ d: item(0, [0, 0]) }) })));
    expect(across.message).toMatch(/test\.json, item "d": 2 weak labels, but the other splits have 3/);
  });

  it('rejects votes out of range and non-integer votes, naming item and source', () => {
    const range = errorOf(() => parseWrenchDataset(files({ 'valid.json': split({ c: item(1, [1, 5, -1]) }) })));
    expect(range.code).toBe('wrench/vote-range');
    expect(range.details).toMatchObject({ file: 'valid.json', id: 'c', source: 1, vote: 5 });
    const fraction = errorOf(() => parseWrenchDataset(files({ 'valid.json': split({ c: item(1, [1, 0.5, -1]) }) })));
    expect(fraction.code).toBe('wrench/vote-type');
    expect(fraction.message).toMatch(/source 1: vote 0\.5 is not a whole number/);
    expect(errorOf(() => parseWrenchDataset(files({ 'valid.json': split({ c: item(1, [1, '1', -1]) }) }))).code).toBe('wrench/vote-type');
  });

  it('reports JSON syntax errors with line and column', () => {
    const broken = '{\n  "a": {"label": 0, "weak_labels": [0, 1,], "data": {}}\n}';
    const error = errorOf(() => parseWrenchDataset(files({ 'train.json': broken })));
    expect(error.code).toBe('wrench/json');
    expect(error.message).toMatch(/train\.json is not valid JSON: line 2, column 42: expected a value/);
    expect(error.details).toMatchObject({ line: 2, column: 42 });
  });

  it('rejects a file that is not an object keyed by id', () => {
    expect(errorOf(() => parseWrenchSplit('[1, 2]', 'train', 2)).code).toBe('wrench/shape');
    expect(errorOf(() => parseWrenchSplit('{}', 'train', 2)).code).toBe('wrench/empty');
  });
});
