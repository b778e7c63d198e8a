import type { CanaryMetrics } from './types';
import { describeSide, type DriftSide } from '../drift/item-sets';

/**
 * Acceptance criteria on the canary set, checked before an export. Every field is optional; a gate with
 * no field set accepts everything.
 */
export interface GateCriteria {
  minAccuracy?: number | null;
  minMacroF1?: number | null;
  /** Minimum F1 per class (null: no minimum for that class). */
  minClassF1?: (number | null)[] | null;
  maxEce?: number | null;
  /** Largest allowed fall of accuracy or macro-F1 against the last accepted snapshot. */
  maxDrop?: number | null;
  /** No dataset drift between these two item sets (checked on the fields as they are at export time). */
  noDrift?: { reference: DriftSide; current: DriftSide } | null;
}

/** The drift check's outcome for a gate with `noDrift`: the share of columns that drifted, or why it could not run. */
export type GateDrift = { datasetDrift: boolean; shareDrifted: number; drifted: string[] } | { error: string };

export interface GateVerdict {
  passed: boolean;
  reasons: string[];
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
const set = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

export function gateIsEmpty(criteria: GateCriteria): boolean {
  return !set(criteria.minAccuracy) && !set(criteria.minMacroF1) && !set(criteria.maxEce) && !set(criteria.maxDrop) && !(criteria.minClassF1 ?? []).some(set) && !criteria.noDrift;
}

/** The reason a drift check fails the gate, or null when it passes (or the gate does not ask for one). */
export function driftReason(criteria: GateCriteria, drift: GateDrift | null): string | null {
  if (!criteria.noDrift) return null;
  const sets = `${describeSide(criteria.noDrift.current)} against ${describeSide(criteria.noDrift.reference)}`;
  if (!drift) return `The drift check of ${sets} did not run.`;
  if ('error' in drift) return `The drift check of ${sets} failed: ${drift.error}`;
  if (!drift.datasetDrift) return null;
  return `Dataset drift: ${pct(drift.shareDrifted)} of the columns drifted (${drift.drifted.join(', ')}) in ${sets}.`;
}

/** Checks metrics against the criteria; every failed criterion gives one reason that names both numbers. */
export function checkGate(criteria: GateCriteria, metrics: CanaryMetrics | null, classNames: readonly string[], accepted: { name: string; metrics: CanaryMetrics } | null, drift: GateDrift | null = null): GateVerdict {
  if (gateIsEmpty(criteria)) return { passed: true, reasons: [] };
  const reasons: string[] = [];
  const driftProblem = driftReason(criteria, drift);
  if (driftProblem) reasons.push(driftProblem);
  if (gateIsEmpty({ ...criteria, noDrift: null })) return { passed: reasons.length === 0, reasons };
  if (!metrics) return { passed: false, reasons: [...reasons, 'There are no canary metrics to check: run a label model and draw a canary set with labeled items.'] };
  if (set(criteria.minAccuracy) && !(metrics.accuracy >= criteria.minAccuracy)) reasons.push(`Canary accuracy ${pct(metrics.accuracy)} is below the minimum ${pct(criteria.minAccuracy)}.`);
  if (set(criteria.minMacroF1) && !(metrics.macroF1 >= criteria.minMacroF1)) reasons.push(`Canary macro-F1 ${pct(metrics.macroF1)} is below the minimum ${pct(criteria.minMacroF1)}.`);
  (criteria.minClassF1 ?? []).forEach((min, c) => {
    if (set(min) && !((metrics.perClassF1[c] ?? NaN) >= min)) reasons.push(`Canary F1 of class "${classNames[c] ?? c}" ${pct(metrics.perClassF1[c] ?? NaN)} is below the minimum ${pct(min)}.`);
  });
  if (set(criteria.maxEce) && !(metrics.ece <= criteria.maxEce)) reasons.push(`Canary ECE ${metrics.ece.toFixed(3)} is above the maximum ${criteria.maxEce.toFixed(3)}.`);
  if (set(criteria.maxDrop) && accepted) {
    for (const key of ['accuracy', 'macroF1'] as const) {
      const drop = accepted.metrics[key] - metrics[key];
      if (!(drop <= criteria.maxDrop + 1e-12))
        reasons.push(`Canary ${key === 'accuracy' ? 'accuracy' : 'macro-F1'} fell by ${pct(drop)} against the last accepted snapshot "${accepted.name}" (${pct(accepted.metrics[key])} → ${pct(metrics[key])}); at most ${pct(criteria.maxDrop)} is allowed.`);
    }
  }
  return { passed: reasons.length === 0, reasons };
}

/** Rejects criteria that cannot mean anything, with the field named. */
export function validateGate(criteria: GateCriteria, classCount: number): string | null {
  const unit = (name: string, v: number | null | undefined) => (v !== null && v !== undefined && !(Number.isFinite(v) && v >= 0 && v <= 1) ? `${name} must be a number from 0 to 1 (got ${v}).` : null);
  const problems = [unit('Minimum accuracy', criteria.minAccuracy), unit('Minimum macro-F1', criteria.minMacroF1), unit('Maximum ECE', criteria.maxEce), unit('Maximum drop', criteria.maxDrop)];
  const perClass = criteria.minClassF1 ?? [];
  if (perClass.length > classCount) problems.push(`There are ${classCount} classes but ${perClass.length} per-class minimums.`);
  perClass.forEach((v, c) => problems.push(unit(`Minimum F1 of class ${c + 1}`, v)));
  return problems.find((p) => p !== null) ?? null;
}
