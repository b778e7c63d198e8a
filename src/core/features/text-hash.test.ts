import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { murmur3_32, murmur3Range, streamByte, streamEnd, streamStart } from './murmur3';
import { decodeHtml, resolveHashedNgramsSpec, TextHasher, type HashedNgramsSpec } from './text-hash';

const utf8 = new TextEncoder();

/** The algorithm of the doc comment, written the slow, obvious way with strings. */
function reference(text: string, partial: Partial<HashedNgramsSpec>): Map<number, number> {
  const spec = resolveHashedNgramsSpec(partial);
  let t = spec.decode_html ? decodeHtml(text) : text;
  t = t.normalize('NFKC');
  if (spec.lowercase) t = t.toLowerCase();
  t = [...t].filter((c) => !/\p{Cf}/u.test(c) || c === '\u200c' || c === '\u200d').join('');
  t = t.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  t = [...t].slice(0, spec.max_chars).join('').trimEnd();
  const values = new Map<number, number>();
  const add = (gram: string, seed: number, weight: number) => {
    const h = murmur3_32(utf8.encode(gram), seed >>> 0);
    const index = h % spec.dim;
    values.set(index, (values.get(index) ?? 0) + (h >= 2 ** 31 ? -weight : weight));
  };
  if (t.length > 0 && spec.char_ngrams) {
    const chars = [...(' ' + t + ' ')];
    for (let n = spec.char_ngrams[0]; n <= spec.char_ngrams[1]; n++)
      for (let i = 0; i + n <= chars.length; i++) add(chars.slice(i, i + n).join(''), spec.seed + 1000 + n, spec.char_weight);
  }
  if (spec.word_ngrams) {
    const words = t.match(/[\p{L}\p{M}\p{N}\p{Pc}]+/gu) ?? [];
    for (let n = spec.word_ngrams[0]; n <= spec.word_ngrams[1]; n++)
      for (let i = 0; i + n <= words.length; i++) add(words.slice(i, i + n).join(' '), spec.seed + n, spec.word_weight);
  }
  let norm = 0;
  for (const [k, v] of values) {
    const w = spec.sublinear_tf ? Math.sign(v) * Math.log1p(Math.abs(v)) : v;
    values.set(k, w);
    norm += w * w;
  }
  norm = Math.sqrt(norm);
  for (const [k, v] of values) values.set(k, norm > 0 ? v / norm : 0);
  return values;
}

function expectMatchesReference(text: string, spec: Partial<HashedNgramsSpec>) {
  const hasher = new TextHasher(spec);
  const got = hasher.featurize(text);
  const want = reference(text, spec);
  for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want.get(i) ?? 0, 5);
}

const textArb = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom('a', 'B', ' ', '\t', '\ufeff', '!', 'é', 'e\u0301', 'ﬁ', 'Ａ', '😀', '&amp;', '<br />', '\u200b', '_', '1'), maxLength: 30 }),
);
const specArb = fc.record({
  dim: fc.constantFrom(2, 7, 64, 1024),
  seed: fc.nat(),
  lowercase: fc.boolean(),
  decode_html: fc.boolean(),
  word_ngrams: fc.constantFrom<[number, number] | null>([1, 1], [1, 3], [2, 2], null),
  char_ngrams: fc.constantFrom<[number, number]>([1, 1], [2, 4], [3, 5]),
  sublinear_tf: fc.boolean(),
  word_weight: fc.constantFrom(1, 0.5, 3),
  max_chars: fc.constantFrom(3, 10_000),
});

describe('murmur3_32', () => {
  it('matches published MurmurHash3_x86_32 test vectors', () => {
    const cases: [string | number[], number, number][] = [
      ['', 0, 0],
      ['', 1, 0x514e28b7],
      ['', 0xffffffff, 0x81f16f39],
      [[0, 0, 0, 0], 0, 0x2362f9de],
      ['aaaa', 0x9747b28c, 0x5a97808a],
      ['Hello, world!', 0x9747b28c, 0x24884cba],
      ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
    ];
    for (const [input, seed, want] of cases) {
      const bytes = typeof input === 'string' ? utf8.encode(input) : new Uint8Array(input);
      expect(murmur3_32(bytes, seed)).toBe(want);
    }
  });

  it('hashing a byte range or streaming bytes equals hashing the bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat(), fc.nat(), (bytes, seed, a, b) => {
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        const want = murmur3_32(bytes.slice(start, end), seed);
        expect(murmur3Range(bytes, start, end, seed)).toBe(want);
        streamStart(seed);
        for (let i = start; i < end; i++) streamByte(bytes[i]);
        expect(streamEnd()).toBe(want);
      }),
    );
  });
});

