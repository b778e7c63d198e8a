import type { LabelModelParams, MethodName, TiePolicy } from './types';

/** Fields every fitted model shares; methods fill in the rest. */
export function baseParams(method: MethodName, m: number, k: number, prior: Float64Array): LabelModelParams {
  return {
    method,
    m,
    k,
    prior,
    kind: 'loglinear',
    link: 'softmax',
    base: new Float64Array(k),
    delta: new Float32Array(m * k * k),
    ties: 'random' as TiePolicy,
    sourceAccuracy: new Float64Array(m),
    iterations: 0,
    converged: true,
    usesDevLabels: false,
    note: '',
  };
}

/** Votes per (source, class), summed over items: row j*k + v. */
export function voteTotals(code: Uint8Array | Uint16Array | Uint32Array, start: Int32Array, weight: Uint32Array, size: number, mk: number): Float64Array {
  const totals = new Float64Array(mk);
  for (let p = 0; p < size; p++) {
    const w = weight[p];
    for (let e = start[p]; e < start[p + 1]; e++) totals[code[e]] += w;
  }
  return totals;
}
