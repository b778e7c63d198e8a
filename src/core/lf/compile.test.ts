import { describe, expect, it } from 'vitest';
import { applyLfs, compileLf } from './compile';
import type { Condition, LfChunk, LfContext, LfDef } from './types';

const context: LfContext = { classCount: 3, fields: ['author', 'likes', 'channel'] };

function chunkOf(text: string[], fields: Record<string, string[]> = {}): LfChunk {
  const filled: Record<string, string[]> = {};
  for (const name of context.fields) filled[name] = fields[name] ?? text.map(() => '');
  return { text, fields: filled };
}

/** Which rows of `chunk` the condition holds on (the LF votes class 1 there). */
function matches(condition: Condition, chunk: LfChunk, ctx: LfContext = context): boolean[] {
  const lf = compileLf({ id: 'lf', name: 'test', condition, vote: 1 }, ctx);
  const out = new Int8Array(chunk.text.length);
  lf.apply(chunk, out);
  return Array.from(out, (vote) => {
    expect([1, -1]).toContain(vote);
    return vote === 1;
  });
}

const keyword = (keywords: string[], options: Partial<Extract<Condition, { kind: 'keyword' }>> = {}): Condition => ({
  kind: 'keyword',
  keywords,
  match: 'any',
  wholeWord: false,
  caseSensitive: false,
  ...options,
});

describe('keyword LFs', () => {
  it('matches substrings case-insensitively by default, any or all', () => {
    const chunk = chunkOf(['Check out my CHANNEL', 'free gift inside', 'a free lunch', 'nothing here']);
    expect(matches(keyword(['channel']), chunk)).toEqual([true, false, false, false]);
    expect(matches(keyword(['free', 'gift']), chunk)).toEqual([false, true, true, false]);
    expect(matches(keyword(['free', 'gift'], { match: 'all' }), chunk)).toEqual([false, true, false, false]);
    expect(matches(keyword(['Channel'], { caseSensitive: true }), chunk)).toEqual([false, false, false, false]);
    expect(matches(keyword(['CHANNEL'], { caseSensitive: true }), chunk)).toEqual([true, false, false, false]);
  });

  it('whole word respects letters, digits and underscores of any script', () => {
    const chunk = chunkOf(['win', 'winner', 'you WIN!', 'win_now', 'win2', 'déjà-win', 'éwin', 'win\u0308']);
    expect(matches(keyword(['win'], { wholeWord: true }), chunk)).toEqual([true, false, true, false, false, true, false, false]);
    expect(matches(keyword(['win'], { wholeWord: false }), chunk)).toEqual([true, true, true, true, true, true, true, true]);
  });

  it('whole word only guards keyword edges that are word characters', () => {
    const chunk = chunkOf(['win$$$now', 'c++ rocks', 'abc++', '(c) 2024']);
    expect(matches(keyword(['$$$'], { wholeWord: true }), chunk)).toEqual([true, false, false, false]);
    expect(matches(keyword(['c++'], { wholeWord: true }), chunk)).toEqual([false, true, false, false]);
    expect(matches(keyword(['(c)'], { wholeWord: true }), chunk)).toEqual([false, false, false, true]);
  });

  it('folds Unicode: composed vs decomposed accents, non-Latin case, İ, ς and ß', () => {
    const chunk = chunkOf(['ÉCOLE', 'e\u0301cole primaire', 'ПРИВЕТ мир', 'İstanbul', 'ΟΔΟΣ', 'STRASSE', 'Straße']);
    expect(matches(keyword(['école']), chunk)).toEqual([true, true, false, false, false, false, false]);
    expect(matches(keyword(['привет'], { wholeWord: true }), chunk)).toEqual([false, false, true, false, false, false, false]);
    expect(matches(keyword(['istanbul'], { wholeWord: true }), chunk)).toEqual([false, false, false, true, false, false, false]);
    expect(matches(keyword(['οδοσ'], { wholeWord: true }), chunk)).toEqual([false, false, false, false, true, false, false]);
    expect(matches(keyword(['straße']), chunk)).toEqual([false, false, false, false, false, true, true]);
    expect(matches(keyword(['Straße'], { caseSensitive: true }), chunk)).toEqual([false, false, false, false, false, false, true]);
  });

  it('handles emoji, regex metacharacters in keywords, and scripts without spaces', () => {
    const chunk = chunkOf(['🔥🔥 deal', 'price: $5.00 (today)', '我的猫很好', '猫']);
    expect(matches(keyword(['🔥']), chunk)).toEqual([true, false, false, false]);
    expect(matches(keyword(['$5.00 (today)'], { wholeWord: true }), chunk)).toEqual([false, true, false, false]);
    expect(matches(keyword(['猫']), chunk)).toEqual([false, false, true, true]);
    // Whole-word needs a non-letter next to the word; CJK has none, so only a lone 猫 is a whole word.
    expect(matches(keyword(['猫'], { wholeWord: true }), chunk)).toEqual([false, false, false, true]);
  });

  it('looks at the field it names', () => {
    const chunk = chunkOf(['hello', 'hello'], { author: ['Spam Bot', 'Alice'] });
    expect(matches(keyword(['bot'], { field: 'author', wholeWord: true }), chunk)).toEqual([true, false]);
  });
});

