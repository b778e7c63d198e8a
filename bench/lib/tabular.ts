// A seeded 30-column table for the profile bench: 22 numeric columns (normal, log-normal, uniform,
// counts, and two with five values), five categorical (3 to 200 values, Zipf-like, plus a 4-class label),
// a yes/no column, a date column and a short-text column. Rows in the second half of the table shift a
// few columns, so drift between the halves has something to find.
import { mulberry32 } from '../../src/core/random';

export type Kind = 'numeric' | 'categorical' | 'boolean' | 'datetime' | 'text';

export interface ColumnSpec {
  name: string;
  kind: Kind;
  /** The value of row `row` of `rows` (numbers for numeric columns, text otherwise). */
  value: (random: () => number, row: number, rows: number) => number | string;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function zipf(random: () => number, k: number): number {
  // Inverse-CDF on weights 1/(i+1): a long tail of rare values.
  const u = random() * Math.log(k + 1);
  return Math.min(k - 1, Math.floor(Math.exp(u)) - 1);
}

const DAY = 86_400_000;
const START = Date.UTC(2020, 0, 1);

export const TABLE_COLUMNS: ColumnSpec[] = [
  ...Array.from({ length: 10 }, (_, i): ColumnSpec => ({
    name: `normal_${i}`,
    kind: 'numeric',
    value: (r, row, rows) => Math.round((i + (1 + i / 10) * gaussian(r) + (i < 3 && row >= rows / 2 ? 0.2 : 0)) * 1000) / 1000,
  })),
  ...Array.from({ length: 5 }, (_, i): ColumnSpec => ({ name: `lognormal_${i}`, kind: 'numeric', value: (r) => Math.round(Math.exp(gaussian(r) * (0.5 + i / 5)) * 1000) / 1000 })),
  ...Array.from({ length: 3 }, (_, i): ColumnSpec => ({ name: `uniform_${i}`, kind: 'numeric', value: (r) => Math.round(r() * 100 * 1000) / 1000 })),
  ...Array.from({ length: 2 }, (_, i): ColumnSpec => ({ name: `count_${i}`, kind: 'numeric', value: (r) => Math.floor(Math.exp(r() * (4 + i))) })),
  ...Array.from({ length: 2 }, (_, i): ColumnSpec => ({ name: `level_${i}`, kind: 'numeric', value: (r, row, rows) => Math.min(4, Math.floor(r() * (i === 0 && row >= rows / 2 ? 4.5 : 5))) })),
  ...[3, 12, 50, 200].map((k): ColumnSpec => ({ name: `category_${k}`, kind: 'categorical', value: (r) => `c${zipf(r, k)}` })),
  { name: 'label', kind: 'categorical', value: (r) => ['excellent', 'good', 'fair', 'poor'][zipf(r, 4)] },
  { name: 'flag', kind: 'boolean', value: (r, row, rows) => (r() < (row >= rows / 2 ? 0.35 : 0.3) ? 'yes' : 'no') },
  { name: 'date', kind: 'datetime', value: (r) => new Date(START + Math.floor(r() * 1826) * DAY).toISOString().slice(0, 10) },
  { name: 'note', kind: 'text', value: (r) => Array.from({ length: 3 + Math.floor(r() * 6) }, () => `w${zipf(r, 500)}`).join(' ') },
];

/** One column's values, seeded by column and table so columns can be generated one at a time. */
export function generateColumn(spec: ColumnSpec, index: number, rows: number, seed: number): Float64Array | string[] {
  const random = mulberry32(seed * 1000 + index);
  if (spec.kind === 'numeric') return Float64Array.from({ length: rows }, (_, row) => spec.value(random, row, rows) as number);
  return Array.from({ length: rows }, (_, row) => spec.value(random, row, rows) as string);
}

/** Bytes the column would take stored as the app stores it: 8 per number, UTF-8 text plus a 4-byte offset per cell. */
export function columnBytes(values: Float64Array | string[]): number {
  if (values instanceof Float64Array) return values.byteLength;
  let bytes = 0;
  for (const v of values) bytes += Buffer.byteLength(v) + 4;
  return bytes;
}
