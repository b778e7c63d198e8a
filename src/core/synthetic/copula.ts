// Class-conditional synthetic rows from a Gaussian copula fitted per class (the model of SDV's
// GaussianCopulaSynthesizer, with empirical marginals). Each column becomes uniform through its own
// empirical distribution: numbers by their mid-rank, categories by the middle of the slice of [0, 1]
// their frequency takes (most frequent first). The uniforms become normal scores, whose correlation
// matrix is the copula. Sampling draws correlated normals and maps each back through its column's
// inverse: numbers by interpolating between the class's sorted values, categories by the slice the
// uniform falls in. Missing cells are drawn at the column's missing rate, independently.
import { columnKind, isMissing, type StringTable } from '../drift/columns';
import { SiftError } from '../errors';
import { mulberry32 } from '../random';
import { normalCdf, normalQuantile } from '../stats/normal';

export interface CopulaOptions {
  label: string;
  counts: Record<string, number>;
  seed?: number;
}

export interface CopulaResult {
  table: StringTable;
  weights: Record<string, number>;
}

interface Marginal {
  /** Uniform for row r of the class (NaN when missing). */
  toUniform: (cell: string) => number;
  fromUniform: (u: number) => string;
  missingRate: number;
}

const format = (v: number) => String(Number(v.toPrecision(12)));

function numericMarginal(cells: string[]): Marginal {
  const present = cells.filter((c) => !isMissing(c)).map(Number);
  const sorted = Float64Array.from(present).sort();
  const n = sorted.length;
  const rankOf = (v: number) => {
    // Mid-rank of v among the sorted values, over n + 1 so the uniform stays inside (0, 1).
    let lo = 0;
    let hi = n;
    while (lo < hi) (sorted[(lo + hi) >> 1] < v ? (lo = ((lo + hi) >> 1) + 1) : (hi = (lo + hi) >> 1));
    let end = lo;
    while (end < n && sorted[end] === v) end++;
    return ((lo + end + 1) / 2) / (n + 1);
  };
  return {
    toUniform: (cell) => (isMissing(cell) ? NaN : rankOf(Number(cell))),
    fromUniform: (u) => {
      if (n === 1) return format(sorted[0]);
      const h = Math.min(Math.max(u * (n + 1) - 1, 0), n - 1);
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, n - 1);
      return format(sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]));
    },
    missingRate: (cells.length - n) / cells.length,
  };
}

function categoricalMarginal(cells: string[]): Marginal {
  const counts = new Map<string, number>();
  let n = 0;
  for (const c of cells) if (!isMissing(c)) (counts.set(c.trim(), (counts.get(c.trim()) ?? 0) + 1), n++);
  const order = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const lower = new Map<string, number>();
  const bounds: number[] = [];
  let at = 0;
  for (const [value, count] of order) {
    lower.set(value, at);
    at += count / n;
    bounds.push(at);
  }
  return {
    toUniform: (cell) => (isMissing(cell) ? NaN : lower.get(cell.trim())! + counts.get(cell.trim())! / n / 2),
    fromUniform: (u) => {
      let i = 0;
      while (i < bounds.length - 1 && u >= bounds[i]) i++;
      return order[i][0];
    },
    missingRate: (cells.length - n) / cells.length,
  };
}

/** Lower-triangular L with L·Lᵀ = a (a small ridge keeps near-singular correlations usable). */
export function cholesky(a: number[][]): number[][] {
  const d = a.length;
  const l = a.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / l[j][j];
    }
  }
  return l;
}

export function gaussianCopula(table: StringTable, options: CopulaOptions): CopulaResult {
  const random = mulberry32(options.seed ?? 1);
  const gaussian = () => {
    // Box–Muller on the seeded uniform stream.
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const labelIndex = table.names.indexOf(options.label);
  if (labelIndex < 0) throw new SiftError('copula/label', `No column "${options.label}" to take the classes from; columns: ${table.names.join(', ')}.`);
  const rowCount = table.columns[0]?.length ?? 0;
  const features = table.names.map((_, i) => i).filter((i) => i !== labelIndex && table.names[i] !== 'id');
  const out = table.names.map(() => [] as string[]);
  const weights: Record<string, number> = {};
  let made = 0;
  for (const [cls, count] of Object.entries(options.counts)) {
    if (!Number.isInteger(count) || count < 0) throw new SiftError('copula/count', `The count for class "${cls}" must be a whole number ≥ 0; got ${count}.`);
    const members: number[] = [];
    for (let r = 0; r < rowCount; r++) if (table.columns[labelIndex][r].trim() === cls) members.push(r);
    if (members.length < 2) throw new SiftError('copula/class', `Class "${cls}" has ${members.length} row${members.length === 1 ? '' : 's'}; a copula needs at least two.`);
    weights[cls] = members.length / (members.length + count);
    const marginals = features.map((c) => {
      const cells = members.map((r) => table.columns[c][r]);
      const kind = columnKind(cells);
      return kind === 'empty' ? null : kind === 'numeric' ? numericMarginal(cells) : categoricalMarginal(cells);
    });
    // Normal scores per column (missing → 0, the median score), then their correlation matrix.
    const scores = marginals.map((m, f) => Float64Array.from(members, (r) => (m ? (Number.isNaN(m.toUniform(table.columns[features[f]][r])) ? 0 : normalQuantile(m.toUniform(table.columns[features[f]][r]))) : 0)));
    const d = features.length;
    const sd = scores.map((s) => Math.sqrt(s.reduce((a, v) => a + v * v, 0) / s.length));
    const corr = scores.map((a, i) => scores.map((b, j) => (i === j ? 1 : sd[i] === 0 || sd[j] === 0 ? 0 : a.reduce((acc, v, r) => acc + v * b[r], 0) / a.length / (sd[i] * sd[j]))));
    const l = cholesky(corr);
    for (let s = 0; s < count; s++) {
      const z = Array.from({ length: d }, gaussian);
      const x = l.map((row) => row.reduce((acc, v, k) => acc + v * z[k], 0));
      made++;
      table.names.forEach((name, c) => {
        if (c === labelIndex) return out[c].push(cls);
        if (name === 'id') return out[c].push(`syn-${made}`);
        const f = features.indexOf(c);
        const m = marginals[f];
        if (!m || random() < m.missingRate) return out[c].push('');
        out[c].push(m.fromUniform(normalCdf(x[f])));
      });
    }
  }
  return { table: { names: [...table.names], columns: out }, weights };
}
