import { describe, expect, it } from 'vitest';
import { SiftError } from '../errors';
import { applyLfs, compileLf } from './compile';
import type { Condition, LfContext } from './types';

const context: LfContext = { classCount: 2, fields: ['author'] };
const good: Condition = { kind: 'keyword', keywords: ['x'], match: 'any', wholeWord: false, caseSensitive: false };

function errorOf(def: unknown, ctx: LfContext = context): SiftError {
  try {
    compileLf(def, ctx);
  } catch (error) {
    expect(error).toBeInstanceOf(SiftError);
    return error as SiftError;
  }
  throw new Error('expected compileLf to throw');
}

describe('bad LF definitions', () => {
  it('a regex that does not compile names the LF, the pattern and the engine message', () => {
    const error = errorOf({ id: 'r1', name: 'links', vote: 1, condition: { kind: 'regex', pattern: 'https?://(' } });
    expect(error.code).toBe('lf-regex');
    expect(error.message).toMatch(/^LF "links": condition\.pattern \/https\?:\/\/\(\/ does not compile: .*(unterminated group|Unterminated group)/i);
    expect(error.details).toMatchObject({ lfId: 'r1', path: 'condition.pattern', pattern: 'https?://(' });
  });

  it('points into nested conditions', () => {
    const error = errorOf({
      id: 'n',
      name: 'nested',
      vote: 0,
      condition: { kind: 'and', conditions: [good, { kind: 'not', condition: { kind: 'regex', pattern: '[a-' } }] },
    });
    expect(error.code).toBe('lf-regex');
    expect(error.details.path).toBe('condition.conditions[1].condition.pattern');
  });

  it('refuses unknown and sticky regex flags', () => {
    expect(errorOf({ id: 'a', name: 'a', vote: 0, condition: { kind: 'regex', pattern: 'x', flags: 'y' } }).message).toMatch(/sticky/);
    expect(errorOf({ id: 'a', name: 'a', vote: 0, condition: { kind: 'regex', pattern: 'x', flags: 'iq' } }).message).toMatch(/unknown flag "q"/);
  });

  it('an unknown field lists the fields there are', () => {
    const error = errorOf({ id: 'f', name: 'by author', vote: 0, condition: { ...good, field: 'autor' } });
    expect(error.code).toBe('lf-unknown-field');
    expect(error.message).toBe('LF "by author": condition.field "autor" is not a field of this dataset (fields: text, author)');
    expect(errorOf({ id: 'f', name: 'n', vote: 0, condition: { kind: 'number', field: 'likes', op: '>', value: 1 } }).code).toBe('lf-unknown-field');
  });

  it('a class out of range, negative or fractional is refused', () => {
    for (const vote of [2, -1, 0.5, '1', null]) {
      const error = errorOf({ id: 'v', name: 'votes', vote, condition: good });
      expect(error.code).toBe('lf-vote-range');
      expect(error.message).toContain("the dataset's classes are 0–1");
    }
  });

  it('says which member is malformed', () => {
    const cases: [unknown, RegExp][] = [
      [{ ...good, keywords: [] }, /condition\.keywords must be a non-empty list of strings/],
      [{ ...good, keywords: ['ok', '  '] }, /condition\.keywords\[1\] is empty/],
      [{ ...good, match: 'some' }, /condition\.match must be "any" or "all"/],
      [{ ...good, wholeWord: 'yes' }, /condition\.wholeWord must be true or false/],
      [{ kind: 'length', op: '=', value: 3 }, /condition\.op must be one of/],
      [{ kind: 'length', op: 'between', value: 3, max: 1 }, /condition\.max must be a number ≥ value \(3\)/],
      [{ kind: 'length', op: '<', value: Number.NaN }, /condition\.value must be a finite number/],
      [{ kind: 'similarity', exampleIds: ['a'], threshold: 2 }, /threshold must be a cosine similarity between -1 and 1/],
      [{ kind: 'or', conditions: [] }, /condition\.conditions must be a non-empty list/],
      [{ kind: 'contains', text: 'x' }, /condition\.kind is "contains"; expected keyword, regex/],
      [null, /condition must be an object with a kind/],
    ];
    for (const [condition, message] of cases) {
      const error = errorOf({ id: 'm', name: 'malformed', vote: 0, condition });
      expect(error.code).toBe('lf-invalid');
      expect(error.message).toMatch(message);
    }
  });

  it('refuses conditions nested deeper than 32 levels', () => {
    let condition: Condition = good;
    for (let depth = 0; depth < 40; depth++) condition = { kind: 'not', condition };
    expect(errorOf({ id: 'deep', name: 'deep', vote: 0, condition }).message).toMatch(/nests more than 32 levels/);
  });

  it('refuses a definition without id, and duplicate ids in one run', () => {
    expect(errorOf({ name: 'x', vote: 0, condition: good }).message).toMatch(/id must be a non-empty string/);
    expect(errorOf('keyword:x').code).toBe('lf-invalid');
    const def = { id: 'same', name: 'x', vote: 0, condition: good };
    expect(() => applyLfs([def, def], { text: ['x'], fields: { author: ['a'] } }, context)).toThrow(expect.objectContaining({ code: 'lf-duplicate-id' }));
  });

  it('a chunk that lacks a field the LF reads is reported with the LF name', () => {
    const lf = compileLf({ id: 'a', name: 'by author', vote: 1, condition: { ...good, field: 'author' } }, context);
    expect(() => lf.apply({ text: ['x'], fields: {} }, new Int8Array(1))).toThrow(
      expect.objectContaining({ code: 'lf-unknown-field', message: 'LF "by author": Field "author" is missing from this chunk' }),
    );
    expect(() => lf.apply({ text: ['x', 'y'], fields: { author: ['a'] } }, new Int8Array(2))).toThrow(/Field "author" has 1 values for 2 items/);
  });
});
