import { describe, expect, it } from 'vitest';
import { foldText } from '../lf/chunk-view';
import { keywordTest } from '../lf/conditions';
import type { KeywordCondition } from '../lf/types';
import { KeywordScanner, MAX_SCAN_TESTS, type ScanTest } from './keyword-scan';
import { EDGE_TEXTS, kw, SCAN_TESTS as TESTS, seededDraws } from './keyword-scan-cases';

const isAscii = (text: string) => /^[\x00-\x7f]*$/.test(text);
/** Scanned unit by unit: every unit below U+0300, no ß. */
const isFast = (text: string) => /^[\x00-\u02ff]*$/.test(text) && !text.includes('ß');
const wordsRegex = (words: string[], wholeWord: boolean, flags: string) => new RegExp(wholeWord ? `\\b(?:${words.join('|')})\\b` : words.join('|'), flags);

/**
 * The app's answer for each test (ascii-words: the regex must run unless an ASCII row lacks every word;
 * regex-words: the regex's answer on ASCII rows and, beyondAscii, on rows scanned unit by unit; elsewhere
 * whether a case-sensitive word occurs).
 */
function expected(tests: readonly ScanTest[], text: string): number {
  let mask = 0;
  tests.forEach((t, i) => {
    let holds: boolean;
    if (t.kind === 'keyword') holds = keywordTest(t.condition)(foldText(text, t.condition.caseSensitive));
    else if (t.kind === 'ascii') holds = isAscii(text);
    else if (t.kind === 'fast') holds = isFast(text);
    else if (t.kind === 'regex-words') {
      if (isAscii(text) || (t.beyondAscii && isFast(text))) holds = wordsRegex(t.words, t.wholeWord, t.caseSensitive ? '' : 'i').test(text);
      else holds = !t.caseSensitive || t.words.some((w) => text.includes(w));
    } else holds = !isAscii(text) || t.words.some((w) => text.toLowerCase().includes(w.toLowerCase()));
    if (holds) mask |= 1 << i;
  });
  return mask >>> 0;
}

