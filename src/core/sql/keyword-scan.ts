import { foldText } from '../lf/chunk-view';
import { keywordTest } from '../lf/conditions';
import type { KeywordCondition } from '../lf/types';
import { Automaton, type Entry, FAST_LIMIT, NOT_FAST, SHARP, SHARP_S } from './keyword-automaton';

/**
 * One test the scanner answers per row: a keyword condition exactly as the app's LF engine decides it;
 * `ascii-words`, which is false only where the row is ASCII and contains none of `words` in any case
 * (a pre-test in front of a regex LF; any other row must run the regex); `regex-words`, for a regex
 * that is an alternation of ASCII `words` (prefilter's matchedWords): the regex's own answer on an ASCII
 * row, and with `beyondAscii` on any row scanned unit by unit too; on any other row false only where
 * the regex cannot match (case-sensitive: no word occurs; case-insensitive: never); `ascii`: the row is
 * ASCII; `fast`: the row was scanned unit by unit (every unit below U+0300, no ß). Those two say whether
 * a `regex-words` answer is final.
 *
 * Why `beyondAscii` holds unless the regex folds case by Unicode rules (flags i with u or v): without
 * them JavaScript matches an ASCII word only on ASCII units (its case folding never maps a unit at or
 * above U+0080 to one below) and `\b` looks at ASCII word characters alone, and both are what the
 * scan checks. With i and u, ſ and the Kelvin sign match s and k, and \w takes them in.
 */
export type ScanTest =
  | { kind: 'keyword'; condition: KeywordCondition }
  | { kind: 'ascii-words'; words: string[] }
  | { kind: 'regex-words'; words: string[]; caseSensitive: boolean; wholeWord: boolean; beyondAscii: boolean }
  | { kind: 'ascii' }
  | { kind: 'fast' };

/** Tests per scanner: the answer is a non-negative 32-bit integer mask. */
export const MAX_SCAN_TESTS = 31;

const STARTS_WITH_WORD = /^[\p{L}\p{N}\p{M}_]/u;
const ENDS_WITH_WORD = /[\p{L}\p{N}\p{M}_]$/u;

/**
 * Answers up to MAX_SCAN_TESTS keyword tests on a row in one pass: an Aho–Corasick automaton over the
 * folded units (case-sensitive keywords checked against the raw units where it hits), instead of one
 * substring test per keyword. Rows with a unit at or above U+0300 or a ß (where NFC and folding need
 * more than one unit at a time) take the app's own keywordTest on foldText, so every answer equals the
 * LF engine's.
 */
export class KeywordScanner {
  private readonly automaton: Automaton;
  /**
   * Per test: its keywords' entry ids on ASCII rows and on others (true: it holds on any other row),
   * whether all must be found, whether it always holds, whether it is the `ascii` or the `fast` test.
   */
  private readonly plans: { ids: Int32Array; nonAscii: Int32Array | true; all: boolean; always: boolean; isAscii: boolean; isFast: boolean }[];
  private readonly slow: ((raw: string) => boolean)[];
  private readonly found: Int32Array;
  private anyAscii = new Int32Array(0);
  private anyOther = new Int32Array(0);
  private baseAscii = 0;
  private baseOther = 0;
  /** The tests that need all their keywords: their bits, and their ids one after another (test a's end at …End[a]), on ASCII rows and others. */
  private allBits = new Int32Array(0);
  private allAscii = new Int32Array(0);
  private allAsciiEnd = new Int32Array(0);
  private allOther = new Int32Array(0);
  private allOtherEnd = new Int32Array(0);
  private stamp = 0;
  private raw = new Uint16Array(256);

