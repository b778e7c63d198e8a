import type { LfDef } from '../../core/lf/index';
import { lfPreviewWorker } from '../../../workers/clients';
import type { PreviewResult } from '../../../workers/lf-preview/preview';
import type { DatasetSession } from './session';

export type { PreviewResult };

/** Pause after the last keystroke before asking: long enough to skip mid-word states, short enough to feel live. */
export const PREVIEW_DEBOUNCE_MS = 120;

/** One preview of an LF being edited; the page's labels and splits go along (dev gold, canary left out there). */
export function previewRuleLf(session: DatasetSession, def: LfDef, signal: AbortSignal): Promise<PreviewResult> {
  return lfPreviewWorker.call('preview', { datasetId: session.id, def, labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal });
}
