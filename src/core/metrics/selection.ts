import type { CostMatrix } from '../evaluation/canary-report';
import { checkCosts } from '../evaluation/canary-report';
import { SiftError } from '../errors';
import { classificationReport } from './classification';

/**
 * The dataset's selection metric: what every choice made on dev (auto label model, decision
 * thresholds, student settings, early stopping) maximises. Macro-F1 is the default because it does
 * not reward predicting the majority class of an imbalanced set.
 */
export type MetricName = 'macro_f1' | 'accuracy' | 'f1' | 'cost';
export const metricNames: readonly MetricName[] = ['macro_f1', 'accuracy', 'f1', 'cost'];

export type SelectionMetric =
  | { kind: 'macro_f1' }
  | { kind: 'accuracy' }
  /** F1 of one class (the "positive" one). */
  | { kind: 'f1'; positive: number }
  /** Mean cost per item from per-class FP/FN costs (as the canary report counts them); lower is better. */
  | { kind: 'cost'; costs: CostMatrix };

/** What a user or a CLI flag says; `resolveMetric` checks it against the dataset's classes. */
export interface MetricSpec {
  name: MetricName;
  /** f1: a class name or index. Default in a two-class set: index 1 (as WRENCH does). */
  positive?: string | number;
  /** cost: per-class FP and FN costs. */
  costs?: CostMatrix;
}

export const DEFAULT_METRIC: SelectionMetric = Object.freeze({ kind: 'macro_f1' });

/** Throws a SiftError saying exactly what does not fit the data. */
export function resolveMetric(spec: MetricSpec, classes: readonly string[]): SelectionMetric {
  const k = classes.length;
  switch (spec.name) {
    case 'macro_f1':
    case 'accuracy':
      return { kind: spec.name };
    case 'f1': {
      if (spec.positive === undefined || spec.positive === '') {
        if (k === 2) return { kind: 'f1', positive: 1 };
        throw new SiftError('metric/positive', `F1 needs a positive class when there are ${k} classes (${classes.join(', ')}): name one (--positive CLASS).`, { classes });
      }
      return { kind: 'f1', positive: classIndex(spec.positive, classes) };
    }
    case 'cost': {
      if (!spec.costs) throw new SiftError('metric/costs', 'The expected-cost metric needs per-class costs (one FP and one FN cost per class); none are set for this dataset.');
      checkCosts(spec.costs, k);
      return { kind: 'cost', costs: { fp: [...spec.costs.fp], fn: [...spec.costs.fn] } };
    }
    default:
      throw new SiftError('metric/name', `Unknown metric "${String((spec as { name: unknown }).name)}"; use one of ${metricNames.join(', ')}.`);
  }
}

function classIndex(positive: string | number, classes: readonly string[]): number {
  const text = String(positive).trim();
  const byName = classes.findIndex((c) => c.trim().toLowerCase() === text.toLowerCase());
  if (byName >= 0) return byName;
  if (/^\d+$/.test(text) && Number(text) < classes.length) return Number(text);
  throw new SiftError('metric/positive', `The positive class "${text}" is not a class of this dataset; the classes are ${classes.map((c, i) => `${i} = ${c}`).join(', ')}.`, { positive: text, classes });
}

/** The metric as a user reads it, e.g. "F1 of spam". */
export function metricLabel(metric: SelectionMetric, classes?: readonly string[]): string {
  switch (metric.kind) {
    case 'macro_f1':
      return 'macro-F1';
    case 'accuracy':
      return 'accuracy';
    case 'f1':
      return `F1 of ${classes?.[metric.positive] ?? `class ${metric.positive}`}`;
    case 'cost':
      return 'expected cost';
  }
}