describe('regex LFs', () => {
  it('tests the pattern with its flags on the chosen field', () => {
    const chunk = chunkOf(['visit HTTP://x.co', 'https://y.org', 'no link'], { author: ['a1', 'b', '42'] });
    expect(matches({ kind: 'regex', pattern: 'https?://' }, chunk)).toEqual([false, true, false]);
    expect(matches({ kind: 'regex', pattern: 'https?://', flags: 'i' }, chunk)).toEqual([true, true, false]);
    expect(matches({ kind: 'regex', pattern: '^\\d+$', field: 'author' }, chunk)).toEqual([false, false, true]);
  });

  it("ignores 'g' so a match never depends on the previous row (lastIndex)", () => {
    const chunk = chunkOf(['abc', 'abc', 'abc', 'abc']);
    expect(matches({ kind: 'regex', pattern: 'b', flags: 'g' }, chunk)).toEqual([true, true, true, true]);
  });

  it('supports Unicode property escapes', () => {
    const chunk = chunkOf(['great 👍', 'great', 'Ünïcödé', 'ascii']);
    expect(matches({ kind: 'regex', pattern: '\\p{Extended_Pictographic}', flags: 'u' }, chunk)).toEqual([true, false, false, false]);
    expect(matches({ kind: 'regex', pattern: '[^\\x00-\\x7f]', flags: 'u' }, chunk)).toEqual([true, false, true, false]);
  });
});

describe('field rules', () => {
  const chunk = chunkOf(['a', 'b', 'c', 'd', 'e', 'f'], { likes: ['10', '', 'many', '5.5', ' 7 ', '-3'] });
  const number = (op: Extract<Condition, { kind: 'number' }>['op'], value: number, max?: number): Condition => ({ kind: 'number', field: 'likes', op, value, max });

  it('compares numbers, and an empty or non-numeric value fails every comparison', () => {
    expect(matches(number('>', 5.5), chunk)).toEqual([true, false, false, false, true, false]);
    expect(matches(number('>=', 5.5), chunk)).toEqual([true, false, false, true, true, false]);
    expect(matches(number('<', 0), chunk)).toEqual([false, false, false, false, false, true]);
    expect(matches(number('<=', 7), chunk)).toEqual([false, false, false, true, true, true]);
    expect(matches(number('==', 7), chunk)).toEqual([false, false, false, false, true, false]);
    expect(matches(number('!=', 7), chunk)).toEqual([true, false, false, true, false, true]);
    expect(matches(number('between', 5.5, 10), chunk)).toEqual([true, false, false, true, true, false]);
  });

  it('measures length in code points or words', () => {
    const texts = chunkOf(['👍👍', 'abc', '  one  two\tthree ', '', 'e\u0301']);
    expect(matches({ kind: 'length', op: '==', value: 2 }, texts)).toEqual([true, false, false, false, false]);
    expect(matches({ kind: 'length', op: '<', value: 2 }, texts)).toEqual([false, false, false, true, true]);
    expect(matches({ kind: 'length', unit: 'words', op: 'between', value: 1, max: 3 }, texts)).toEqual([true, true, true, false, true]);
    expect(matches({ kind: 'length', unit: 'words', op: '==', value: 3 }, texts)).toEqual([false, false, true, false, false]);
  });

  it('matches metadata against a set of values', () => {
    const channels = chunkOf(['a', 'b', 'c', 'd'], { channel: ['KatyPerry', 'katyperry', 'Eminem', ''] });
    expect(matches({ kind: 'metadata', field: 'channel', values: ['KatyPerry'] }, channels)).toEqual([true, false, false, false]);
    expect(matches({ kind: 'metadata', field: 'channel', values: ['KatyPerry', 'Eminem'] }, channels)).toEqual([true, false, true, false]);
    expect(matches({ kind: 'metadata', field: 'channel', values: ['KATYPERRY'], caseSensitive: false }, channels)).toEqual([true, true, false, false]);
    expect(matches({ kind: 'metadata', field: 'channel', values: [''] }, channels)).toEqual([false, false, false, true]);
  });
});

