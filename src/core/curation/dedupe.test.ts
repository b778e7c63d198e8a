import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../formats/csv';
import { mulberry32 } from '../random';
import { chooseKeep, dedupeTexts } from './dedupe';
import { lshParams } from './minhash';
import { jaccard, normalizeForShingles, shingleSet } from './shingles';

/** The definition written the slow, obvious way: the reference every fast path is checked against. */
function referenceShingles(text: string): Set<string> {
  const cps = Array.from(text.toLowerCase().replace(/\s+/g, ' ').trim());
  if (cps.length < 5) return new Set([cps.join('')]);
  const out = new Set<string>();
  for (let i = 0; i + 5 <= cps.length; i++) out.add(cps.slice(i, i + 5).join(''));
  return out;
}
function referenceJaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const s of a) if (b.has(s)) both++;
  return both / (a.size + b.size - both);
}

/** Exact all-pairs Jaccard ≥ t, skipping only pairs whose set sizes alone rule it out (|A|/|B| < t). */
function bruteForcePairs(texts: string[], t: number): Set<string> {
  const sets = texts.map(referenceShingles);
  const order = sets.map((_, i) => i).sort((a, b) => sets[a].size - sets[b].size);
  const out = new Set<string>();
  for (let x = 0; x < order.length; x++) {
    for (let y = x + 1; y < order.length; y++) {
      const a = order[x];
      const b = order[y];
      if (sets[a].size < t * sets[b].size) break;
      if (referenceJaccard(sets[a], sets[b]) >= t) out.add(a < b ? `${a},${b}` : `${b},${a}`);
    }
  }
  return out;
}

function youtubeComments(): string[] {
  const dir = join(__dirname, '../../../public/sample/youtube');
  const texts: string[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const parser = new CsvParser(file);
    const rows = [...parser.push(readFileSync(join(dir, file), 'utf8')).rows, ...parser.finish().rows];
    const content = parser.columns!.indexOf('CONTENT');
    for (const row of rows) texts.push(row[content]);
  }
  return texts;
}

/** Copies of real comments with a few random character edits: a spread of similarities around 0.8. */
function nearDuplicates(texts: string[], count: number, seed: number): string[] {
  const random = mulberry32(seed);
  const long = texts.filter((t) => t.length >= 60);
  const out: string[] = [];
  for (let c = 0; c < count; c++) {
    let chars = Array.from(long[Math.floor(random() * long.length)]);
    const edits = Math.floor(random() * 6);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(random() * chars.length);
      const op = random();
      const letter = String.fromCharCode(97 + Math.floor(random() * 26));
      if (op < 0.4) chars[at] = letter;
      else if (op < 0.7) chars.splice(at, 0, letter);
      else chars.splice(at, 1);
    }
    if (random() < 0.3) chars = Array.from(chars.join('').toUpperCase().replace(/ /g, '  '));
    out.push(chars.join(''));
  }
  return out;
}

describe('shingles', () => {
  it('normalises case and whitespace runs, and a short text is one shingle', () => {
    expect(normalizeForShingles('  Hello \t\n WORLD\uFEFF ')).toBe('hello world');
    expect([...shingleSet('abc')]).toEqual(['abc']);
    expect(shingleSet('abcdef').size).toBe(2);
    expect(jaccard(shingleSet(''), shingleSet(''))).toBe(1);
  });

  it('property: packed shingle sets give the same Jaccard as the reference over strings', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', ' ', 'É', '😀', '\u4e2d', '\t'), maxLength: 30 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        const fast = jaccard(shingleSet(normalizeForShingles(a)), shingleSet(normalizeForShingles(b)));
        expect(fast).toBeCloseTo(referenceJaccard(referenceShingles(a), referenceShingles(b)), 12);
      }),
    );
  });
});

describe('dedupe', () => {
  it('refuses a threshold outside (0, 1]', () => {
    for (const bad of [0, -0.1, 1.01, Number.NaN]) expect(() => dedupeTexts(['a'], { threshold: bad })).toThrow(/must be in \(0, 1\]/);
    expect(() => dedupeTexts(['a'], { threshold: 1 })).not.toThrow();
  });

  it('picks LSH bands that keep a pair at the threshold with probability ≥ 99.5 %', () => {
    const { bands, rows } = lshParams(0.8, 128);
    expect(bands * rows).toBeLessThanOrEqual(128);
    expect(1 - (1 - 0.8 ** rows) ** bands).toBeGreaterThanOrEqual(0.995);
    expect(1 - (1 - 0.8 ** (rows + 1)) ** Math.floor(128 / (rows + 1))).toBeLessThan(0.995);
  });

  it('groups exact copies (after normalisation) and near copies, and keeps human-labeled, then confident', () => {
    const texts = ['Check out my channel please!!', 'check  out my channel PLEASE!!', 'I love this song so much', 'Check out my channel please!!!', 'unrelated words here'];
    const result = dedupeTexts(texts, { threshold: 0.8 });
    expect(result.pairs.map(([a, b]) => [a, b])).toEqual([
      [0, 1],
      [0, 3],
      [1, 3],
    ]);
    expect(result.pairs[0][2]).toBe(1);
    expect(result.clusters).toEqual([[0, 1, 3]]);
    expect(result.keep).toEqual([0]);
    expect(chooseKeep([0, 1, 3], { humanLabeled: [0, 0, 0, 1, 0] })).toBe(3);
    expect(chooseKeep([0, 1, 3], { confidence: [0.5, 0.9, 0, 0.7, 0] })).toBe(1);
    expect(chooseKeep([0, 1, 3], { humanLabeled: [0, 1, 0, 1, 0], confidence: [0.5, 0.6, 0, 0.7, 0] })).toBe(3);
  });

  it('finds ≥ 95 % of the all-pairs Jaccard ≥ 0.8 pairs of real comments plus near copies, with precision ≥ 0.99', () => {
    const real = youtubeComments();
    const texts = [...real, ...nearDuplicates(real, 400, 7)];
    const truth = bruteForcePairs(texts, 0.8);
    const found = dedupeTexts(texts, { threshold: 0.8 }).pairs.map(([a, b]) => `${a},${b}`);
    const hits = found.filter((p) => truth.has(p)).length;
    expect(truth.size).toBeGreaterThan(300);
    expect(hits / truth.size).toBeGreaterThanOrEqual(0.95);
    expect(hits / found.length).toBeGreaterThanOrEqual(0.99);
  });

  it('property: every reported pair meets the threshold and clusters are the connected pairs', () => {
    const word = fc.constantFrom('spam', 'check', 'my', 'channel', 'love', 'song', 'subscribe', 'now');
    const text = fc.array(word, { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 40 }), fc.double({ min: 0.3, max: 1, noNaN: true }), (texts, threshold) => {
        const result = dedupeTexts(texts, { threshold });
        for (const [a, b, j] of result.pairs) {
          expect(a).toBeLessThan(b);
          expect(j).toBeGreaterThanOrEqual(threshold);
          expect(referenceJaccard(referenceShingles(texts[a]), referenceShingles(texts[b]))).toBeCloseTo(j, 12);
          expect(result.clusters.some((c) => c.includes(a) && c.includes(b))).toBe(true);
        }
        expect(result.clusters.flat().length).toBe(new Set(result.pairs.flatMap(([a, b]) => [a, b])).size);
      }),
      { numRuns: 60 },
    );
  });
});
