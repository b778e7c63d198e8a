import type { ClassDef } from '../../../core/types';

/** An audit entry as the activity log reads it (the stored shape, without the storage types). */
export interface AuditLike {
  at: number;
  action: string;
  detail: Record<string, unknown>;
}

const count = (value: unknown, unit: string) => {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}` : `some ${unit}s`;
};

const className = (classes: ClassDef[], label: unknown) =>
  typeof label === 'number' && label >= 0 ? (classes[label]?.name ?? `class ${label}`) : 'unlabeled';

const definitionName = (detail: Record<string, unknown>) => {
  const definition = detail.definition as { name?: unknown } | undefined;
  return typeof detail.name === 'string' ? detail.name : typeof definition?.name === 'string' ? definition.name : 'a source';
};

const RUN_KINDS: Record<string, string> = { teacher: 'Teacher', embedder: 'Embedder', student: 'Student', 'label-model': 'Label model', lf: 'LF' };

/** One sentence per audit action; an action this build does not know is shown by its name, never hidden. */
export function describeAudit(entry: AuditLike, classes: ClassDef[]): string {
  const d = entry.detail ?? {};
  switch (entry.action) {
    case 'import':
      return `Imported ${count(d.rows, 'row')}.`;
    case 'import-images':
      return `Imported ${count(d.images, 'image')}${typeof d.labelsFile === 'string' && d.labelsFile ? ` with labels from ${d.labelsFile}` : ''}.`;
    case 'import-wrench':
      return `Imported a WRENCH dataset: ${count(d.items, 'item')}, ${count(d.sources, 'labeling function')}.`;
    case 'bulk-label':
      return `Labeled ${count(d.items, 'item')} as ${className(classes, d.label)}.`;
    case 'undo-bulk-label':
      return `Undid a bulk label of ${count(d.items, 'item')}.`;
    case 'splits':
      return `Drew the splits: canary ${count(d.canary, 'item')}, dev ${count(d.dev, 'item')}.`;
    case 'create-source':
      return `Created the source "${definitionName(d)}".`;
    case 'edit-source':
      return `Edited the source "${definitionName(d)}".`;
    case 'delete-source':
      return `Deleted the source "${definitionName(d)}".`;
    case 'apply-lfs':
      return `Applied ${count(Array.isArray(d.sources) ? d.sources.length : NaN, 'labeling function')}.`;
    case 'label-model':
      return `Fitted the label model (${typeof d.method === 'string' ? d.method : 'method unknown'}).`;
    case 'teacher-threshold':
      return 'Changed a teacher’s vote threshold.';
    case 'calibrate':
      return `Calibrated ${typeof d.key === 'string' ? d.key : 'an output'} (${typeof d.method === 'string' ? d.method : 'method unknown'}).`;
    case 'votes-from':
      return `A source now votes from its ${typeof d.votesFrom === 'string' ? `${d.votesFrom} ` : ''}probabilities.`;
    case 'train-student':
      return `Trained the student "${typeof d.name === 'string' ? d.name : 'student'}".`;
    case 'export-student':
      return 'Exported a student to the model registry.';
    case 'drift-alert':
      return `Drift alert: ${typeof d.shareDrifted === 'number' ? `${(d.shareDrifted * 100).toFixed(0)} %` : 'some'} of the columns drifted${Array.isArray(d.drifted) ? ` (${d.drifted.join(', ')})` : ''} in ${String(d.current ?? 'the current set')} against ${String(d.reference ?? 'the reference')}.`;
    case 'drift-alert-dismissed':
      return 'Dismissed the drift alert.';
  }
  const run = /^(start|finish)-(.+)-run$/.exec(entry.action);
  if (run) return `${RUN_KINDS[run[2]] ?? run[2]} run ${run[1] === 'start' ? 'started' : 'finished'}${typeof d.model === 'string' ? ` (${d.model})` : ''}.`;
  return `${entry.action}.`;
}
