// Column type inference for imported tables. Every non-empty cell must fit a type for the column to get
// it; the checks run from the narrowest type to the widest:
//   boolean  – only true/false, yes/no, t/f or y/n (any case); 0/1 stays numeric;
//   numeric  – every cell parses as a number (the drift and fidelity rule);
//   datetime – every cell is an ISO-style date or date-time (2024-03-01, 2024/03/01, 2024-03-01T10:00Z);
//   text     – free text: on average ≥ 3 words per cell, or long (≥ 30 characters) and mostly distinct;
//   categorical – everything else.
// A user's override wins; cells that do not fit it are counted as invalid in the profile.
import { isMissing, parsesAsNumber } from '../drift/columns';

export type ColumnType = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';
export const columnTypes: readonly ColumnType[] = ['numeric', 'categorical', 'boolean', 'datetime', 'text'];

const BOOLEAN_PAIRS = [['true', 'false'], ['yes', 'no'], ['t', 'f'], ['y', 'n']];
const TRUE_WORDS = new Set(BOOLEAN_PAIRS.map((p) => p[0]));
const FALSE_WORDS = new Set(BOOLEAN_PAIRS.map((p) => p[1]));
const DATETIME = /^\s*\d{4}[-/]\d{2}[-/]\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?\s*$/;

/** true / false for a boolean cell, null when the cell is not one. */
export function parseBoolean(cell: string): boolean | null {
  const v = cell.trim().toLowerCase();
  return TRUE_WORDS.has(v) ? true : FALSE_WORDS.has(v) ? false : null;
}

const digitAt = (cell: string, i: number) => cell.charCodeAt(i) - 48;
const isDigits = (cell: string, from: number, to: number) => {
  for (let i = from; i < to; i++) if (!(digitAt(cell, i) >= 0 && digitAt(cell, i) <= 9)) return false;
  return true;
};
const isDateSeparator = (c: number) => c === 45 || c === 47;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
/** Days in a month (1–12) of the proleptic Gregorian calendar, as Date counts them. */
export const daysIn = (year: number, month: number) => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : MONTH_DAYS[month - 1]);

/**
 * A bare "YYYY-MM-DD" (or with slashes) as Date.UTC computes it, NaN where the general parse must
 * decide: days past the month's last (V8's Date.parse rolls 02-30 over into March, other engines
 * give NaN), years before 100 (Date.UTC reads 0–99 as 1900–1999), months outside 1–12.
 */
function plainDate(cell: string): number {
  if (cell.length !== 10 || !isDateSeparator(cell.charCodeAt(4)) || !isDateSeparator(cell.charCodeAt(7))) return NaN;
  if (!isDigits(cell, 0, 4) || !isDigits(cell, 5, 7) || !isDigits(cell, 8, 10)) return NaN;
  const year = digitAt(cell, 0) * 1000 + digitAt(cell, 1) * 100 + digitAt(cell, 2) * 10 + digitAt(cell, 3);
  const month = digitAt(cell, 5) * 10 + digitAt(cell, 6);
  const day = digitAt(cell, 8) * 10 + digitAt(cell, 9);
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return NaN;
  return Date.UTC(year, month - 1, day);
}

/** Milliseconds since the epoch (UTC when no zone is given), NaN when the cell is not a date. */
export function parseDatetime(cell: string): number {
  // Most date columns hold bare dates: those skip the regex and the string rewriting below.
  const plain = plainDate(cell);
  if (!Number.isNaN(plain)) return plain;
  return parseDatetimeSlow(cell);
}

/** The general rule (exported for the tests of the fast path above). */
export function parseDatetimeSlow(cell: string): number {
  if (!DATETIME.test(cell)) return NaN;
  let text = cell.trim().replace(/\//g, '-').replace(' ', 'T');
  if (text.length === 10) text += 'T00:00:00Z';
  else if (!/(Z|[+-]\d{2}:?\d{2})$/.test(text)) text += 'Z';
  return Date.parse(text);
}

export function wordCount(text: string): number {
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const space = text.charCodeAt(i) <= 32;
    if (!space && !inWord) words++;
    inWord = !space;
  }
  return words;
}

/** Longer cells are never booleans, numbers or dates, and their first this-many characters show whether they are prose. */
const LONG_CELL = 1000;

export function inferColumnType(cells: readonly string[]): ColumnType {
  let present = 0;
  let boolean = true;
  let numeric = true;
  let datetime = true;
  for (const cell of cells) {
    if (isMissing(cell)) continue;
    present++;
    // Parsing a megabyte cell as a number or date would only cost time: it is neither.
    if (cell.length > LONG_CELL) {
      boolean = numeric = datetime = false;
      continue;
    }
    if (boolean && parseBoolean(cell) === null) boolean = false;
    if (numeric && !parsesAsNumber(cell)) numeric = false;
    if (datetime && Number.isNaN(parseDatetime(cell))) datetime = false;
  }
  if (present === 0) return 'categorical';
  if (boolean) return 'boolean';
  if (numeric) return 'numeric';
  if (datetime) return 'datetime';
  let words = 0;
  let chars = 0;
  for (const cell of cells) {
    if (isMissing(cell)) continue;
    words += wordCount(cell.length > LONG_CELL ? cell.slice(0, LONG_CELL) : cell);
    chars += cell.length;
  }
  if (words / present >= 3) return 'text';
  if (chars / present < 30) return 'categorical';
  // Long cells: text when most are distinct (labels and codes repeat, free text does not).
  const distinct = new Set<string>();
  for (const cell of cells) if (!isMissing(cell)) distinct.add(cell.trim());
  return distinct.size > present / 2 ? 'text' : 'categorical';
}

/** Inferred types by column name, with the user's overrides applied. */
export function inferTypes(names: readonly string[], columns: readonly (readonly string[])[], overrides: Partial<Record<string, ColumnType>> = {}): Record<string, ColumnType> {
  const out: Record<string, ColumnType> = {};
  names.forEach((name, i) => (out[name] = overrides[name] ?? inferColumnType(columns[i])));
  return out;
}