describe('TextHasher', () => {
  it('computes exactly the documented algorithm (property, random texts and specs)', () => {
    fc.assert(fc.property(textArb, specArb, (text, spec) => expectMatchesReference(text, spec)), { numRuns: 300 });
  });

  it('gives unit-norm vectors, or zeros for texts with nothing to hash', () => {
    const hasher = new TextHasher({ dim: 256 });
    fc.assert(
      fc.property(textArb, (text) => {
        const v = hasher.featurize(text);
        const norm = Math.hypot(...v);
        if (hasher.normalize(text).length === 0) expect(norm).toBe(0);
        else expect(norm).toBeCloseTo(1, 5);
      }),
    );
    expect(Math.hypot(...hasher.featurize(' \ufeff\t\n'))).toBe(0);
  });

  it('is deterministic across calls and instances, whatever was hashed before', () => {
    const a = new TextHasher({ dim: 512 });
    const b = new TextHasher({ dim: 512 });
    const first = a.featurize('Check out my channel!!! http://example.com');
    a.featurize('something else entirely, with other n-grams');
    expect(a.featurize('Check out my channel!!! http://example.com')).toEqual(first);
    expect(b.featurize('Check out my channel!!! http://example.com')).toEqual(first);
  });

  it('writes only its slice of a dirty batch buffer, and a batch equals one-by-one', () => {
    const hasher = new TextHasher({ dim: 64 });
    const texts = ['spam spam', 'ham', '', 'Ünïcödé ﬁne'];
    const out = new Float32Array(64 * texts.length + 10).fill(7);
    texts.forEach((t, i) => hasher.featurizeInto(t, out, 5 + i * 64));
    expect([...out.subarray(0, 5)]).toEqual([7, 7, 7, 7, 7]);
    expect([...out.subarray(5 + 64 * texts.length)]).toEqual([7, 7, 7, 7, 7]);
    const batch = hasher.featurizeBatch(texts);
    texts.forEach((t, i) => expect(out.subarray(5 + i * 64, 5 + (i + 1) * 64)).toEqual(batch.subarray(i * 64, (i + 1) * 64)));
    expect(() => hasher.featurizeInto('x', new Float32Array(63), 0)).toThrow(/cannot hold dim 64/);
  });

  it('featurizeSparse lists exactly the non-zero entries of the dense vector', () => {
    const hasher = new TextHasher({ dim: 512 });
    fc.assert(
      fc.property(textArb, (text) => {
        const dense = hasher.featurize(text);
        const { indices, values } = hasher.featurizeSparse(text);
        const rebuilt = new Float32Array(hasher.dim);
        indices.forEach((index, i) => (rebuilt[index] = values[i]));
        expect(rebuilt).toEqual(dense);
        expect(new Set(indices).size).toBe(indices.length);
      }),
    );
  });

  it('ignores case, BOMs, zero-width spaces, whitespace runs and compatibility forms', () => {
    const hasher = new TextHasher({ dim: 4096 });
    const base = hasher.featurize('check out my fine channel');
    for (const variant of ['CHECK OUT MY FINE CHANNEL', '\ufeffcheck  out\tmy\u00a0fine channel\ufeff', 'check out my ﬁne channel', 'ｃｈｅｃｋ out my fine chan\u200bnel'])
      expect(hasher.featurize(variant)).toEqual(base);
    expect(hasher.normalize('Don&#39;t<br />stop &amp; go')).toBe("don't stop & go");
  });

  it('keeps only the first max_chars code points', () => {
    const hasher = new TextHasher({ dim: 1024, max_chars: 12 });
    expect(hasher.featurize('hello world and much more text')).toEqual(hasher.featurize('hello world '));
    expect(hasher.normalize('😀😀😀😀😀😀😀😀😀😀😀😀😀😀')).toBe('😀'.repeat(12));
  });

  it('puts similar texts closer than unrelated ones', () => {
    const hasher = new TextHasher();
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0);
    const spam1 = hasher.featurize('Please subscribe to my channel, check out my new video!');
    const spam2 = hasher.featurize('please check out my channel and subscribe');
    const ham = hasher.featurize('This song reminds me of summer 2012, love it');
    expect(dot(spam1, spam2)).toBeGreaterThan(0.3);
    expect(dot(spam1, ham)).toBeLessThan(0.1);
  });

  it('rejects bad specs with the field name', () => {
    expect(() => new TextHasher({ dim: 0 })).toThrow(/dim must be an integer/);
    expect(() => new TextHasher({ char_ngrams: [3, 2] })).toThrow(/char_ngrams/);
    expect(() => new TextHasher({ word_ngrams: null, char_ngrams: null })).toThrow(/word_ngrams/);
    expect(() => new TextHasher({ seed: -1 })).toThrow(/seed/);
    expect(() => new TextHasher({ char_weight: 0 })).toThrow(/char_weight/);
  });
});
