import { foldText } from '../lf/chunk-view';

// The matching machinery of KeywordScanner (keyword-scan.ts): per-unit tables and the Aho–Corasick DFA.

/**
 * Text whose every code unit lies below U+0300 is NFC, and there case folding maps each unit to one
 * unit, except ß → "ss" (see foldText): such rows, less those with ß, are scanned unit by unit, the
 * folded text aligned with the raw one. Every other row takes the app's own keyword test.
 */
export const FAST_LIMIT = 0x300;
/** What Automaton.scanRest returns for a row it cannot scan unit by unit. */
export const NOT_FAST = -1;
export const SHARP = -2;
export const SHARP_S = 0xdf;
/** Per UTF-16 unit: word character or not, its fold (fast units only) and whether that is a word character; built on first use. */
let tables: { word: Uint8Array; fold: Uint16Array; wordFolded: Uint8Array } | null = null;
export function unitTables() {
  if (tables) return tables;
  const isWord = /[\p{L}\p{N}\p{M}_]/u;
  const word = new Uint8Array(0x10000);
  const fold = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) word[u] = isWord.test(String.fromCharCode(u)) ? 1 : 0;
  for (let u = 0; u < FAST_LIMIT; u++) {
    const folded = foldText(String.fromCharCode(u), false);
    if (u !== SHARP_S && folded.length !== 1) throw new Error(`keyword-scan: U+${u.toString(16)} folds to ${folded.length} units`);
    fold[u] = folded.charCodeAt(0);
  }
  tables = { word, fold, wordFolded: word.map((_, u) => word[fold[u]]) };
  return tables;
}

export interface Entry {
  /** What the automaton matches: the keyword folded (case-insensitive) or as it is (case-sensitive, verified on the raw units). */
  units: string;
  caseSensitive: boolean;
  before: boolean;
  after: boolean;
  /** JavaScript regex rules without Unicode case folding: every unit matched is ASCII, and word edges are ASCII \w. */
  js: boolean;
}

/** JavaScript's \w without the u and i flags together: [A-Za-z0-9_]. */
export const ASCII_WORD = new Uint8Array(0x10000);
for (let u = 0; u < 0x80; u++) ASCII_WORD[u] = /\w/.test(String.fromCharCode(u)) ? 1 : 0;

const HIT_CASE = 1;
const HIT_JS = 2;
const HIT_BEFORE = 4;
const HIT_AFTER = 8;

/**
 * Aho–Corasick automaton as a dense DFA over the units its keywords use (symbol 0: any other unit).
 * `delta` holds each next state as its row offset (state × width), negated (−1 − offset) where some
 * keyword ends there, so the scan loop does one lookup per unit and tests outputs only on a hit.
 */
export class Automaton {
  readonly symbol = new Uint16Array(0x10000);
  readonly delta: Int32Array;
  private readonly width: number;
  /** Indexed by a state's row offset: where its keyword ids start in outIds (they end where the next state's start, at offset + width). */
  private readonly outAt: Int32Array;
  private readonly outIds: Int32Array;
  readonly entries: Entry[];
  /** Per entry, in typed arrays so a hit reads no objects: length, flags (HIT_*), word table, and units at unitsAt[id] in units. */
  private readonly length: Int32Array;
  private readonly flags: Uint8Array;
  private readonly wordOf: Uint8Array[];
  private readonly unitsAt: Int32Array;
  private readonly units: Uint16Array;
  /** How far back of a unit a keyword test may look: the longest keyword and the unit before it. */
  private readonly rawBack: number;
  /** The ids found by the last scan, each once: the answer ORs their test bits instead of visiting every test. */
  readonly hits: Int32Array;
  hitCount = 0;

