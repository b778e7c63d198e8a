import { describe, expect, it } from 'vitest';
import { applyLfs } from './compile';
import type { LfDef } from './types';

/** Seeded texts shaped like YouTube comments (~15 words, some links, numbers, accents, emoji). */
function comments(count: number, seed: number): string[] {
  const words = ['check', 'out', 'my', 'channel', 'please', 'subscribe', 'love', 'this', 'song', 'free', 'gift', 'Katy', 'the', 'best',
    'video', 'ever', 'won', 'money', 'click', 'here', 'café', 'naïve', '🔥', 'LOL', 'song!!', 'views', '2015', 'like', 'if', 'you'];
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const length = 5 + Math.floor(next() * 20);
    for (let w = 0; w < length; w++) parts.push(words[Math.floor(next() * words.length)]);
    if (next() < 0.1) parts.push(`http://youtu.be/${Math.floor(next() * 1e6)}`);
    texts.push(parts.join(' '));
  }
  return texts;
}

const kw = (id: string, keywords: string[], wholeWord: boolean, caseSensitive = false, match: 'any' | 'all' = 'any'): LfDef => ({
  id,
  name: id,
  vote: 1,
  condition: { kind: 'keyword', keywords, match, wholeWord, caseSensitive },
});
const re = (id: string, pattern: string, flags = ''): LfDef => ({ id, name: id, vote: 0, condition: { kind: 'regex', pattern, flags } });

const lfs: LfDef[] = [
  kw('check-out', ['check out', 'subscribe'], false),
  kw('free', ['free'], true),
  kw('please-channel', ['please', 'channel'], true, false, 'all'),
  kw('LOL', ['LOL'], false, true),
  re('link', 'https?://\\S+', 'i'),
  re('digits', '\\d{4,}'),
  re('love-song', '(?:love|like) (?:this|the) song', 'i'),
  kw('spammy', ['money', 'won', 'gift', 'click', 'views', 'free', 'subscribe', 'here', 'best', 'ever'], true),
  re('shouting', '[!?]{2,}'),
  kw('cafe', ['cafe', 'café'], true),
];

/** The same ten rules written the obvious way, to check the engine's answers on a sample of rows. */
function reference(text: string): number[] {
  const lower = text.normalize('NFC').toLowerCase();
  const word = (w: string) => new RegExp(`(?<![\\p{L}\\p{N}\\p{M}_])${w}(?![\\p{L}\\p{N}\\p{M}_])`, 'u').test(lower);
  return [
    lower.includes('check out') || lower.includes('subscribe') ? 1 : -1,
    word('free') ? 1 : -1,
    word('please') && word('channel') ? 1 : -1,
    text.includes('LOL') ? 1 : -1,
    /https?:\/\/\S+/i.test(text) ? 0 : -1,
    /\d{4,}/.test(text) ? 0 : -1,
    /(?:love|like) (?:this|the) song/i.test(text) ? 0 : -1,
    ['money', 'won', 'gift', 'click', 'views', 'free', 'subscribe', 'here', 'best', 'ever'].some(word) ? 1 : -1,
    /[!?]{2,}/.test(text) ? 0 : -1,
    word('cafe') || word('café') ? 1 : -1,
  ];
}

describe('LF throughput (reported, not asserted)', () => {
  it('applies 10 keyword/regex LFs to 100k texts', () => {
    const texts = comments(100_000, 7);
    const chunk = { text: texts, fields: {} };
    const context = { classCount: 2, fields: [] };
    applyLfs(lfs, { text: texts.slice(0, 2000), fields: {} }, context); // warm up the JIT
    const started = performance.now();
    const votes = applyLfs(lfs, chunk, context);
    const ms = performance.now() - started;
    const rate = (texts.length * lfs.length) / (ms / 1000);
    console.log(`LF throughput: ${lfs.length} LFs × ${texts.length} texts in ${ms.toFixed(0)} ms = ${(rate / 1e6).toFixed(2)} M LF-item/s, ${((texts.length / ms) * 1000).toFixed(0)} items/s`);

    for (let row = 0; row < texts.length; row += 97) {
      expect(Array.from(votes.subarray(row * lfs.length, (row + 1) * lfs.length)), texts[row]).toEqual(reference(texts[row]));
    }
    // Each rule fires somewhere and not everywhere, so the sample above checked both outcomes.
    for (let j = 0; j < lfs.length; j++) {
      let fired = 0;
      for (let row = 0; row < texts.length; row++) if (votes[row * lfs.length + j] !== -1) fired++;
      expect(fired, lfs[j].id).toBeGreaterThan(0);
      expect(fired, lfs[j].id).toBeLessThan(texts.length);
    }
  });
});
