import { SiftError } from '../errors';
import { featureWidth, type FeatureMatrix } from '../student/features';

/** Lloyd iterations after k-means++ seeding; stops earlier once no item changes cluster. */
export const KMEANS_ITERATIONS = 20;
/**
 * Items the centroids are fitted on: a larger pool is fitted on a seeded sample of this many and every
 * item is then assigned to its nearest centroid. 5,000 is the batch size of the mini-batch k-means
 * TypiClust's reference code uses above 50 clusters; on smaller pools this is plain k-means.
 */
export const KMEANS_SAMPLE = 5000;

/**
 * The first n rows of a feature matrix scaled to unit length, so squared Euclidean distance between
 * rows is 2 − 2·cos (the cosine geometry both TypiClust and Cluster-Margin cluster in). A zero row
 * (an empty text) stays zero.
 */
export function unitRows(features: FeatureMatrix, n: number): FeatureMatrix {
  if (n > features.n) throw new SiftError('review/features', `The pool has ${n} items but the features only ${features.n} rows.`);
  const width = featureWidth(features);
  if (features.kind === 'dense') {
    const values = features.values.slice(0, n * width);
    for (let i = 0; i < n; i++) scaleToUnit(values, i * width, (i + 1) * width);
    return { kind: 'dense', n, shape: features.shape, values };
  }
  const rowStart = features.rowStart.slice(0, n + 1);
  const end = rowStart[n];
  const values = features.values.slice(0, end);
  for (let i = 0; i < n; i++) scaleToUnit(values, rowStart[i], rowStart[i + 1]);
  return { kind: 'sparse', n, shape: [width], rowStart, indices: features.indices.slice(0, end), values };
}

function scaleToUnit(values: Float32Array, from: number, to: number): void {
  let s = 0;
  for (let j = from; j < to; j++) s += values[j] * values[j];
  if (s === 0) return;
  const inv = 1 / Math.sqrt(s);
  for (let j = from; j < to; j++) values[j] *= inv;
}

/** ⟨row i, dense vector v⟩ (v of the matrix's width, at offset `at`). */
function rowDot(f: FeatureMatrix, i: number, v: Float64Array, at: number, width: number): number {
  let s = 0;
  if (f.kind === 'sparse') for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) s += f.values[e] * v[at + f.indices[e]];
  else for (let j = 0; j < width; j++) s += f.values[i * width + j] * v[at + j];
  return s;
}

/** v[at ..] += row i. */
function addRow(f: FeatureMatrix, i: number, v: Float64Array, at: number, width: number): void {
  if (f.kind === 'sparse') for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) v[at + f.indices[e]] += f.values[e];
  else for (let j = 0; j < width; j++) v[at + j] += f.values[i * width + j];
}

/**
 * k-means (Euclidean, on rows already made unit length by `unitRows`) of every row into `clusters`
 * clusters: k-means++ seeding (first centre uniform, each next one drawn with probability ∝ squared
 * distance to its nearest centre; when every distance is 0, the lowest-index row not yet a centre) from
 * `random`, then at most KMEANS_ITERATIONS Lloyd steps (an emptied cluster keeps its centroid). Ties go to
 * the lower cluster. Returns each row's cluster.
 */
