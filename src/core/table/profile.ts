// A per-column profile for the Profile view and the CLI: missing and invalid counts (cells that do not
// fit the column's type, possible after an override), then by type: a histogram and summary numbers,
// top categories, the date range, or text length and vocabulary.
import { isMissing } from '../drift/columns';
import { quantileSorted } from '../fidelity/tails';
import { sortFloat64 } from '../stats/sort-float64';
import { parseBoolean, parseDatetime, type ColumnType } from './infer';
import { parseNumberCell } from './parse-number';

export const HISTOGRAM_BINS = 20;
export const TOP_CATEGORIES = 10;
export const TOP_TOKENS = 20;

export interface Histogram {
  /** HISTOGRAM_BINS + 1 equal-width edges from min to max; the last bin includes max. */
  edges: number[];
  counts: number[];
}

interface Base {
  name: string;
  type: ColumnType;
  rows: number;
  missing: number;
  /** Non-empty cells that do not parse as the column's type (counted apart from missing). */
  invalid: number;
}

export type ColumnProfile =
  | (Base & { type: 'numeric' | 'datetime'; histogram: null })
  | (Base & { type: 'numeric'; min: number; max: number; mean: number; std: number; quartiles: [number, number, number]; distinct: number; histogram: Histogram })
  | (Base & { type: 'datetime'; min: string; max: string; histogram: Histogram })
  | (Base & { type: 'boolean'; true: number; false: number })
  | (Base & { type: 'categorical'; distinct: number; top: { value: string; count: number }[]; other: number })
  | (Base & { type: 'text'; length: { min: number; mean: number; max: number }; words_mean: number; vocabulary: number; top_tokens: { token: string; count: number }[] });

export function histogram(sorted: Float64Array, bins = HISTOGRAM_BINS): Histogram {
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < sorted.length; i++) {
    const b = width > 0 ? Math.min(bins - 1, Math.floor((sorted[i] - min) / width)) : 0;
    counts[b]++;
  }
  return { edges: Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width)), counts };
}

function numbersOf(cells: readonly string[], parse: (cell: string) => number): { sorted: Float64Array; missing: number; invalid: number } {
  const out = new Float64Array(cells.length);
  let n = 0;
  let missing = 0;
  let invalid = 0;
  for (const cell of cells) {
    if (isMissing(cell)) missing++;
    else {
      const v = parse(cell);
      if (Number.isNaN(v)) invalid++;
      else out[n++] = v;
    }
  }
  return { sorted: sortFloat64(out.subarray(0, n)), missing, invalid };
}

const TOKEN = /[\p{L}\p{N}]+/gu;

/** `cell.trim()`, without the call for the usual cell that starts and ends on a printable ASCII character. */
export function trimmed(cell: string): string {
  const first = cell.charCodeAt(0);
  const last = cell.charCodeAt(cell.length - 1);
  return first > 32 && first < 127 && last > 32 && last < 127 ? cell : cell.trim();
}

/** Adds the letter/digit tokens of a lower-cased text to `vocabulary`; returns how many there were. */
export function countTokens(lower: string, vocabulary: Map<string, number>): number {
  // In ASCII the letters and digits are exactly a–z (after lower-casing) and 0–9: a plain scan finds
  // the regex's tokens without building a match array per token. Other texts take the regex.
  for (let i = 0; i < lower.length; i++) if (lower.charCodeAt(i) > 127) return countTokensRegex(lower, vocabulary);
  let words = 0;
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    const c = i < lower.length ? lower.charCodeAt(i) : 32;
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const token = lower.slice(start, i);
      vocabulary.set(token, (vocabulary.get(token) ?? 0) + 1);
      words++;
      start = -1;
    }
  }
  return words;
}

/** The definition the scan above follows, and what non-ASCII texts take. */
export function countTokensRegex(lower: string, vocabulary: Map<string, number>): number {
  let words = 0;
  for (const match of lower.matchAll(TOKEN)) {
    words++;
    vocabulary.set(match[0], (vocabulary.get(match[0]) ?? 0) + 1);
  }
  return words;
}

/** How a numeric or datetime column's cells become numbers (NaN: not one). */
export function cellParser(type: 'numeric' | 'datetime'): (cell: string) => number {
  return type === 'numeric' ? parseNumberCell : parseDatetime;
}

