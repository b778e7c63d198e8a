import { SiftError } from '../errors';
import type { ProbMatrix } from './metrics';

const EPS = 1e-12;

/** Mean NLL of softmax(β·log p) and its first two derivatives in β (NLL is convex in β). */
function nllAndDerivatives(m: ProbMatrix, labels: Int16Array, indices: ArrayLike<number>, beta: number): { nll: number; d1: number; d2: number; n: number } {
  const { k, probs } = m;
  const z = new Float64Array(k);
  let nll = 0;
  let d1 = 0;
  let d2 = 0;
  let n = 0;
  for (let t = 0; t < indices.length; t++) {
    const i = indices[t];
    const y = labels[i];
    if (y < 0) continue;
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      z[j] = Math.log(Math.max(EPS, probs[i * k + j]));
      max = Math.max(max, beta * z[j]);
    }
    let sum = 0;
    let mean = 0;
    let second = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(beta * z[j] - max);
      sum += e;
      mean += e * z[j];
      second += e * z[j] * z[j];
    }
    mean /= sum;
    second /= sum;
    nll += -(beta * z[y] - max - Math.log(sum));
    d1 += mean - z[y];
    d2 += second - mean * mean;
    n++;
  }
  return { nll: nll / n, d1: d1 / n, d2: d2 / n, n };
}

/**
 * Temperature scaling: the T > 0 that minimises NLL of softmax(log p / T) on labeled items. Newton on
 * β = 1/T (NLL is convex in β) with a bisection fallback; p is treated as softmax of logits log p, so
 * teachers that only give probabilities can be calibrated too.
 */
export function fitTemperature(m: ProbMatrix, labels: Int16Array, indices: ArrayLike<number>): number {
  let lo = 1e-3;
  let hi = 1e3;
  let beta = 1;
  const first = nllAndDerivatives(m, labels, indices, beta);
  if (first.n === 0) throw new SiftError('calibration-no-labels', 'Calibration needs labeled dev items; none of the given items has a label.');
  for (let iter = 0; iter < 100; iter++) {
    const { d1, d2 } = nllAndDerivatives(m, labels, indices, beta);
    if (Math.abs(d1) < 1e-9) break;
    if (d1 > 0) hi = beta;
    else lo = beta;
    let next = d2 > 1e-12 ? beta - d1 / d2 : NaN;
    if (!(next > lo && next < hi)) next = Math.sqrt(lo * hi);
    if (Math.abs(next - beta) < 1e-10 * beta) {
      beta = next;
      break;
    }
    beta = next;
  }
  return 1 / beta;
}

/** softmax(log p / T) for every row. */
export function applyTemperature(m: ProbMatrix, temperature: number): Float32Array {
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new SiftError('calibration-temperature', `Temperature must be a positive number, got ${temperature}.`);
  const { n, k, probs } = m;
  const out = new Float32Array(n * k);
  const beta = 1 / temperature;
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, beta * Math.log(Math.max(EPS, probs[i * k + j])));
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(beta * Math.log(Math.max(EPS, probs[i * k + j])) - max);
      out[i * k + j] = e;
      sum += e;
    }
    for (let j = 0; j < k; j++) out[i * k + j] /= sum;
  }
  return out;
}
