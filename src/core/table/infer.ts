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

/** Milliseconds since the epoch (UTC when no zone is given), NaN when the cell is not a date. */
export function parseDatetime(cell: string): number {
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
