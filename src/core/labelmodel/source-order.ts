import type { PairCounts } from './pair-counts';

/** Tie-breaking steps (one source singled out, then refined) before the rest of the ties go by index. */
const MAX_INDIVIDUALISED = 64;

/**
 * A canonical order of the sources, from the pair counts alone, so that a fit summing over sources in
 * index order (Snorkel's SGD) cannot change its rounding, which near a saddle decides the solution,
 * when the user reorders the LFs. Colour refinement (Weisfeiler–Lehman) on the co-vote graph: a
 * source's colour starts as its own vote counts and is refined by the multiset of (colour, k×k co-vote
 * block) over the other sources until stable; sources still tied (symmetric ones, e.g. two LFs that
 * mirror each other over two items) are split by singling out the lowest-indexed one and refining
 * again, as graph canonisation does (interchangeable sources split by index at once). Returns order[p] = the source at canonical position p.
 */
export function canonicalSourceOrder(pairs: PairCounts): Uint32Array {
  const { m, k, counts } = pairs;
  const d = m * k;
  const kk = k * k;
  const sources = Array.from({ length: m }, (_, j) => j);
  const byColour = (colour: Float64Array, signature: (j: number) => Float64Array) => {
    const signatures = sources.map(signature);
    const sorted = [...sources].sort((a, b) => colour[a] - colour[b] || compareArrays(signatures[a], signatures[b]));
    const next = new Float64Array(m);
    sorted.forEach((j, x) => (next[j] = x > 0 && colour[j] === colour[sorted[x - 1]] && compareArrays(signatures[j], signatures[sorted[x - 1]]) === 0 ? next[sorted[x - 1]] : x));
    return next;
  };
  const distinct = (colour: Float64Array) => new Set(colour).size;
  let colour = byColour(new Float64Array(m), (j) => Float64Array.from({ length: k }, (_, v) => counts[(j * k + v) * d + j * k + v]));
  const refine = () => {
    for (;;) {
      const before = distinct(colour);
      colour = byColour(colour, (j) => {
        const entries = sources.filter((i) => i !== j).map((i) => {
          const entry = new Float64Array(1 + kk);
          entry[0] = colour[i];
          for (let v = 0; v < k; v++) for (let w = 0; w < k; w++) entry[1 + v * k + w] = counts[(j * k + v) * d + i * k + w];
          return entry;
        });
        entries.sort(compareArrays);
        const flat = new Float64Array(entries.length * (1 + kk));
        entries.forEach((e, x) => flat.set(e, x * (1 + kk)));
        return flat;
      });
      if (distinct(colour) === before) return;
    }
  };
  refine();
  // Interchangeable sources (identical LFs, say) in a cell: any order of them gives the same permuted
  // counts, so index order splits the cell at once instead of one individualisation per member.
  const block = (j: number, i: number, v: number, w: number) => counts[(j * k + v) * d + i * k + w];
  const twins = (j: number, l: number) => {
    for (let v = 0; v < k; v++) for (let w = 0; w < k; w++) if (block(j, l, v, w) !== block(j, l, w, v)) return false;
    for (let i = 0; i < m; i++) {
      if (i === j || i === l) continue;
      for (let v = 0; v < k; v++) for (let w = 0; w < k; w++) if (block(j, i, v, w) !== block(l, i, v, w)) return false;
    }
    return true;
  };
  for (const cellColour of new Set(colour)) {
    const cell = sources.filter((j) => colour[j] === cellColour);
    if (cell.length > 1 && cell.every((j) => j === cell[0] || twins(cell[0], j))) cell.forEach((j, r) => (colour[j] += (0.5 * r) / cell.length));
  }
  refine();
  for (let step = 0; step < MAX_INDIVIDUALISED && distinct(colour) < m; step++) {
    // The tied cell of the lowest colour (canonical), then its lowest-indexed member (any member, if the cell is symmetric).
    const cell = Math.min(...sources.filter((j) => sources.some((i) => i !== j && colour[i] === colour[j])).map((j) => colour[j]));
    const first = sources.find((j) => colour[j] === cell)!;
    colour[first] -= 0.5;
    refine();
  }
  return Uint32Array.from([...sources].sort((a, b) => colour[a] - colour[b] || a - b));
}

function compareArrays(a: Float64Array, b: Float64Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

/** The pair counts with the sources in `order` (order[p] = the source that goes to position p). */
export function permutePairs(pairs: PairCounts, order: ArrayLike<number>): PairCounts {
  const { n, m, k, counts } = pairs;
  const d = m * k;
  const out = new Float64Array(d * d);
  for (let p = 0; p < m; p++) {
    for (let q = 0; q < m; q++) {
      for (let v = 0; v < k; v++) {
        const from = (order[p] * k + v) * d + order[q] * k;
        out.set(counts.subarray(from, from + k), (p * k + v) * d + q * k);
      }
    }
  }
  return { n, m, k, counts: out };
}

/** Rows laid out per source (`width` values for each of its k votes) back from canonical to original order. */
export function unpermuteSourceRows(values: Float64Array, order: ArrayLike<number>, k: number, width: number): Float64Array {
  const out = new Float64Array(values.length);
  const span = k * width;
  for (let p = 0; p < order.length; p++) out.set(values.subarray(p * span, (p + 1) * span), order[p] * span);
  return out;
}
