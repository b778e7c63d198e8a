import type { ScanTest } from './keyword-scan';

// Test inputs of the keyword scan, shared by its unit tests and the split scan's (src/cli/sql/scan-split.test.ts).

/** A keyword test. */
export const kw = (keywords: string[], match: 'any' | 'all', wholeWord: boolean, caseSensitive: boolean): ScanTest => ({ kind: 'keyword', condition: { kind: 'keyword', keywords, match, wholeWord, caseSensitive } });

/** Every kind of test: keyword edges, cases, empty and 'all' lists, the regex-word kinds, ascii and fast. */
export const SCAN_TESTS: ScanTest[] = [
  kw(['refund', 'invoice'], 'any', true, false),
  kw(['charge'], 'any', false, true),
  kw(['broken', 'timeout'], 'all', true, false),
  kw(['Exception'], 'any', true, true),
  kw(['straße', 'İstanbul'], 'any', true, false),
  kw(['café'], 'any', true, false),
  kw(['ΟΔΟΣ'], 'any', false, false),
  kw(['$$$', 'a.b', '(x)'], 'any', true, false),
  kw(['win'], 'any', true, false),
  kw(['', 'zzz'], 'all', false, false),
  kw(['', 'zzz'], 'any', true, false),
  kw([], 'all', true, false),
  kw([], 'any', true, false),
  kw(['sign-in', '2FA'], 'any', true, false),
  kw(['k'], 'any', true, false),
  kw(['ab', 'bc'], 'all', false, false),
  kw(['_x'], 'any', true, true),
  { kind: 'ascii-words', words: ['Billing', 'payment'] },
  { kind: 'regex-words', words: ['billing', 'Pay2'], caseSensitive: false, wholeWord: true, beyondAscii: true },
  { kind: 'regex-words', words: ['win', 'Ok'], caseSensitive: true, wholeWord: false, beyondAscii: true },
  { kind: 'regex-words', words: ['win', 'Ok'], caseSensitive: false, wholeWord: true, beyondAscii: false },
  { kind: 'ascii' },
  { kind: 'fast' },
];

export const EDGE_TEXTS = [
  '',
  'refund',
  'Refund please',
  'prerefund',
  'refund_',
  'refund2',
  'a refund invoice',
  'charge CHARGE',
  'overcharged',
  'broken and timeout',
  'broken',
  'an Exception here',
  'exception',
  'EXCEPTIONS',
  'STRASSE',
  'Straße',
  'ISTANBUL istanbul İstanbul',
  'cafe\u0301 au lait',
  'Billing', 'prebilling', 'pay2 due', 'PAY2', 'ébilling', 'win', 'OKwin', 'ok', 'éwin', 'billingé', 'BİLLING', 'ſ billing', 'pay2×', 'ßbilling',
  'café',
  'CAFÉ',
  'ΟΔΟΣ οδος',
  'win$$$',
  'winner',
  'a.b (x)',
  'axb',
  'SIGN-IN 2fa',
  'K\u212a kelvin',
  'abc',
  'emoji 😀 refund',
  'x_x',
  'Billing',
  'BILLING',
  'paymént',
  'tab\trefund\nnewline',
  'ß',
  'Ⱥ refund',
  // A keyword right before the first character that is not ASCII: a word edge (×, «) or not (é).
  'refund×', 'a win« b', 'refundé', 'Exception\u00a0x', 'charge×charge',
];

/**
 * A small seeded stream for the random-text tests (a 31-bit LCG; the same seed gives the same texts on
 * every run). Math.imul: a plain product passes 2^53 and loses the low bits, and the sequence collapses.
 */
export function seededDraws(seed: number): { rand: (n: number) => number; pick: <T>(xs: readonly T[]) => T } {
  let state = seed;
  const rand = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return (state >>> 8) % n;
  };
  return { rand, pick: (xs) => xs[rand(xs.length)] };
}