export function kMeans(unit: FeatureMatrix, clusters: number, random: () => number): Int32Array {
  const n = unit.n;
  let c = Math.max(1, Math.min(clusters, n));
  const width = featureWidth(unit);
  const assign = new Int32Array(n);
  if (n === 0) return assign;
  // Centroids are fitted on a seeded sample of a large pool (see KMEANS_SAMPLE).
  let fit = Int32Array.from({ length: n }, (_, i) => i);
  if (n > KMEANS_SAMPLE) {
    for (let i = 0; i < KMEANS_SAMPLE; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = fit[i];
      fit[i] = fit[j];
      fit[j] = t;
    }
    fit = fit.slice(0, KMEANS_SAMPLE).sort();
  }
  c = Math.min(c, fit.length);
  const centroids = new Float64Array(c * width);
  const centroidNorm = new Float64Array(c);
  seedCentroids(unit, fit, c, width, random, centroids, centroidNorm);
  // Centroids also kept feature-major (c values per feature) so one pass over a row's non-zeros dots it
  // with every centroid; each sum still adds the row's entries in the same order as a row-by-row dot.
  const byFeature = new Float64Array(width * c);
  const transpose = () => {
    for (let q = 0; q < c; q++) for (let j = 0; j < width; j++) byFeature[j * c + q] = centroids[q * width + j];
  };
  const dots = new Float64Array(c);
  const nearestOf = (i: number) => {
    dots.fill(0);
    if (unit.kind === 'sparse') {
      for (let e = unit.rowStart[i]; e < unit.rowStart[i + 1]; e++) {
        const v = unit.values[e];
        const at = unit.indices[e] * c;
        for (let q = 0; q < c; q++) dots[q] += v * byFeature[at + q];
      }
    } else {
      for (let j = 0; j < width; j++) {
        const v = unit.values[i * width + j];
        const at = j * c;
        for (let q = 0; q < c; q++) dots[q] += v * byFeature[at + q];
      }
    }
    let best = 0;
    let bestD = Infinity;
    for (let q = 0; q < c; q++) {
      const d = centroidNorm[q] - 2 * dots[q];
      if (d < bestD) {
        bestD = d;
        best = q;
      }
    }
    return best;
  };
  const fitAssign = new Int32Array(fit.length).fill(-1);
  const counts = new Int32Array(c);
  const sums = new Float64Array(c * width);
  transpose();
  for (let iter = 0; iter < KMEANS_ITERATIONS; iter++) {
    let changed = 0;
    for (let r = 0; r < fit.length; r++) {
      const q = nearestOf(fit[r]);
      if (q !== fitAssign[r]) changed++;
      fitAssign[r] = q;
    }
    if (changed === 0) break;
    counts.fill(0);
    sums.fill(0);
    for (let r = 0; r < fit.length; r++) {
      counts[fitAssign[r]]++;
      addRow(unit, fit[r], sums, fitAssign[r] * width, width);
    }
    for (let q = 0; q < c; q++) {
      if (counts[q] === 0) continue;
      let s = 0;
      for (let j = q * width; j < (q + 1) * width; j++) {
        centroids[j] = sums[j] / counts[q];
        s += centroids[j] * centroids[j];
      }
      centroidNorm[q] = s;
    }
    transpose();
  }
  for (let i = 0; i < n; i++) assign[i] = nearestOf(i);
  return assign;
}

function seedCentroids(unit: FeatureMatrix, fit: Int32Array, c: number, width: number, random: () => number, centroids: Float64Array, centroidNorm: Float64Array): void {
  const d2 = new Float64Array(fit.length).fill(Infinity);
  const chosen = new Uint8Array(fit.length);
  const norms = Float64Array.from(fit, (i) => rowSquaredNorm(unit, i, width));
  const place = (q: number, r: number) => {
    chosen[r] = 1;
    addRow(unit, fit[r], centroids, q * width, width);
    let s = 0;
    for (let j = q * width; j < (q + 1) * width; j++) s += centroids[j] * centroids[j];
    centroidNorm[q] = s;
    for (let t = 0; t < fit.length; t++) {
      // ‖x_t − c‖² with ‖x_t‖² = 1 or 0 (zero rows); clamped, rounding can dip below 0.
      const d = Math.max(0, norms[t] + s - 2 * rowDot(unit, fit[t], centroids, q * width, width));
      if (d < d2[t]) d2[t] = d;
    }
  };
  place(0, Math.min(fit.length - 1, Math.floor(random() * fit.length)));
  for (let q = 1; q < c; q++) {
    let total = 0;
    for (let t = 0; t < fit.length; t++) if (!chosen[t]) total += d2[t];
    let r = -1;
    if (total > 0) {
      let u = random() * total;
      for (let t = 0; t < fit.length; t++) {
        if (chosen[t] || d2[t] === 0) continue;
        r = t;
        u -= d2[t];
        if (u < 0) break;
      }
    } else {
      r = chosen.indexOf(0);
    }
    place(q, r);
  }
}

function rowSquaredNorm(f: FeatureMatrix, i: number, width: number): number {
  let s = 0;
  if (f.kind === 'sparse') for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) s += f.values[e] * f.values[e];
  else for (let j = i * width; j < (i + 1) * width; j++) s += f.values[j] * f.values[j];
  return s;
}