describe('keyword scanner', () => {
  it('answers every test as the LF engine does, on edge texts', () => {
    const scanner = new KeywordScanner(TESTS);
    const encoder = new TextEncoder();
    for (const text of EDGE_TEXTS) {
      expect(scanner.scanText(text), text).toBe(expected(TESTS, text));
      expect(scanner.scanBytes(encoder.encode(text)), text).toBe(expected(TESTS, text));
    }
  });

  it('agrees with the LF engine on random texts over a small alphabet', () => {
    const alphabet = ['a', 'b', 'c', 'x', 'A', 'B', ' ', '_', '-', '.', 'ß', 'S', 's', 'İ', 'i', 'é', 'e', '\u0301', 'Σ', 'ς', '$', '1', 'K', 'Ⱥ', 'ⱥ'];
    const words = ['ab', 'bc', 'abc', 'x', 'ss', 'ß', 'i', 'é', 'a.b', '$', 'a-b', 'Ab', 'σ', 'ⱥ'];
    const { rand, pick } = seededDraws(7);
    const tests: ScanTest[] = [];
    for (let t = 0; t < MAX_SCAN_TESTS; t++) {
      const keywords = Array.from({ length: 1 + rand(3) }, () => pick(words));
      const condition: KeywordCondition = { kind: 'keyword', keywords, match: rand(2) ? 'any' : 'all', wholeWord: rand(2) === 1, caseSensitive: rand(2) === 1 };
      tests.push(t === 0 ? { kind: 'ascii-words', words: ['ab', 'X'] } : { kind: 'keyword', condition });
    }
    const scanner = new KeywordScanner(tests);
    const encoder = new TextEncoder();
    for (let r = 0; r < 3000; r++) {
      const text = Array.from({ length: rand(14) }, () => pick(alphabet)).join('');
      expect(scanner.scanText(text), JSON.stringify(text)).toBe(expected(tests, text));
      expect(scanner.scanBytes(encoder.encode(text)), JSON.stringify(text)).toBe(expected(tests, text));
    }
  });

  it('answers a row inside a larger buffer as on its own (bytes around it are not part of it)', () => {
    const scanner = new KeywordScanner(TESTS);
    const encoder = new TextEncoder();
    const latin = ['ü refund', 'Ülke invoice', 'ÿ win', 'ſ k', 'ɐ charge', '\u02ff win', 'win\u0300', 'Ç Exception', 'naïve café', 'x\u00a0refund'];
    for (const text of [...EDGE_TEXTS, ...latin]) {
      for (const [before, after] of [['xx', 'yy'], ['é', 'ü'], ['', '_']]) {
        const head = encoder.encode(before);
        const row = encoder.encode(text);
        const buffer = encoder.encode(before + text + after);
        expect(scanner.scanRange(buffer, head.length, head.length + row.length), JSON.stringify([before, text, after])).toBe(expected(TESTS, text));
      }
    }
  });

  it('agrees with the LF engine on random texts of Latin letters below and at U+0300, as bytes', () => {
    const alphabet = ['a', 'b', ' ', 'ü', 'Ü', 'ÿ', 'ſ', 'ɐ', 'Ɐ', '\u02ff', '\u0300', 'é', 'ß', 'S', 'k', 'K', 'i', 'İ', '-'];
    const words = ['ab', 'ü', 'üb', 'ss', 'ſ', 'ɐ', 'ⱥ', 'k', 'i', 'é', 'b-a'];
    const { rand, pick } = seededDraws(11);
    const tests: ScanTest[] = Array.from({ length: MAX_SCAN_TESTS }, () => kw(Array.from({ length: 1 + rand(3) }, () => pick(words)), rand(2) ? 'any' : 'all', rand(2) === 1, rand(2) === 1));
    const scanner = new KeywordScanner(tests);
    const encoder = new TextEncoder();
    for (let r = 0; r < 3000; r++) {
      const text = Array.from({ length: rand(12) }, () => pick(alphabet)).join('');
      const buffer = encoder.encode(`é${text}x`);
      expect(scanner.scanRange(buffer, 2, buffer.length - 1), JSON.stringify(text)).toBe(expected(tests, text));
    }
  });

  it('agrees with the LF engine where a long ASCII head meets the first other character (the scan keeps only the head units a test can look at)', () => {
    const head = ['a', 'b', ' ', 'B', 'k', '-'];
    const tail = ['a', 'b', ' ', 'ü', 'Ü', 'é', 'ß', 'k', '×', '\u0300', '-'];
    const words = ['ab', 'b ab', 'ab-ab', 'ab ü', 'b-aü', 'kü', 'ü', 'é', 'abab', 'ß'];
    const { rand, pick } = seededDraws(5);
    const tests: ScanTest[] = Array.from({ length: MAX_SCAN_TESTS }, () => kw(Array.from({ length: 1 + rand(3) }, () => pick(words)), rand(2) ? 'any' : 'all', rand(2) === 1, rand(2) === 1));
    const scanner = new KeywordScanner(tests);
    const encoder = new TextEncoder();
    let crossing = 0;
    for (let r = 0; r < 3000; r++) {
      const ascii = Array.from({ length: rand(30) }, () => pick(head)).join('');
      const rest = Array.from({ length: 1 + rand(8) }, () => pick(tail)).join('');
      const text = ascii + rest;
      if (ascii.length > 12 && !isAscii(rest)) crossing++;
      const buffer = encoder.encode(`q${text}é`);
      expect(scanner.scanRange(buffer, 1, buffer.length - 2), JSON.stringify(text)).toBe(expected(tests, text));
    }
    expect(crossing).toBeGreaterThan(500);
  });

  it('decides a regex of words as JavaScript does, with the ascii or fast bit and the regex itself on the rows left', () => {
    const alphabet = ['win', 'Ok', 'ok', 'WIN', ' ', '_', '2', 'é', 'ſ', '\u212a', 'İ', 'ß', 'x', 'Kelvin', '-', '×', 'Ü', 'ı', 'ǅ', '\u0301'];
    const { rand } = seededDraws(5);
    const encoder = new TextEncoder();
    for (const wholeWord of [true, false]) {
      for (const flags of ['', 'i', 'iu', 'u', 'ims']) {
        const words = ['win', 'Ok', 'kelvin', 'is'];
        const regex = wordsRegex(words, wholeWord, flags);
        // As compile.ts asks: beyond ASCII unless case folds by Unicode rules.
        const beyondAscii = !(flags.includes('i') && flags.includes('u'));
        const scanner = new KeywordScanner([{ kind: 'regex-words', words, caseSensitive: !flags.includes('i'), wholeWord, beyondAscii }, { kind: beyondAscii ? 'fast' : 'ascii' }]);
        let decidedBeyondAscii = 0;
        for (let r = 0; r < 1500; r++) {
          const text = Array.from({ length: rand(8) }, () => alphabet[rand(alphabet.length)]).join('');
          const mask = scanner.scanBytes(encoder.encode(text));
          const decided = (mask & 1) === 0 ? false : (mask & 2) !== 0 ? true : regex.test(text);
          expect(decided, `${regex} ${JSON.stringify(text)}`).toBe(regex.test(text));
          expect(scanner.scanText(text)).toBe(mask);
          if (!isAscii(text) && (mask & 2) !== 0) decidedBeyondAscii++;
        }
        // The regex is left only the rows the scan cannot decide.
        if (beyondAscii) expect(decidedBeyondAscii).toBeGreaterThan(100);
        else expect(decidedBeyondAscii).toBe(0);
      }
    }
  });

  it('refuses more tests than a mask holds', () => {
    expect(() => new KeywordScanner(Array.from({ length: MAX_SCAN_TESTS + 1 }, () => kw(['a'], 'any', false, false)))).toThrow(/at most 31/);
  });
});
