// Class-conditional synthetic rows by interpolation between same-class neighbours (SMOTE, Chawla et
// al. 2002): a seed row of the class is drawn, one of its k nearest same-class rows (Euclidean distance
// on numeric columns standardised over the class) is drawn, and the new row lies at a uniform random
// point of the segment between them. Categorical cells are copied from whichever of the two rows the
// point is nearer (SMOTE-NC would vote among neighbours; with one partner this is the same rule).
// Every row is marked with where it came from, and weights keep each class at its real frequency.
import { columnKind, isMissing, type StringTable } from '../drift/columns';
import { SiftError } from '../errors';
import { mulberry32 } from '../random';

export interface SmoteOptions {
  /** Name of the class column. */
  label: string;
  /** How many synthetic rows to make per class (classes not listed get none). */
  counts: Record<string, number>;
  k?: number;
  seed?: number;
}

export interface SyntheticRow {
  id: string;
  className: string;
  /** Row indices (in the real table) of the seed row and its neighbour, and where between them. */
  from: [number, number];
  gap: number;
}

export interface SmoteResult {
  /** The synthetic rows, with the real table's columns (an `id` column gets "syn-N"). */
  table: StringTable;
  rows: SyntheticRow[];
  /**
   * Per class, the weight every row of the class (real and synthetic) should carry in training so the
   * class keeps its real total: n_real / (n_real + n_synthetic).
   */
  weights: Record<string, number>;
}

/** Decimals enough to round-trip any interpolated double through a CSV. */
const format = (v: number) => String(Number(v.toPrecision(12)));

export function smote(table: StringTable, options: SmoteOptions): SmoteResult {
  const k = options.k ?? 5;
  const random = mulberry32(options.seed ?? 1);
  const labelIndex = table.names.indexOf(options.label);
  if (labelIndex < 0) throw new SiftError('smote/label', `No column "${options.label}" to take the classes from; columns: ${table.names.join(', ')}.`);
  const rowCount = table.columns[0]?.length ?? 0;
  const featureIndices = table.names.map((_, i) => i).filter((i) => i !== labelIndex && table.names[i] !== 'id');
  const numeric = featureIndices.filter((i) => columnKind(table.columns[i]) === 'numeric');
  const values = numeric.map((i) => Float64Array.from(table.columns[i], (c) => (isMissing(c) ? NaN : Number(c))));
  const byClass = new Map<string, number[]>();
  for (let r = 0; r < rowCount; r++) {
    const cls = table.columns[labelIndex][r].trim();
    if (cls === '') continue;
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls)!.push(r);
  }
  const out = table.names.map(() => [] as string[]);
  const rows: SyntheticRow[] = [];
  const weights: Record<string, number> = {};
  for (const [cls, count] of Object.entries(options.counts)) {
    const members = byClass.get(cls);
    if (!members) throw new SiftError('smote/class', `Class "${cls}" has no rows in column "${options.label}".`);
    if (members.length < 2) throw new SiftError('smote/class', `Class "${cls}" has ${members.length} row; interpolation needs at least two.`);
    if (!Number.isInteger(count) || count < 0) throw new SiftError('smote/count', `The count for class "${cls}" must be a whole number ≥ 0; got ${count}.`);
    weights[cls] = members.length / (members.length + count);
    // Standardise over the class so no column dominates the distance by its unit; missing → the mean (0).
    const scaled = values.map((col) => {
      let sum = 0;
      let n = 0;
      for (const r of members) if (!Number.isNaN(col[r])) (sum += col[r], n++);
      const mean = n ? sum / n : 0;
      let ss = 0;
      for (const r of members) if (!Number.isNaN(col[r])) ss += (col[r] - mean) ** 2;
      const std = n ? Math.sqrt(ss / n) : 0;
      return (r: number) => (Number.isNaN(col[r]) || std === 0 ? 0 : (col[r] - mean) / std);
    });
    const neighbours = new Map<number, number[]>();
    const nearest = (seed: number) => {
      let list = neighbours.get(seed);
      if (list) return list;
      const distances = members
        .filter((r) => r !== seed)
        .map((r) => {
          let d = 0;
          for (const s of scaled) d += (s(r) - s(seed)) ** 2;
          return [d, r] as const;
        })
        .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      list = distances.slice(0, k).map(([, r]) => r);
      neighbours.set(seed, list);
      return list;
    };
    for (let s = 0; s < count; s++) {
      const seed = members[Math.floor(random() * members.length)];
      const list = nearest(seed);
      const partner = list[Math.floor(random() * list.length)];
      const gap = random();
      const id = `syn-${rows.length + 1}`;
      rows.push({ id, className: cls, from: [seed, partner], gap });
      table.names.forEach((name, c) => {
        const a = table.columns[c][seed];
        const b = table.columns[c][partner];
        let cell: string;
        if (name === 'id') cell = id;
        else if (c === labelIndex) cell = cls;
        else if (numeric.includes(c)) {
          const va = isMissing(a) ? NaN : Number(a);
          const vb = isMissing(b) ? NaN : Number(b);
          // A value missing on one side is taken from the other; missing on both stays missing.
          cell = Number.isNaN(va) && Number.isNaN(vb) ? '' : Number.isNaN(va) ? b : Number.isNaN(vb) ? a : format(va + gap * (vb - va));
        } else cell = gap < 0.5 ? a : b;
        out[c].push(cell);
      });
    }
  }
  return { table: { names: [...table.names], columns: out }, rows, weights };
}

/** Counts that bring every class up to the largest class's size (the usual SMOTE target). */
export function balancingCounts(table: StringTable, label: string): Record<string, number> {
  const index = table.names.indexOf(label);
  if (index < 0) throw new SiftError('smote/label', `No column "${label}" to take the classes from.`);
  const sizes = new Map<string, number>();
  for (const cell of table.columns[index]) if (!isMissing(cell)) sizes.set(cell.trim(), (sizes.get(cell.trim()) ?? 0) + 1);
  const largest = Math.max(...sizes.values());
  return Object.fromEntries([...sizes].map(([cls, n]) => [cls, largest - n]));
}
