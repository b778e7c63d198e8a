import type { ClassDef } from '../../../core/types';

/** The label model's class for an item, outlined (not a human label), with its confidence. */
export function PredictedChip({ classes, label, confidence }: { classes: ClassDef[]; label: number; confidence: number }) {
  const c = classes[label];
  return (
    <span class="predicted-chip" style={{ borderColor: c?.color ?? '#666' }} title={`Label model: ${c?.name} (${(confidence * 100).toFixed(1)} % confident)`} data-testid="predicted-chip">
      {c?.name ?? `#${label}`} {Math.round(confidence * 100)}%
    </span>
  );
}