describe('similarity LFs', () => {
  /** Letter counts a–z: enough to give texts directions for cosine. */
  const letters = (text: string) => {
    const vector = new Float32Array(26);
    for (const char of text.toLowerCase()) {
      const code = char.charCodeAt(0) - 97;
      if (code >= 0 && code < 26) vector[code]++;
    }
    return vector;
  };
  const examples: Record<string, string> = { e1: 'aaaa', e2: 'zzzz' };
  const ctx: LfContext = { ...context, embed: letters, example: (id) => (id in examples ? { text: examples[id] } : undefined) };

  it('votes where the nearest example is at least the threshold (embedded on the fly)', () => {
    const chunk = chunkOf(['aa', 'ab', 'zzza', 'bbbb', '']);
    // cos('ab', 'aaaa') = 1/√2 ≈ 0.707; cos('zzza', 'zzzz') = 3/√10 ≈ 0.949; '' has no direction.
    expect(matches({ kind: 'similarity', exampleIds: ['e1', 'e2'], threshold: 0.9 }, chunk, ctx)).toEqual([true, false, true, false, false]);
    expect(matches({ kind: 'similarity', exampleIds: ['e1', 'e2'], threshold: 0.7 }, chunk, ctx)).toEqual([true, true, true, false, false]);
    expect(matches({ kind: 'similarity', exampleIds: ['e1'], threshold: 0.7 }, chunk, ctx)).toEqual([true, true, false, false, false]);
  });

  it('uses precomputed item and example vectors when given', () => {
    const vectors = new Float32Array([1, 0, 0.6, 0.8, 0, 1]);
    const chunk: LfChunk = { ...chunkOf(['x', 'y', 'z']), vectors, dim: 2 };
    const vectorCtx: LfContext = { ...context, example: (id) => (id === 'v' ? { text: '', vector: new Float32Array([2, 0]) } : undefined) };
    expect(matches({ kind: 'similarity', exampleIds: ['v'], threshold: 0.6 }, chunk, vectorCtx)).toEqual([true, true, false]);
    expect(matches({ kind: 'similarity', exampleIds: ['v'], threshold: 0.61 }, chunk, vectorCtx)).toEqual([true, false, false]);
    const wrongDim: LfChunk = { ...chunkOf(['x']), vectors: new Float32Array(3), dim: 3 };
    expect(() => matches({ kind: 'similarity', exampleIds: ['v'], threshold: 0.5 }, wrongDim, vectorCtx)).toThrow(/3 dimensions, the examples 2/);
  });

  it('names a missing example and a missing embedder', () => {
    expect(() => compileLf({ id: 'a', name: 'near', vote: 0, condition: { kind: 'similarity', exampleIds: ['nope'], threshold: 0.5 } }, ctx)).toThrow(
      expect.objectContaining({ code: 'lf-unknown-example', message: expect.stringContaining('"nope"') }),
    );
    const noEmbed: LfContext = { ...context, example: () => ({ text: 'aaa' }) };
    expect(() => compileLf({ id: 'a', name: 'near', vote: 0, condition: { kind: 'similarity', exampleIds: ['x'], threshold: 0.5 } }, noEmbed)).toThrow(
      expect.objectContaining({ code: 'lf-no-embedder' }),
    );
  });
});

describe('compositions', () => {
  const chunk = chunkOf(['free money now', 'free', 'money talks', 'subscribe for free money', ''], { likes: ['1', '100', '3', '0', '5'] });
  const free = keyword(['free'], { wholeWord: true });
  const money = keyword(['money'], { wholeWord: true });
  const short: Condition = { kind: 'length', unit: 'words', op: '<=', value: 3 };

  it('combines AND, OR and NOT, nested', () => {
    expect(matches({ kind: 'and', conditions: [free, money] }, chunk)).toEqual([true, false, false, true, false]);
    expect(matches({ kind: 'or', conditions: [free, money] }, chunk)).toEqual([true, true, true, true, false]);
    expect(matches({ kind: 'not', condition: free }, chunk)).toEqual([false, false, true, false, true]);
    expect(matches({ kind: 'and', conditions: [{ kind: 'or', conditions: [free, money] }, { kind: 'not', condition: short }] }, chunk)).toEqual([
      false,
      false,
      false,
      true,
      false,
    ]);
    const fewLikes: Condition = { kind: 'number', field: 'likes', op: '<', value: 5 };
    expect(matches({ kind: 'and', conditions: [fewLikes, { kind: 'not', condition: { kind: 'and', conditions: [free, money] } }] }, chunk)).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe('applyLfs', () => {
  it('fills a row-major n×m matrix with each LF voting its class or -1', () => {
    const defs: LfDef[] = [
      { id: 'spam', name: 'links', vote: 1, condition: { kind: 'regex', pattern: 'http' } },
      { id: 'ham', name: 'short', vote: 0, condition: { kind: 'length', op: '<', value: 6 } },
      { id: 'other', name: 'question', vote: 2, condition: keyword(['?']) },
    ];
    const votes = applyLfs(defs, chunkOf(['see http://x', 'hi', 'why?', 'long sentence here']), context);
    expect(Array.from(votes)).toEqual([1, -1, -1, -1, 0, -1, -1, 0, 2, -1, -1, -1]);
    expect(applyLfs([], chunkOf(['a']), context).length).toBe(0);
  });
});