  constructor(entries: Entry[]) {
    this.entries = entries;
    this.hits = new Int32Array(entries.length);
    const { word, fold, wordFolded } = unitTables();
    const ofFolded = new Uint16Array(0x10000);
    let symbols = 1;
    // A case-sensitive keyword is found by its folded form and then compared unit by unit with the raw text.
    const folded = entries.map((e) => (e.caseSensitive ? Array.from(e.units, (c) => String.fromCharCode(c.charCodeAt(0) < FAST_LIMIT ? fold[c.charCodeAt(0)] : c.charCodeAt(0))).join('') : e.units));
    for (const units of folded) for (let i = 0; i < units.length; i++) if (ofFolded[units.charCodeAt(i)] === 0) ofFolded[units.charCodeAt(i)] = symbols++;
    // Units step the automaton by their folded form, so one pass serves both case modes.
    for (let u = 0; u < FAST_LIMIT; u++) this.symbol[u] = ofFolded[fold[u]];
    this.width = symbols;
    const trie: number[][] = [new Array(symbols).fill(-1)];
    const ends: number[][] = [[]];
    folded.forEach((units, id) => {
      let s = 0;
      for (let i = 0; i < units.length; i++) {
        const c = ofFolded[units.charCodeAt(i)];
        if (trie[s][c] < 0) {
          trie[s][c] = trie.length;
          trie.push(new Array(symbols).fill(-1));
          ends.push([]);
        }
        s = trie[s][c];
      }
      ends[s].push(id);
    });
    const fail = new Int32Array(trie.length);
    const next = new Int32Array(trie.length * symbols);
    const queue: number[] = [];
    for (let c = 0; c < symbols; c++) {
      const t = trie[0][c];
      next[c] = t < 0 ? 0 : t;
      if (t > 0) queue.push(t);
    }
    for (let q = 0; q < queue.length; q++) {
      const s = queue[q];
      ends[s].push(...ends[fail[s]]);
      for (let c = 0; c < symbols; c++) {
        const t = trie[s][c];
        if (t < 0) next[s * symbols + c] = next[fail[s] * symbols + c];
        else {
          fail[t] = next[fail[s] * symbols + c];
          next[s * symbols + c] = t;
          queue.push(t);
        }
      }
    }
    this.delta = next.map((t) => (ends[t].length > 0 ? -1 - t * symbols : t * symbols));
    this.outAt = new Int32Array(trie.length * symbols + 1);
    const ids: number[] = [];
    ends.forEach((list, s) => {
      this.outAt[s * symbols] = ids.length;
      ids.push(...list);
    });
    this.outAt[trie.length * symbols] = ids.length;
    this.outIds = Int32Array.from(ids);
    this.length = Int32Array.from(entries, (e) => e.units.length);
    this.flags = Uint8Array.from(entries, (e) => (e.caseSensitive ? HIT_CASE : 0) | (e.js ? HIT_JS : 0) | (e.before ? HIT_BEFORE : 0) | (e.after ? HIT_AFTER : 0));
    this.wordOf = entries.map((e) => (e.js ? ASCII_WORD : e.caseSensitive ? word : wordFolded));
    this.rawBack = entries.reduce((most, e) => Math.max(most, e.units.length), 0) + 1;
    this.unitsAt = new Int32Array(entries.length);
    this.units = new Uint16Array(entries.reduce((n, e) => n + e.units.length, 0));
    let at = 0;
    entries.forEach((e, id) => {
      this.unitsAt[id] = at;
      for (let j = 0; j < e.units.length; j++) this.units[at++] = e.units.charCodeAt(j);
    });
  }

  /**
   * Marks found[id] = stamp for each keyword ending at unit i of raw[lo, hi): case-sensitive ones only
   * where the raw units are the keyword's; word edges tested on the text the engine tests them on
   * (folded or raw). A keyword marked already is skipped: a mark is only ever made where it holds.
   */
  private hit(offset: number, i: number, raw: Uint8Array | Uint16Array, lo: number, hi: number, found: Int32Array, stamp: number): void {
    const { outIds, length, flags, units } = this;
    for (let o = this.outAt[offset], end = this.outAt[offset + this.width]; o < end; o++) {
      const id = outIds[o];
      if (found[id] === stamp) continue;
      const n = length[id];
      const start = i + 1 - n;
      const f = flags[id];
      if ((f & HIT_CASE) !== 0) {
        const at = this.unitsAt[id];
        let same = true;
        for (let j = 0; j < n && same; j++) same = raw[start + j] === units[at + j];
        if (!same) continue;
      } else if ((f & HIT_JS) !== 0) {
        let ascii = true;
        for (let j = 0; j < n && ascii; j++) ascii = raw[start + j] < 0x80;
        if (!ascii) continue;
      }
      const word = this.wordOf[id];
      if ((f & HIT_BEFORE) !== 0 && start > lo && word[raw[start - 1]] === 1) continue;
      if ((f & HIT_AFTER) !== 0 && i + 1 < hi && word[raw[i + 1]] === 1) continue;
      found[id] = stamp;
      this.hits[this.hitCount++] = id;
    }
  }

