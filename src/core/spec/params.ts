import type { LabelModelParams } from '../labelmodel/types';
import type { SpecParams } from './schema';

// JSON has no ±Infinity or NaN: a log-score of −∞ (a class a source rules out) travels as null.
const out = (x: number): number | null => (Number.isFinite(x) ? x : null);
const back = (x: number | null, missing: number): number => (x === null ? missing : x);

export function paramsToSpec(params: LabelModelParams): SpecParams {
  return {
    method: params.method,
    m: params.m,
    k: params.k,
    prior: Array.from(params.prior),
    kind: params.kind,
    link: params.link,
    base: Array.from(params.base, out),
    delta: Array.from(params.delta, out),
    ties: params.ties,
    sourceAccuracy: Array.from(params.sourceAccuracy, out),
    iterations: params.iterations,
    converged: params.converged,
    usesDevLabels: params.usesDevLabels,
    note: params.note,
  };
}

export function paramsFromSpec(spec: SpecParams): LabelModelParams {
  return {
    ...spec,
    prior: Float64Array.from(spec.prior),
    base: Float64Array.from(spec.base, (x) => back(x, -Infinity)),
    delta: Float32Array.from(spec.delta, (x) => back(x, -Infinity)),
    sourceAccuracy: Float64Array.from(spec.sourceAccuracy, (x) => back(x, Number.NaN)),
  };
}
