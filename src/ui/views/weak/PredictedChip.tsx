import type { ClassDef } from '../../../core/types';

/** The dataset's predicted class for an item (label model or student), outlined (not a human label), with its confidence. */
export function PredictedChip({ classes, label, confidence, from = 'Label model' }: { classes: ClassDef[]; label: number; confidence: number; from?: string }) {
  const c = classes[label];
  return (
    <span class="predicted-chip" style={{ borderColor: c?.color ?? '#666' }} title={`${from}: ${c?.name} (${(confidence * 100).toFixed(1)} % confident)`} data-testid="predicted-chip">
      {c?.name ?? `#${label}`} {Math.round(confidence * 100)}%
    </span>
  );
}
