// How drift and fidelity read a table's cells: an empty cell is missing, and a column is numeric when
// every non-empty cell parses as a number; anything else is categorical, compared by its text.

/** Decimal or scientific notation, optional sign, surrounding blanks allowed ("1", "-2.5", ".5", "1e-3"). */
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Empty or blank. Checks the first character before trimming: almost every cell answers there. */
export function isMissing(cell: string): boolean {
  if (cell.length === 0) return true;
  const first = cell.charCodeAt(0);
  if (first > 32 && first < 127) return false;
  return cell.trim() === '';
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isBlank = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * Whether the cell is a number in decimal or scientific notation. A hand-written scan of the same grammar
 * as NUMBER (it runs on every cell of every column); cells with non-ASCII characters go to the regex, so
 * Unicode blanks around a number count the same way in both.
 */
export function parsesAsNumber(cell: string): boolean {
  let i = 0;
  let end = cell.length;
  while (i < end && isBlank(cell.charCodeAt(i))) i++;
  while (end > i && isBlank(cell.charCodeAt(end - 1))) end--;
  if (i < end && cell.charCodeAt(i) > 127) return NUMBER.test(cell);
  if (end > i && cell.charCodeAt(end - 1) > 127) return NUMBER.test(cell);
  const sign = cell.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  let digits = 0;
  while (i < end && isDigit(cell.charCodeAt(i))) (i++, digits++);
  if (i < end && cell.charCodeAt(i) === 46) {
    i++;
    while (i < end && isDigit(cell.charCodeAt(i))) (i++, digits++);
  }
  if (digits === 0) return false;
  if (i < end && (cell.charCodeAt(i) === 101 || cell.charCodeAt(i) === 69)) {
    i++;
    if (i < end && (cell.charCodeAt(i) === 43 || cell.charCodeAt(i) === 45)) i++;
    let exponent = 0;
    while (i < end && isDigit(cell.charCodeAt(i))) (i++, exponent++);
    if (exponent === 0) return false;
  }
  return i === end;
}

/** The regex form of the rule, kept as the definition the scanner is tested against. */
export const parsesAsNumberRegex = (cell: string) => NUMBER.test(cell);

/** A table as named string columns (the CSV reader's output, one array per column). */
export interface StringTable {
  names: string[];
  columns: string[][];
}

export type ColumnKind = 'numeric' | 'categorical' | 'empty';

export function columnKind(cells: readonly string[]): ColumnKind {
  let present = 0;
  let numeric = true;
  for (const cell of cells) {
    if (isMissing(cell)) continue;
    present++;
    if (numeric && !parsesAsNumber(cell)) numeric = false;
  }
  if (present === 0) return 'empty';
  return numeric ? 'numeric' : 'categorical';
}

/** The non-missing values of a numeric column, sorted ascending (every KS/Wasserstein step needs them sorted). */
export function sortedNumbers(cells: readonly string[]): Float64Array {
  let n = 0;
  const out = new Float64Array(cells.length);
  for (const cell of cells) if (!isMissing(cell)) out[n++] = Number(cell);
  return out.subarray(0, n).sort();
}

/** The non-missing cells of a categorical column, trimmed. */
export function presentTexts(cells: readonly string[]): string[] {
  const out: string[] = [];
  for (const cell of cells) if (!isMissing(cell)) out.push(cell.trim());
  return out;
}

export function columnsOf(names: string[], rows: string[][]): StringTable {
  const columns = names.map(() => new Array<string>(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < names.length; c++) columns[c][r] = row[c] ?? '';
  }
  return { names, columns };
}