export function profileColumn(name: string, cells: readonly string[], type: ColumnType): ColumnProfile {
  const rows = cells.length;
  if (type === 'numeric' || type === 'datetime') {
    const { sorted, missing, invalid } = numbersOf(cells, cellParser(type));
    return profileNumbers(name, type, rows, sorted, missing, invalid);
  }
  return profileStrings(name, cells, type);
}

/**
 * A numeric or datetime column from its parsed values, sorted ascending: what a wide table's profile
 * keeps per cell (8 bytes) instead of the cell's string.
 */
export function profileNumbers(name: string, type: 'numeric' | 'datetime', rows: number, sorted: Float64Array, missing: number, invalid: number): ColumnProfile {
  const base = { name, rows, missing, invalid };
  if (sorted.length === 0) return { ...base, type, histogram: null };
  if (type === 'datetime') return { ...base, type, min: new Date(sorted[0]).toISOString(), max: new Date(sorted[sorted.length - 1]).toISOString(), histogram: histogram(sorted) };
  let sum = 0;
  let distinct = 1;
  for (let i = 0; i < sorted.length; i++) {
    sum += sorted[i];
    if (i > 0 && sorted[i] !== sorted[i - 1]) distinct++;
  }
  const mean = sum / sorted.length;
  let ss = 0;
  for (let i = 0; i < sorted.length; i++) ss += (sorted[i] - mean) ** 2;
  return {
    ...base,
    type,
    min: sorted[0],
    max: sorted[sorted.length - 1],
    mean,
    std: Math.sqrt(ss / sorted.length),
    quartiles: [quantileSorted(sorted, 0.25), quantileSorted(sorted, 0.5), quantileSorted(sorted, 0.75)],
    distinct,
    histogram: histogram(sorted),
  };
}

function profileStrings(name: string, cells: readonly string[], type: Exclude<ColumnType, 'numeric' | 'datetime'>): ColumnProfile {
  const rows = cells.length;
  if (type === 'boolean') {
    let t = 0;
    let f = 0;
    let missing = 0;
    let invalid = 0;
    for (const cell of cells) {
      if (isMissing(cell)) missing++;
      else {
        const b = parseBoolean(cell);
        if (b === null) invalid++;
        else if (b) t++;
        else f++;
      }
    }
    return { name, type, rows, missing, invalid, true: t, false: f };
  }
  if (type === 'categorical') {
    const counts = new Map<string, number>();
    let missing = 0;
    for (const cell of cells) {
      if (isMissing(cell)) missing++;
      else {
        const key = trimmed(cell);
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    const top = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_CATEGORIES);
    const shown = top.reduce((s, [, c]) => s + c, 0);
    return { name, type, rows, missing, invalid: 0, distinct: counts.size, top: top.map(([value, count]) => ({ value, count })), other: rows - missing - shown };
  }
  // Text: lengths in characters; words are letter/digit tokens, lower-cased, also the vocabulary
  let missing = 0;
  let minLen = Infinity;
  let maxLen = 0;
  let totalLen = 0;
  let words = 0;
  const vocabulary = new Map<string, number>();
  for (const cell of cells) {
    if (isMissing(cell)) {
      missing++;
      continue;
    }
    const len = cell.length;
    minLen = Math.min(minLen, len);
    maxLen = Math.max(maxLen, len);
    totalLen += len;
    words += countTokens(cell.toLowerCase(), vocabulary);
  }
  const present = rows - missing;
  const topTokens = [...vocabulary].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, TOP_TOKENS);
  return {
    name,
    type: 'text',
    rows,
    missing,
    invalid: 0,
    length: { min: present ? minLen : 0, mean: present ? totalLen / present : 0, max: maxLen },
    words_mean: present ? words / present : 0,
    vocabulary: vocabulary.size,
    top_tokens: topTokens.map(([token, count]) => ({ token, count })),
  };
}

export function profileTable(names: readonly string[], columns: readonly (readonly string[])[], types: Record<string, ColumnType>): ColumnProfile[] {
  return names.map((name, i) => profileColumn(name, columns[i], types[name]));
}