  /** Scans raw units that are all fast and no ß (so folded unit i is the fold of raw unit i). */
  scan(raw: Uint16Array, n: number, found: Int32Array, stamp: number): void {
    const { symbol, delta } = this;
    this.hitCount = 0;
    let s = 0;
    for (let i = 0; i < n; i++) {
      s = delta[s + symbol[raw[i]]];
      if (s < 0) {
        s = -1 - s;
        this.hit(s, i, raw, 0, n, found, stamp);
      }
    }
  }

  /** Where a keyword ends (state offset, unit), kept until the row's units are all known. */
  private pending = new Int32Array(512);

  /**
   * Goes on from byte `from` of bytes[start, end), where scanAscii stopped (state in `stopped`, its
   * marks kept), decoding each character into raw as it steps, so the rest of the row is read once.
   * Returns the row's length in units, or NOT_FAST (a character at or above U+0300, or bytes that are
   * not UTF-8) or SHARP (a ß): such rows take the app's own test. raw holds the row's units from
   * rawBack units before `from` on: no keyword test looks further back. Keywords found are tested
   * after the last unit, since a word edge looks one unit ahead; that includes one ending just before
   * `from`, which scanAscii had tested against the byte, not the character.
   */
  scanRest(bytes: Uint8Array, start: number, from: number, end: number, raw: Uint16Array, found: Int32Array, stamp: number): number {
    const { symbol, delta } = this;
    const head = from - start;
    for (let k = Math.max(0, head - this.rawBack); k < head; k++) raw[k] = bytes[start + k];
    if (this.pending.length < 2 * (end - start + 1)) this.pending = new Int32Array(4 * (end - start + 1));
    const pending = this.pending;
    let p = 0;
    let s = this.stopped;
    if (head > 0 && this.outAt[s] < this.outAt[s + this.width]) {
      pending[p++] = s;
      pending[p++] = head - 1;
    }
    let n = head;
    for (let i = from; i < end; i++) {
      let u = bytes[i];
      if (u >= 0x80) {
        const next = i + 1 < end ? bytes[i + 1] : 0;
        if (u < 0xc2 || u > 0xcb || (next & 0xc0) !== 0x80) return NOT_FAST;
        u = ((u & 0x1f) << 6) | (next & 0x3f);
        if (u === SHARP_S) return SHARP;
        i++;
      }
      raw[n] = u;
      s = delta[s + symbol[u]];
      if (s < 0) {
        s = -1 - s;
        pending[p++] = s;
        pending[p++] = n;
      }
      n++;
    }
    for (let q = 0; q < p; q += 2) this.hit(pending[q], pending[q + 1], raw, 0, n, found, stamp);
    return n;
  }

  /** The state scanAscii stopped in (see scanRest). */
  stopped = 0;

  /**
   * Scans UTF-8 bytes[start, end) as they are, which is right while they are ASCII (one byte, one
   * unit). Returns where it stopped: `end`, or the first byte that is not ASCII, with the state there
   * in `stopped`. The marks made before that byte hold for the row; a keyword ending just before it
   * was tested against the byte, not the character, so scanRest tests it again.
   */
  scanAscii(bytes: Uint8Array, start: number, end: number, found: Int32Array, stamp: number): number {
    const { symbol, delta } = this;
    this.hitCount = 0;
    let s = 0;
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b >= 0x80) {
        this.stopped = s;
        return i;
      }
      s = delta[s + symbol[b]];
      if (s < 0) {
        s = -1 - s;
        this.hit(s, i, bytes, start, end, found, stamp);
      }
    }
    return end;
  }
}