  constructor(readonly tests: readonly ScanTest[]) {
    if (tests.length > MAX_SCAN_TESTS) throw new Error(`keyword-scan: ${tests.length} tests, at most ${MAX_SCAN_TESTS}`);
    const entries: Entry[] = [];
    const index = new Map<string, number>();
    const entry = (units: string, caseSensitive: boolean, wholeWord: boolean, js = false): number => {
      const key = `${caseSensitive ? 'c' : 'f'}${wholeWord ? 'w' : 's'}${js ? 'j' : ''}:${units}`;
      let id = index.get(key);
      if (id === undefined) {
        id = entries.push({ units, caseSensitive, before: wholeWord && STARTS_WITH_WORD.test(units), after: wholeWord && ENDS_WITH_WORD.test(units), js }) - 1;
        index.set(key, id);
      }
      return id;
    };
    const none = new Int32Array(0);
    this.plans = tests.map((test) => {
      if (test.kind === 'ascii') return { ids: none, nonAscii: none, all: false, always: false, isAscii: true, isFast: false };
      if (test.kind === 'fast') return { ids: none, nonAscii: none, all: false, always: false, isAscii: false, isFast: true };
      if (test.kind === 'ascii-words') {
        return { ids: Int32Array.from(test.words.map((w) => entry(w.toLowerCase(), false, false))), nonAscii: true, all: false, always: test.words.some((w) => w === ''), isAscii: false, isFast: false };
      }
      if (test.kind === 'regex-words') {
        const cs = test.caseSensitive;
        const ids = Int32Array.from(test.words.map((w) => entry(cs ? w : w.toLowerCase(), cs, test.wholeWord, true)));
        const nonAscii = test.beyondAscii ? ids : cs ? Int32Array.from(test.words.map((w) => entry(w, true, false))) : true;
        return { ids, nonAscii, all: false, always: false, isAscii: false, isFast: false };
      }
      const c = test.condition;
      const units = c.keywords.map((k) => foldText(k, c.caseSensitive));
      // An empty keyword occurs everywhere (as in the engine: ''.includes('') and an empty regex), and
      // so does an empty whole-word 'any' list (the engine's alternation of nothing is the empty regex).
      const nonEmpty = units.filter((u) => u !== '');
      const always = c.match === 'any' ? nonEmpty.length < units.length || (c.wholeWord && units.length === 0) : nonEmpty.length === 0;
      const ids = Int32Array.from(nonEmpty.map((u) => entry(u, c.caseSensitive, c.wholeWord)));
      return { ids, nonAscii: ids, all: c.match === 'all', always, isAscii: false, isFast: false };
    });
    this.slow = tests.map((test) => {
      if (test.kind === 'ascii' || test.kind === 'fast') return () => false;
      if (test.kind === 'ascii-words') return () => true;
      if (test.kind === 'regex-words') {
        const { words, caseSensitive } = test;
        return caseSensitive ? (raw) => words.some((w) => raw.includes(w)) : () => true;
      }
      const matches = keywordTest(test.condition);
      const caseSensitive = test.condition.caseSensitive;
      return (raw) => matches(foldText(raw, caseSensitive));
    });
    this.automaton = new Automaton(entries);
    this.found = new Int32Array(entries.length).fill(-1);
    this.indexPlans(entries.length);
  }

  /** The mask of a row given as UTF-8 bytes (bit t: test t holds). */
  scanBytes(bytes: Uint8Array): number {
    return this.scanRange(bytes, 0, bytes.length);
  }

  /**
   * The mask of a row given as UTF-8 bytes[start, end). ASCII rows are scanned in place; rows whose
   * characters all lie below U+0300 (two-byte sequences with lead bytes C2–CB) are decoded here unit by
   * unit; any other row is decoded in full and takes scanText.
   */
  scanRange(bytes: Uint8Array, start: number, end: number): number {
    const stamp = ++this.stamp;
    const stop = this.automaton.scanAscii(bytes, start, end, this.found, stamp);
    return stop === end ? this.answer(stamp, true) : this.rest(bytes, start, stop, end, stamp);
  }

