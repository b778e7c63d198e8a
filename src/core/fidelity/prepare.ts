// Both tables' columns typed once, with the drift rule (numeric when every non-empty cell parses), and
// stored in the forms every fidelity metric reads: numbers in row order (NaN = missing) with the extent
// of their present values, or category codes over one dictionary shared by both tables (−1 = missing).
// Sorted copies (for KS and quantiles) are made one column at a time by the report and not kept: kept
// for every column they would add as many bytes as the numeric columns themselves.
import { columnKind, isMissing, type StringTable } from '../drift/columns';

export type FidelityProblem = 'only-in-real' | 'only-in-synthetic' | 'all-missing' | 'type-mismatch';

/** The smallest and largest present value, as a sort orders them (−0 before +0); NaN when none is present. */
export interface Extent {
  min: number;
  max: number;
  present: number;
}

export interface NumericPair {
  kind: 'numeric';
  name: string;
  real: Float64Array;
  synthetic: Float64Array;
  realExtent: Extent;
  syntheticExtent: Extent;
}

/** A numeric column's present values, sorted, in both tables. */
export interface SortedPair {
  real: Float64Array;
  synthetic: Float64Array;
}

export interface CategoricalPair {
  kind: 'categorical';
  name: string;
  categories: string[];
  real: Int32Array;
  synthetic: Int32Array;
}

export type ColumnPair = NumericPair | CategoricalPair;

export interface PreparedTables {
  columns: ColumnPair[];
  realRows: number;
  syntheticRows: number;
  skipped: { column: string; problem: FidelityProblem; message: string }[];
}

function numbers(cells: readonly string[]): Float64Array {
  const out = new Float64Array(cells.length);
  for (let i = 0; i < cells.length; i++) out[i] = isMissing(cells[i]) ? NaN : Number(cells[i]);
  return out;
}

/** The present values, sorted; written into the front of `into` when it is long enough (no new array). */
export function sortedPresent(values: Float64Array, into?: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = into && into.length >= n ? into.subarray(0, n) : new Float64Array(n);
  for (let i = 0, t = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[t++] = values[i];
  return out.sort();
}

export function extentOf(values: Float64Array): Extent {
  let present = 0;
  let min = NaN;
  let max = NaN;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    if (present++ === 0) min = max = v;
    if (v < min || (v === min && Object.is(v, -0))) min = v;
    if (v > max || (v === max && Object.is(max, -0))) max = v;
  }
  return { min, max, present };
}

export function numericPair(name: string, real: Float64Array, synthetic: Float64Array): NumericPair {
  return { kind: 'numeric', name, real, synthetic, realExtent: extentOf(real), syntheticExtent: extentOf(synthetic) };
}

/** `reuse`: arrays to sort into (a report sorts every numeric column into the same two). */
export const sortedPair = (column: NumericPair, reuse?: SortedPair): SortedPair => ({ real: sortedPresent(column.real, reuse?.real), synthetic: sortedPresent(column.synthetic, reuse?.synthetic) });

export function categoricalPair(name: string, real: readonly string[], synthetic: readonly string[]): CategoricalPair {
  const index = new Map<string, number>();
  const encode = (cells: readonly string[]) => {
    const codes = new Int32Array(cells.length);
    for (let i = 0; i < cells.length; i++) {
      if (isMissing(cells[i])) {
        codes[i] = -1;
        continue;
      }
      const key = cells[i].trim();
      let code = index.get(key);
      if (code === undefined) index.set(key, (code = index.size));
      codes[i] = code;
    }
    return codes;
  };
  const r = encode(real);
  const s = encode(synthetic);
  return { kind: 'categorical', name, categories: [...index.keys()], real: r, synthetic: s };
}

/** Types and encodes the columns both tables share (`id` is ignored); the rest are listed with why. */
export function prepareTables(real: StringTable, synthetic: StringTable): PreparedTables {
  const columns: ColumnPair[] = [];
  const skipped: PreparedTables['skipped'] = [];
  const syntheticIndex = new Map(synthetic.names.map((n, i) => [n, i]));
  const realNames = new Set(real.names);
  for (let c = 0; c < real.names.length; c++) {
    const name = real.names[c];
    if (name === 'id') continue;
    const si = syntheticIndex.get(name);
    if (si === undefined) {
      skipped.push({ column: name, problem: 'only-in-real', message: `Column "${name}" is in the real table only.` });
      continue;
    }
    const rk = columnKind(real.columns[c]);
    const sk = columnKind(synthetic.columns[si]);
    if (rk === 'empty' || sk === 'empty') {
      const where = rk === sk ? 'both tables' : rk === 'empty' ? 'the real table' : 'the synthetic table';
      skipped.push({ column: name, problem: 'all-missing', message: `Column "${name}" has no values in ${where}.` });
      continue;
    }
    if (rk !== sk) {
      skipped.push({ column: name, problem: 'type-mismatch', message: `Column "${name}" is ${rk} in the real table but ${sk} in the synthetic table.` });
      continue;
    }
    columns.push(rk === 'numeric' ? numericPair(name, numbers(real.columns[c]), numbers(synthetic.columns[si])) : categoricalPair(name, real.columns[c], synthetic.columns[si]));
  }
  for (const name of synthetic.names) {
    if (name !== 'id' && !realNames.has(name)) skipped.push({ column: name, problem: 'only-in-synthetic', message: `Column "${name}" is in the synthetic table only.` });
  }
  const rows = (t: StringTable) => t.columns[0]?.length ?? 0;
  return { columns, realRows: rows(real), syntheticRows: rows(synthetic), skipped };
}
