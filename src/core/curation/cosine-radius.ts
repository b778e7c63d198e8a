import { SiftError, throwIfAborted } from '../errors';

/**
 * Near-duplicate vectors: every pair whose cosine similarity is at least `threshold`. On unit vectors
 * cos ≥ t exactly when the distance is ≤ r = √(2 − 2t), and a projection on any unit direction moves
 * two points apart by at most their distance; so after sorting by the projection on the data's main
 * direction only neighbours within r along it are compared. Exact (no pair is missed), and fast when
 * r is small, as it is for near-duplicates. Zero vectors (items never embedded) pair with nothing.
 */
export function cosineRadiusPairs(data: Float32Array, dim: number, threshold: number, signal?: AbortSignal): [number, number, number][] {
  if (!(threshold > 0 && threshold <= 1)) throw new SiftError('dedupe/threshold', `The cosine similarity threshold must be in (0, 1]; got ${threshold}.`, { threshold });
  if (dim <= 0 || data.length % dim !== 0) throw new SiftError('dedupe/vectors', `${data.length} numbers do not make vectors of dimension ${dim}.`);
  const n = data.length / dim;
  const unit = new Float32Array(data.length);
  const live: number[] = [];
  for (let i = 0; i < n; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += data[i * dim + d] ** 2;
    if (!(norm > 0) || !Number.isFinite(norm)) continue;
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dim; d++) unit[i * dim + d] = data[i * dim + d] * inv;
    live.push(i);
  }
  const direction = mainDirection(unit, dim, live);
  const projection = new Float64Array(n);
  for (const i of live) {
    let p = 0;
    for (let d = 0; d < dim; d++) p += unit[i * dim + d] * direction[d];
    projection[i] = p;
  }
  const order = live.sort((a, b) => projection[a] - projection[b]);
  // A little slack so rounding in the projections never drops a pair at the boundary.
  const radius = Math.sqrt(Math.max(0, 2 - 2 * threshold)) + 1e-6;
  const pairs: [number, number, number][] = [];
  for (let x = 0; x < order.length; x++) {
    if ((x & 0x3ff) === 0) throwIfAborted(signal);
    const a = order[x];
    for (let y = x + 1; y < order.length && projection[order[y]] - projection[a] <= radius; y++) {
      const b = order[y];
      let dot = 0;
      for (let d = 0; d < dim; d++) dot += unit[a * dim + d] * unit[b * dim + d];
      if (dot >= threshold - 1e-6) pairs.push(a < b ? [a, b, Math.min(1, dot)] : [b, a, Math.min(1, dot)]);
    }
  }
  return pairs.sort((p, q) => p[0] - q[0] || p[1] - q[1]);
}

/** The direction of largest spread (a few power iterations on the centred vectors); any unit vector keeps the result exact. */
function mainDirection(unit: Float32Array, dim: number, live: readonly number[]): Float64Array {
  const mean = new Float64Array(dim);
  for (const i of live) for (let d = 0; d < dim; d++) mean[d] += unit[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= Math.max(1, live.length);
  let v = new Float64Array(dim).map((_, d) => 1 / Math.sqrt(dim) + (d % 7) * 1e-3);
  for (let iteration = 0; iteration < 8; iteration++) {
    const next = new Float64Array(dim);
    for (const i of live) {
      let p = 0;
      for (let d = 0; d < dim; d++) p += (unit[i * dim + d] - mean[d]) * v[d];
      for (let d = 0; d < dim; d++) next[d] += p * (unit[i * dim + d] - mean[d]);
    }
    const norm = Math.sqrt(next.reduce((s, x) => s + x * x, 0));
    if (!(norm > 0)) break;
    v = next.map((x) => x / norm);
  }
  return v;
}
