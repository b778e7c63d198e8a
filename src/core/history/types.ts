/**
 * The generator change log: every change to what makes the labels (an LF, a teacher's vote threshold,
 * a calibration, the label-model choice), with the value before and after, so any earlier version can
 * be restored. Its effect on dev/canary metrics is not stored: it is read from the label-model runs
 * around it (see effect.ts), so a refit after the change shows up without rewriting the log.
 */
import type { JsLfDefinition, LfDefinition } from '../records';

export type ChangeKind = 'lf' | 'threshold' | 'calibration' | 'label-model';
export type ChangeAction = 'create' | 'edit' | 'delete' | 'restore';

export type ChangeValue =
  | { kind: 'lf'; sourceKind: 'lf'; name: string; definition: LfDefinition }
  | { kind: 'lf'; sourceKind: 'js-lf'; name: string; definition: JsLfDefinition }
  | { kind: 'threshold'; threshold: number | null }
  | { kind: 'calibration'; method: string; runId: string }
  | { kind: 'label-model'; method: string };

export interface ChangeEntry {
  seq?: number;
  datasetId: string;
  at: number;
  kind: ChangeKind;
  /** What changed, stable across versions: `lf:<sourceId>`, `threshold:<sourceId>`, `calibration:<key>`, `label-model`. */
  subject: string;
  action: ChangeAction;
  /** The LF's or source's name, or the calibrated output's, when the change was made. */
  name: string;
  before: ChangeValue | null;
  after: ChangeValue | null;
  /** For a restore: the entry whose version was brought back, and which side of it. */
  restoredFrom?: { seq: number; side: 'before' | 'after' };
}

export const subjectOf = (kind: ChangeKind, key = ''): string => (kind === 'label-model' ? 'label-model' : `${kind}:${key}`);