/** The metric's value as shown (for cost: mean cost per item, lower is better); NaN without gold labels. */
export function metricValue(metric: SelectionMetric, gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  if (metric.kind === 'cost') return meanCost(metric.costs, gold, predicted);
  const report = classificationReport(gold, predicted, k);
  if (report.count === 0) return NaN;
  if (metric.kind === 'accuracy') return report.accuracy;
  if (metric.kind === 'macro_f1') return report.macroF1;
  return report.f1[metric.positive];
}

/** Higher is better for every metric: the value, or minus the cost. */
export function metricScore(metric: SelectionMetric, value: number): number {
  return metric.kind === 'cost' ? -value : value;
}

/** Convenience: metricScore(metricValue(...)). */
export function scoreLabels(metric: SelectionMetric, gold: ArrayLike<number>, predicted: ArrayLike<number>, k: number): number {
  return metricScore(metric, metricValue(metric, gold, predicted, k));
}

function meanCost(costs: CostMatrix, gold: ArrayLike<number>, predicted: ArrayLike<number>): number {
  let cost = 0;
  let counted = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    if (g < 0) continue;
    counted++;
    const p = predicted[i];
    if (p < 0) cost += costs.fn[g];
    else if (p !== g) cost += costs.fn[g] + costs.fp[p];
  }
  return counted > 0 ? cost / counted : NaN;
}

/**
 * Warnings (not errors) about a dev set that cannot judge the metric well: a class the metric needs
 * has no labelled dev item, or dev holds one class only.
 */
export function devWarnings(metric: SelectionMetric, devGold: ArrayLike<number>, classes: readonly string[]): string[] {
  const k = classes.length;
  const counts = new Int32Array(k);
  let labelled = 0;
  for (let i = 0; i < devGold.length; i++) {
    const g = devGold[i];
    if (g >= 0 && g < k) {
      counts[g]++;
      labelled++;
    }
  }
  if (labelled === 0) return [];
  const warnings: string[] = [];
  const missing = (c: number) => counts[c] === 0;
  const label = metricLabel(metric, classes);
  if (metric.kind === 'f1' && missing(metric.positive)) {
    warnings.push(`Dev has no labelled item of class ${classes[metric.positive]}, so ${label} is 0 for every model and cannot tell them apart: label dev items of that class.`);
  } else if (metric.kind === 'macro_f1' || metric.kind === 'cost') {
    const absent = classes.filter((_, c) => missing(c));
    if (absent.length > 0) warnings.push(`Dev has no labelled item of class${absent.length > 1 ? 'es' : ''} ${absent.join(', ')}: ${label} on dev cannot judge ${absent.length > 1 ? 'them' : 'it'}, and choices made on dev may neglect ${absent.length > 1 ? 'them' : 'it'}.`);
  }
  const present = counts.filter((c) => c > 0).length;
  if (present === 1) warnings.push(`Dev holds one class only (${classes[counts.findIndex((c) => c > 0)]}): a model that predicts only that class looks perfect on it.`);
  return warnings;
}

/** Number of distinct classes among labelled items. */
export function classesPresent(gold: ArrayLike<number>, k: number): number {
  const seen = new Uint8Array(k);
  let count = 0;
  for (let i = 0; i < gold.length; i++) {
    const g = gold[i];
    if (g >= 0 && g < k && !seen[g]) {
      seen[g] = 1;
      count++;
    }
  }
  return count;
}

/** The choices a user makes for a dataset, stored with it (the Label model tab's settings). */
export interface SelectionSettings {
  metric: Exclude<MetricName, 'cost'>;
  /** Class index for metric 'f1'; default index 1 in a two-class set. */
  positive?: number;
  /** Class balance (and the label of uncovered items) from the dev labels. */
  priorFromDev: boolean;
}

export const DEFAULT_SELECTION: Readonly<SelectionSettings> = Object.freeze({ metric: 'macro_f1', priorFromDev: true });

export function metricOfSettings(settings: SelectionSettings, classes: readonly string[]): SelectionMetric {
  return resolveMetric({ name: settings.metric, positive: settings.positive }, classes);
}
