import { tuneDecision } from '../labelmodel/decision';
import { metricLabel, metricScore, type SelectionMetric } from '../metrics/selection';

/** A student against a label model on the same dev items, each with its decision tuned on dev. */
export interface DevComparison {
  metric: string;
  student: number;
  labelModel: number | null;
  /** True when the student scores strictly higher on dev than the label model (or there is no label model). */
  beats: boolean;
  /** One sentence the app shows: which labels to use, and why. */
  verdict: string;
}

/** The dev metric of n×k probabilities on the dev rows, with the decision tuned on those rows for the metric. */
export function devMetricOf(probs: Float32Array, k: number, devRows: Uint32Array, devLabels: Int16Array, metric: SelectionMetric): number {
  const rows = new Float32Array(devRows.length * k);
  devRows.forEach((i, t) => rows.set(probs.subarray(i * k, i * k + k), t * k));
  return tuneDecision(rows, k, devLabels, metric).value;
}

/** The comparison itself, on dev rows only (n×k probabilities in, the label model's may be missing). Canary rows are never read. */
export function compareOnDev(studentProbs: Float32Array, labelModelProbs: Float32Array | null, devRows: Uint32Array, devLabels: Int16Array, metric: SelectionMetric, classNames: readonly string[]): DevComparison {
  const k = classNames.length;
  const label = metricLabel(metric, classNames);
  const student = devMetricOf(studentProbs, k, devRows, devLabels, metric);
  if (!labelModelProbs) return { metric: label, student, labelModel: null, beats: true, verdict: `No label model to compare with: dev ${label} ${student.toFixed(3)}.` };
  const labelModel = devMetricOf(labelModelProbs, k, devRows, devLabels, metric);
  const beats = metricScore(metric, student) > metricScore(metric, labelModel);
  const numbers = `dev ${label} ${student.toFixed(3)} against the label model's ${labelModel.toFixed(3)}`;
  return {
    metric: label,
    student,
    labelModel,
    beats,
    verdict: beats ? `Beats the label model (${numbers}): use the student's labels.` : `Keep the label model's labels: the student does not beat it on dev (${numbers}).`,
  };
}
