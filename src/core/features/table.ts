// Student inputs for table rows, one block of slots per column, fitted on the training rows only (so
// dev and canary rows never shape the scaling or the category list):
//   numeric, datetime – one slot, (v − mean) / std with the model cards' 'table' convention (std 0 → 1);
//                       a missing or unreadable cell is the mean (0);
//   boolean           – one slot, 1 for true, 0 for false or missing;
//   categorical       – one-hot over the topK most frequent training categories, plus one "other" slot
//                       for the rest, unseen and missing values;
//   text              – hashed n-grams (the text featurizer) into textDim slots of its own.
// Rows come out sparse (CSR): one-hot and hashed blocks are mostly zeros.
import { SiftError } from '../errors';
import { isMissing, parsesAsNumber } from '../drift/columns';
import { parseBoolean, parseDatetime, type ColumnType } from '../table/infer';
import { TextHasher } from './text-hash';
import type { SparseFeatures } from '../student/features';

export interface TableFeatureOptions {
  topK: number;
  textDim: number;
}

export const DEFAULT_TABLE_FEATURES: TableFeatureOptions = { topK: 20, textDim: 1 << 12 };

export type ColumnEncoding =
  | { name: string; type: 'numeric' | 'datetime'; offset: number; mean: number; std: number }
  | { name: string; type: 'boolean'; offset: number }
  | { name: string; type: 'categorical'; offset: number; categories: string[] }
  | { name: string; type: 'text'; offset: number; dim: number };

export interface TableEncoding {
  columns: ColumnEncoding[];
  width: number;
}

function numberOf(type: 'numeric' | 'datetime', cell: string): number {
  if (isMissing(cell)) return NaN;
  return type === 'numeric' ? (parsesAsNumber(cell) ? Number(cell) : NaN) : parseDatetime(cell);
}

export function fitTableEncoding(names: readonly string[], columns: readonly (readonly string[])[], types: Record<string, ColumnType>, isTrain: (row: number) => boolean, options: TableFeatureOptions = DEFAULT_TABLE_FEATURES): TableEncoding {
  if (names.length === 0) throw new SiftError('student/table-features', 'This table has no columns to learn from.');
  const out: ColumnEncoding[] = [];
  let offset = 0;
  names.forEach((name, c) => {
    const type = types[name];
    if (!type) throw new SiftError('student/table-features', `The column "${name}" has no type.`, { column: name });
    const cells = columns[c];
    if (type === 'numeric' || type === 'datetime') {
      let n = 0;
      let sum = 0;
      for (let r = 0; r < cells.length; r++) {
        if (!isTrain(r)) continue;
        const v = numberOf(type, cells[r]);
        if (Number.isFinite(v)) {
          n++;
          sum += v;
        }
      }
      const mean = n ? sum / n : 0;
      let ss = 0;
      for (let r = 0; r < cells.length; r++) {
        if (!isTrain(r)) continue;
        const v = numberOf(type, cells[r]);
        if (Number.isFinite(v)) ss += (v - mean) ** 2;
      }
      const std = n ? Math.sqrt(ss / n) : 0;
      out.push({ name, type, offset, mean, std: std > 0 ? std : 1 });
      offset += 1;
    } else if (type === 'boolean') {
      out.push({ name, type, offset });
      offset += 1;
    } else if (type === 'categorical') {
      const counts = new Map<string, number>();
      for (let r = 0; r < cells.length; r++) {
        if (!isTrain(r) || isMissing(cells[r])) continue;
        const key = cells[r].trim();
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      const categories = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, options.topK).map(([value]) => value);
      out.push({ name, type, offset, categories });
      offset += categories.length + 1;
    } else {
      out.push({ name, type, offset, dim: options.textDim });
      offset += options.textDim;
    }
  });
  return { columns: out, width: offset };
}

/** Every row encoded with a fitted encoding (columns in the encoding's order). */
export function encodeTable(encoding: TableEncoding, columns: readonly (readonly string[])[], n: number): SparseFeatures {
  const lookups = encoding.columns.map((e) => (e.type === 'categorical' ? new Map(e.categories.map((v, i) => [v, i])) : null));
  const hashers = new Map<number, TextHasher>();
  const rowStart = new Uint32Array(n + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < n; r++) {
    encoding.columns.forEach((e, c) => {
      const cell = columns[c][r] ?? '';
      if (e.type === 'numeric' || e.type === 'datetime') {
        const v = numberOf(e.type, cell);
        const z = Number.isFinite(v) ? (v - e.mean) / e.std : 0;
        if (z !== 0) {
          indices.push(e.offset);
          values.push(z);
        }
      } else if (e.type === 'boolean') {
        if (!isMissing(cell) && parseBoolean(cell) === true) {
          indices.push(e.offset);
          values.push(1);
        }
      } else if (e.type === 'categorical') {
        const k = isMissing(cell) ? undefined : lookups[c]!.get(cell.trim());
        indices.push(e.offset + (k ?? e.categories.length));
        values.push(1);
      } else if (e.type === 'text' && !isMissing(cell)) {
        let hasher = hashers.get(e.dim);
        if (!hasher) hashers.set(e.dim, (hasher = new TextHasher({ dim: e.dim })));
        const sparse = hasher.featurizeSparse(cell);
        for (let i = 0; i < sparse.indices.length; i++) {
          indices.push(e.offset + sparse.indices[i]);
          values.push(sparse.values[i]);
        }
      }
    });
    rowStart[r + 1] = indices.length;
  }
  return { kind: 'sparse', n, shape: [encoding.width], rowStart, indices: Int32Array.from(indices), values: Float32Array.from(values) };
}
