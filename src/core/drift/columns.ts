// How drift and fidelity read a table's cells: an empty cell is missing, and a column is numeric when
// every non-empty cell parses as a number; anything else is categorical, compared by its text.

/** Decimal or scientific notation, optional sign, surrounding blanks allowed ("1", "-2.5", ".5", "1e-3"). */
const NUMBER = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export const isMissing = (cell: string) => cell.trim() === '';
export const parsesAsNumber = (cell: string) => NUMBER.test(cell);

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
