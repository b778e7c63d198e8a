import type { ClassDef } from '../../../core/types';
import { textOn } from '../../classes';

export function LabelChip({ classes, label }: { classes: ClassDef[]; label: number }) {
  if (label < 0) return <span class="chip empty" data-label="">unlabeled</span>;
  const c = classes[label];
  return (
    <span class="chip" style={{ background: c?.color ?? '#666', color: textOn(c?.color ?? '#666') }} data-label={c?.name ?? String(label)}>
      {c?.name ?? `#${label}`}
    </span>
  );
}
