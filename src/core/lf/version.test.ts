import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, lfVersion, SIMILARITY_EMBEDDER } from './version';
import type { Condition, LfDef } from './types';

/** Rebuilds every object with its keys in a shuffled order (arrays keep theirs: order is content). */
function reorderKeys(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((entry) => reorderKeys(entry, order));
  if (value === null || typeof value !== 'object') return value;
  const keys = Object.keys(value);
  const shuffled = keys.map((key, k) => ({ key, rank: order[k % order.length] })).sort((a, b) => a.rank - b.rank);
  const rebuilt: Record<string, unknown> = {};
  for (const { key } of shuffled) rebuilt[key] = reorderKeys((value as Record<string, unknown>)[key], order);
  return rebuilt;
}

const leaf: fc.Arbitrary<Condition> = fc.oneof(
  fc.record({
    kind: fc.constant('keyword' as const),
    keywords: fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 3 }),
    match: fc.constantFrom('any' as const, 'all' as const),
    wholeWord: fc.boolean(),
    caseSensitive: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('regex' as const), pattern: fc.string({ minLength: 1 }), flags: fc.constantFrom('', 'i', 'iu') }),
  fc.record({ kind: fc.constant('number' as const), field: fc.constantFrom('likes', 'age'), op: fc.constantFrom('<' as const, '>=' as const, '!=' as const), value: fc.integer() }),
  fc.record({ kind: fc.constant('metadata' as const), field: fc.constant('channel'), values: fc.array(fc.string(), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('similarity' as const), exampleIds: fc.array(fc.uuid(), { minLength: 1, maxLength: 2 }), threshold: fc.double({ min: -1, max: 1, noNaN: true }) }),
);
const condition: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), conditions: fc.array(tie('node'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ kind: fc.constant('not' as const), condition: tie('node') }),
  ),
})).node;
const lfDef: fc.Arbitrary<LfDef> = fc.record({ id: fc.string(), name: fc.string(), condition, vote: fc.integer({ min: 0, max: 9 }) });

describe('lfVersion', () => {
  it('does not depend on key order, at any depth', () => {
    fc.assert(
      fc.property(lfDef, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (def, order) => {
        expect(lfVersion(reorderKeys(def, order) as LfDef)).toBe(lfVersion(def));
      }),
    );
  });

  it('changes when the condition or the class changes', () => {
    fc.assert(
      fc.property(lfDef, lfDef, (a, b) => {
        const sameVotes = canonicalJson(a.condition) === canonicalJson(b.condition) && a.vote === b.vote;
        fc.pre(!sameVotes);
        expect(lfVersion(a)).not.toBe(lfVersion(b));
      }),
    );
  });

  it('ignores id and name (renaming keeps stored votes) but not small edits', () => {
    const base: LfDef = { id: 'a', name: 'links', vote: 1, condition: { kind: 'regex', pattern: 'https?://', flags: 'i' } };
    const version = lfVersion(base);
    expect(version).toMatch(/^rule-[0-9a-f]{16}$/);
    expect(lfVersion({ ...base, id: 'b', name: 'urls' })).toBe(version);
    expect(lfVersion({ ...base, vote: 0 })).not.toBe(version);
    expect(lfVersion({ ...base, condition: { kind: 'regex', pattern: 'https?://', flags: '' } })).not.toBe(version);
    expect(lfVersion({ ...base, condition: { kind: 'regex', pattern: 'https?:/', flags: 'i' } })).not.toBe(version);
  });

  it('treats spelled-out defaults like omitted ones', () => {
    const keyword: Condition = { kind: 'keyword', keywords: ['x'], match: 'any', wholeWord: true, caseSensitive: false };
    const def = (condition: Condition): LfDef => ({ id: 'k', name: 'k', vote: 0, condition });
    expect(lfVersion(def({ ...keyword, field: 'text' }))).toBe(lfVersion(def(keyword)));
    expect(lfVersion(def({ kind: 'regex', pattern: 'a', flags: 'gi' }))).toBe(lfVersion(def({ kind: 'regex', pattern: 'a', flags: 'i' })));
    expect(lfVersion(def({ kind: 'regex', pattern: 'a', flags: 'ui' }))).toBe(lfVersion(def({ kind: 'regex', pattern: 'a', flags: 'iu' })));
    expect(lfVersion(def({ kind: 'length', op: '<', value: 3, max: 9 }))).toBe(lfVersion(def({ kind: 'length', op: '<', value: 3, unit: 'chars' })));
    expect(lfVersion(def({ ...keyword, field: 'author' }))).not.toBe(lfVersion(def(keyword)));
  });

  it('versions JS LFs by their source', () => {
    const js = { id: 'j', name: 'long', source: '(item) => item.text.length > 80 ? 1 : -1' };
    expect(lfVersion(js)).toMatch(/^js-[0-9a-f]{16}$/);
    expect(lfVersion({ ...js, name: 'renamed' })).toBe(lfVersion(js));
    expect(lfVersion({ ...js, source: js.source.replace('80', '81') })).not.toBe(lfVersion(js));
  });

  it('includes the embedder for similarity rules, and only for them', () => {
    const similar: Condition = { kind: 'similarity', exampleIds: ['7'], threshold: 0.8 };
    const keyword: Condition = { kind: 'keyword', keywords: ['subscribe'], match: 'any', wholeWord: true, caseSensitive: false };
    const def = (condition: Condition): LfDef => ({ id: 's', name: 's', vote: 1, condition });
    const retuned = { ...SIMILARITY_EMBEDDER, preprocessing: { ...SIMILARITY_EMBEDDER.preprocessing, dim: 2048 } };
    expect(lfVersion(def(similar))).toBe(lfVersion(def(similar), SIMILARITY_EMBEDDER));
    expect(lfVersion(def(similar), retuned)).not.toBe(lfVersion(def(similar)));
    expect(lfVersion(def({ kind: 'not', condition: { kind: 'and', conditions: [keyword, similar] } }), retuned)).not.toBe(lfVersion(def({ kind: 'not', condition: { kind: 'and', conditions: [keyword, similar] } })));
    expect(lfVersion(def(keyword), retuned)).toBe(lfVersion(def(keyword)));
  });

  it('canonical JSON sorts keys and refuses numbers JSON cannot hold', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }, 'x'] })).toBe('{"a":[{"d":2},"x"],"b":1}');
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(/NaN/);
  });
});
