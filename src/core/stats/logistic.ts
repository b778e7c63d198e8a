// Binary logistic regression fitted by Newton's method (IRLS) with a small L2 penalty. The feature
// counts here are small (tens to a few hundred), so each step solves the d×d system directly; the
// penalty keeps the fit finite when the classes separate perfectly.
import type { ColumnBlocks } from './column-blocks';

export interface LogisticModel {
  weights: Float64Array;
  bias: number;
}

export interface LogisticOptions {
  l2?: number;
  maxIterations?: number;
  tolerance?: number;
  /** Per-row weights (indexed by row, as y): the loss is their weighted mean; absent = all 1. */
  weights?: ArrayLike<number>;
}

/** Solves A x = b in place for a symmetric positive definite A (Cholesky). */
function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array {
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= a[j * d + k] ** 2;
    const diag = Math.sqrt(Math.max(s, 1e-300));
    a[j * d + j] = diag;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = t / diag;
    }
  }
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < i; k++) x[i] -= a[i * d + k] * x[k];
    x[i] /= a[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    for (let k = i + 1; k < d; k++) x[i] -= a[k * d + i] * x[k];
    x[i] /= a[i * d + i];
  }
  return x;
}

const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));
const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/**
 * Rows as compressed sparse rows: row r's non-zeros are index/value[start[r] .. start[r+1]). Values are
 * single precision: features are standardised numbers and one-hot ones, and this halves the largest
 * array detection holds.
 */
export interface SparseRows {
  d: number;
  start: Uint32Array;
  index: Uint32Array;
  value: Float32Array;
}

/** Either form of the feature rows: sparse rows, or one array per source column (column-blocks.ts). */
export type DesignRows = SparseRows | ColumnBlocks;

/** CSR form of a dense row-major n × d matrix. */
export function sparseRows(x: Float64Array, d: number): SparseRows {
  const n = x.length / d;
  const start = new Uint32Array(n + 1);
  let nnz = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) nnz++;
  const index = new Uint32Array(nnz);
  const value = new Float32Array(nnz);
  for (let r = 0, t = 0; r < n; r++) {
    for (let j = 0; j < d; j++) {
      const v = x[r * d + j];
      if (v === 0) continue;
      index[t] = j;
      value[t++] = v;
    }
    start[r + 1] = t;
  }
  return { d, start, index, value };
}

/**
 * Fits P(y = 1 | x) = σ(w·x + b) on the listed rows. Minimises the mean log-loss plus (l2 / 2)‖w‖² (the
 * bias is not penalised). Rows are sparse because one-hot columns make most of a row zero: a Newton
 * pass costs the square of a row's non-zeros, not of d. Column indices must ascend within a row.
 */
export function fitLogistic(x: DesignRows, y: ArrayLike<number>, rows: Uint32Array, options: LogisticOptions = {}): LogisticModel {
  const d = x.d;
  // Sparse rows are read in place; column blocks write each row into one reused pair of arrays.
  let start: Uint32Array | null = null;
  let blocks: ColumnBlocks | null = null;
  let index: Uint32Array;
  let value: Float32Array;
  if ('start' in x) ({ start, index, value } = x);
  else [blocks, index, value] = [x, new Uint32Array(x.blocks.length), new Float32Array(x.blocks.length)];
  const l2 = options.l2 ?? 1e-4;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const D = d + 1; // last coordinate is the bias
  const beta = new Float64Array(D);
  const previous = new Float64Array(D);
  let lastStep: Float64Array = new Float64Array(D);
  let previousLoss = Infinity;
  let scale = 1;
  const weightOf = options.weights;
  let n = rows.length;
  if (weightOf) {
    n = 0;
    for (let r = 0; r < rows.length; r++) n += weightOf[rows[r]];
    if (!(n > 0)) throw new Error('fitLogistic: the rows weigh nothing in total.');
  }
  // Reused by every iteration: a fit of a few hundred features would otherwise leave a D² array per step.
  const hessian = new Float64Array(D * D);
  const gradient = new Float64Array(D);
  for (let iter = 0; iter < maxIterations; iter++) {
    hessian.fill(0);
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      const rw = weightOf ? weightOf[row] : 1;
      if (rw === 0) continue;
      const from = start ? start[row] : 0;
      const to = start ? start[row + 1] : blocks!.read(row, index, value);
      let z = beta[d];
      for (let t = from; t < to; t++) z += beta[index[t]] * value[t];
      const p = sigmoid(z);
      loss += rw * (softplus(z) - y[row] * z);
      const residual = rw * (p - y[row]);
      const w = rw * Math.max(p * (1 - p), 1e-12);
      for (let t = from; t < to; t++) {
        const j = index[t];
        const xj = value[t];
        gradient[j] += residual * xj;
        const wxj = w * xj;
        const hRow = j * D;
        // Indices ascend within a row, so index[u] ≤ j for u ≤ t: the lower triangle.
        for (let u = from; u <= t; u++) hessian[hRow + index[u]] += wxj * value[u];
        hessian[d * D + j] += wxj;
      }
      gradient[d] += residual;
      hessian[d * D + d] += w;
    }
    loss /= n;
    for (let j = 0; j < d; j++) loss += (l2 / 2) * beta[j] ** 2;
    // Damped Newton: a step that raised the loss is halved and retried from the previous point.
    if (loss > previousLoss + 1e-12 && scale > 1e-6) {
      scale /= 2;
      for (let j = 0; j < D; j++) beta[j] = previous[j] - scale * lastStep[j];
      continue;
    }
    previousLoss = loss;
    previous.set(beta);
    scale = 1;
    for (let j = 0; j < D; j++) {
      gradient[j] /= n;
      for (let k = 0; k <= j; k++) hessian[j * D + k] /= n;
    }
    for (let j = 0; j < d; j++) {
      gradient[j] += l2 * beta[j];
      hessian[j * D + j] += l2;
    }
    hessian[d * D + d] += 1e-12;
    // Mirror the lower triangle (the bias row was filled as the last row).
    for (let j = 0; j < D; j++) for (let k = j + 1; k < D; k++) hessian[j * D + k] = hessian[k * D + j];
    const step = solveSpd(hessian, gradient, D);
    lastStep = step;
    let change = 0;
    for (let j = 0; j < D; j++) {
      beta[j] -= step[j];
      change = Math.max(change, Math.abs(step[j]));
    }
    if (change < tolerance) break;
  }
  return { weights: beta.slice(0, d), bias: beta[d] };
}

export function predictLogistic(model: LogisticModel, x: DesignRows, row: number): number {
  if (!('start' in x)) return sigmoid(x.dot(model.weights, model.bias, row));
  let z = model.bias;
  for (let t = x.start[row]; t < x.start[row + 1]; t++) z += model.weights[x.index[t]] * x.value[t];
  return sigmoid(z);
}