  /** A row that turned out not to be ASCII at byte `stop`: the ASCII head is kept (its marks and the state after it), only the rest is decoded and scanned. */
  private rest(bytes: Uint8Array, start: number, stop: number, end: number, stamp: number): number {
    const n = this.automaton.scanRest(bytes, start, stop, end, this.units(end - start), this.found, stamp);
    if (n === NOT_FAST) return this.scanText(DECODER.decode(bytes.subarray(start, end)));
    if (n === SHARP) return this.slowPath(DECODER.decode(bytes.subarray(start, end)));
    return this.answer(stamp, false);
  }

  /** The mask of a row given as a string. */
  scanText(text: string): number {
    const n = text.length;
    const raw = this.units(n);
    let ascii = true;
    for (let i = 0; i < n; i++) {
      const u = text.charCodeAt(i);
      if (u >= 0x80) {
        if (u >= FAST_LIMIT || u === SHARP_S) return this.slowPath(text);
        ascii = false;
      }
      raw[i] = u;
    }
    return this.fast(raw, n, ascii);
  }

  private units(n: number): Uint16Array {
    if (this.raw.length < n) this.raw = new Uint16Array(n * 2);
    return this.raw;
  }

  private fast(raw: Uint16Array, n: number, ascii: boolean): number {
    const stamp = ++this.stamp;
    this.automaton.scan(raw, n, this.found, stamp);
    return this.answer(stamp, ascii);
  }

  /**
   * The mask from the keywords found under `stamp`: the bits that hold whatever was found, each found
   * keyword's 'any' bits, then the few tests that need all their keywords.
   */
  private answer(stamp: number, ascii: boolean): number {
    const found = this.found;
    const { hits, hitCount } = this.automaton;
    const bits = ascii ? this.anyAscii : this.anyOther;
    let mask = ascii ? this.baseAscii : this.baseOther;
    for (let k = 0; k < hitCount; k++) mask |= bits[hits[k]];
    const ids = ascii ? this.allAscii : this.allOther;
    const bounds = ascii ? this.allAsciiEnd : this.allOtherEnd;
    for (let a = 0, j = 0; a < bounds.length; a++) {
      const end = bounds[a];
      while (j < end && found[ids[j]] === stamp) j++;
      if (j === end) mask |= this.allBits[a];
      j = end;
    }
    return mask >>> 0;
  }

  /** Splits the plans into the bits answer() ORs and the tests it checks one by one (see answer). */
  private indexPlans(entries: number): void {
    this.anyAscii = new Int32Array(entries);
    this.anyOther = new Int32Array(entries);
    const all: number[] = [];
    this.plans.forEach((plan, t) => {
      const bit = 1 << t;
      if (plan.isAscii) this.baseAscii |= bit;
      else if (plan.always || plan.isFast) {
        this.baseAscii |= bit;
        this.baseOther |= bit;
      } else if (plan.all) all.push(t);
      else {
        for (const id of plan.ids) this.anyAscii[id] |= bit;
        if (plan.nonAscii === true) this.baseOther |= bit;
        else for (const id of plan.nonAscii) this.anyOther[id] |= bit;
      }
    });
    this.allBits = Int32Array.from(all, (t) => 1 << t);
    const flat = (lists: Int32Array[]) => {
      const ends = new Int32Array(lists.length);
      lists.forEach((ids, a) => (ends[a] = (a > 0 ? ends[a - 1] : 0) + ids.length));
      return { ids: Int32Array.from(lists.flatMap((ids) => Array.from(ids))), ends };
    };
    // nonAscii true: the test holds on any other row, as a test with no keywords does.
    const ascii = flat(all.map((t) => this.plans[t].ids));
    const other = flat(all.map((t) => this.plans[t].nonAscii).map((ids) => (ids === true ? new Int32Array(0) : ids)));
    [this.allAscii, this.allAsciiEnd, this.allOther, this.allOtherEnd] = [ascii.ids, ascii.ends, other.ids, other.ends];
  }

  private slowPath(text: string): number {
    let mask = 0;
    for (let t = 0; t < this.slow.length; t++) if (this.slow[t](text)) mask |= 1 << t;
    return mask >>> 0;
  }
}

const DECODER = new TextDecoder();
