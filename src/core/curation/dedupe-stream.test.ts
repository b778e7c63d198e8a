import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../random';
import { dedupeTextChunks, dedupeTexts, type DedupeOptions } from './dedupe';
import { dedupeTextsInMemory } from './dedupe-reference';
import { TextDedupe } from './dedupe-stream';

/** Random word texts where a share are edited or re-cased copies of an earlier one, near or far back. */
function planted(count: number, seed: number, words = 12): string[] {
  const random = mulberry32(seed);
  const vocabulary = ['spam', 'check', 'my', 'channel', 'love', 'song', 'subscribe', 'now', 'great', 'video', 'é', '😀', '中文'];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const roll = random();
    if (i > 0 && roll < 0.3) {
      const chars = Array.from(texts[Math.floor(random() * i)]);
      for (let e = Math.floor(random() * 4); e > 0; e--) chars.splice(Math.floor(random() * chars.length), random() < 0.5 ? 1 : 0, 'x');
      texts.push(chars.join(''));
    } else if (i > 0 && roll < 0.4) {
      texts.push(random() < 0.5 ? texts[Math.floor(random() * i)].toUpperCase() : ` ${texts[Math.floor(random() * i)].replace(/ /g, '\t ')}`);
    } else {
      const length = 1 + Math.floor(random() * words);
      texts.push(Array.from({ length }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' '));
    }
  }
  return texts;
}

function expectSameAsReference(texts: string[], options: DedupeOptions): void {
  const streamed = dedupeTexts(texts, options);
  const reference = dedupeTextsInMemory(texts, options);
  expect(streamed.pairs).toEqual(reference.pairs);
  expect(streamed.clusters).toEqual(reference.clusters);
  expect(streamed.keep).toEqual(reference.keep);
  expect([streamed.candidates, streamed.bands, streamed.rows]).toEqual([reference.candidates, reference.bands, reference.rows]);
}

/** Collides every text with every other on the first attempt: the worst case of the retry path. */
class CollidingDedupe extends TextDedupe {
  attempts = 0;
  protected override hashText(text: string, attempt: number, out: Uint32Array, at: number): void {
    this.attempts = Math.max(this.attempts, attempt + 1);
    if (attempt > 0) return super.hashText(text, attempt, out, at);
    out[at] = 7;
    out[at + 1] = 7;
  }
}

describe('streaming dedupe', () => {
  it('property: the same pairs, clusters, kept items and candidates as the in-memory reference', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), fc.double({ min: 0.3, max: 1, noNaN: true }), fc.constantFrom(200, 3), (count, seed, threshold, maxBucket) => {
        const texts = planted(count, seed);
        const confidence = texts.map((_, i) => ((i * 7919) % 101) / 100);
        expectSameAsReference(texts, { threshold, maxBucket, confidence });
      }),
      { numRuns: 40 },
    );
  });

  it('equals the reference on 9k texts, chunked across 8,192, with copies and near copies far apart', () => {
    expectSameAsReference(planted(9000, 11, 30), { threshold: 0.8 });
  });

  it('reports exact copies after normalisation as groups, and reads async chunks the same as an array', async () => {
    const texts = ['Check out my channel please!!', 'check  out my channel PLEASE!!', 'I love this song so much', 'Check out my channel please!!!', 'unrelated words here', 'I LOVE this song so much'];
    const chunks = async function* () {
      for (let s = 0; s < texts.length; s += 4) yield texts.slice(s, s + 4);
    };
    const result = await dedupeTextChunks(texts.length, chunks, { threshold: 0.8 });
    expect(result.copies).toEqual([
      [0, 1],
      [2, 5],
    ]);
    expect(result.clusters).toEqual([[0, 1, 3], [2, 5]]);
    expect(result).toEqual(dedupeTexts(texts, { threshold: 0.8 }));
  });

  it('when different texts share a hash, runs both passes again with another hash and finds the same result', () => {
    const texts = planted(500, 3);
    const dedupe = new CollidingDedupe(texts.length, { threshold: 0.7 });
    const result = dedupeTexts(texts, { threshold: 0.7 }, dedupe);
    expect(dedupe.attempts).toBe(2);
    expect(result).toEqual(dedupeTexts(texts, { threshold: 0.7 }));
  });

  it('refuses texts that changed in number between the passes, naming both counts', () => {
    const dedupe = new TextDedupe(3, { threshold: 0.8 });
    dedupe.sign(['a', 'b', 'c']);
    dedupe.endSign();
    dedupe.verify(['a', 'b']);
    expect(() => dedupe.endVerify()).toThrow('expected 3 texts but the second pass read 2');
    expect(() => new TextDedupe(1, { threshold: 0.8 }).sign(['a', 'b'])).toThrow('expected 1 texts but the first pass read 2');
    expect(() => new TextDedupe(100_000_000, { threshold: 0.8 })).toThrow('handles at most 94,906,265 texts; this has 100,000,000');
  });
});
