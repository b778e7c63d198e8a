import type { CanaryRow } from '../evaluation/canary-report';
import type { SelectionMetric } from '../metrics/selection';

/** The dataset's selection metric read off one output's canary-report row (NaN with no labelled canary item). */
export function canaryMetric(row: Pick<CanaryRow, 'count' | 'accuracy' | 'macroF1' | 'f1' | 'costError'>, metric: SelectionMetric): number {
  if (row.count === 0) return NaN;
  switch (metric.kind) {
    case 'accuracy':
      return row.accuracy;
    case 'macro_f1':
      return row.macroF1;
    case 'f1':
      return row.f1[metric.positive] ?? NaN;
    case 'cost':
      return row.costError;
  }
}

/** Pool items (split train) with a human label: what the review curve counts. */
export function reviewedCount(labels: ArrayLike<number>, splits: ArrayLike<number>, trainCode: number): number {
  let count = 0;
  for (let i = 0; i < labels.length; i++) if (splits[i] === trainCode && labels[i] >= 0) count++;
  return count;
}
