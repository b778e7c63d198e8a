import { signal } from '@preact/signals';
import { latestRun } from '../../data/runs';
import { readItems, type ItemRow } from '../../data/items';
import type { IssueReport, IssueRow } from '../../core/label-issues/out-of-fold';
import type { LabelIssuesRequest, LabelIssuesResult } from '../../../workers/student/label-issues';
import { studentWorker } from '../../../workers/clients';
import { review } from './review';
import { go } from './route';
import type { DatasetSession } from './session';
import { runTask } from './tasks';

export type LabelIssuesSettings = Pick<LabelIssuesRequest, 'against' | 'folds' | 'features' | 'arch' | 'train'>;
export type { IssueRow };

/** The label-issues report this page shows (the newest run's, or the one just computed). */
export const labelIssues = signal<(IssueReport & { datasetId: string; runId: string; against: string; folds: number; features: string }) | null>(null);

/** Shows the newest stored report of the dataset, if any (a reload keeps what was found). */
export async function loadLabelIssues(session: DatasetSession): Promise<void> {
  const run = await latestRun(session.id, 'label-issues');
  if (!run) return;
  const r = run.results as unknown as LabelIssuesResult;
  if (labelIssues.value?.runId === run.id) return;
  labelIssues.value = { datasetId: session.id, runId: run.id, against: r.against, folds: r.folds, features: r.features, rows: r.rows, confidentJoint: r.confidentJoint, flagged: r.flagged, checked: r.checked };
}

export async function computeLabelIssues(session: DatasetSession, settings: LabelIssuesSettings): Promise<void> {
  const result = await runTask('Finding label issues', (signal, onProgress) =>
    studentWorker.call('labelIssues', { ...settings, datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal, onProgress }),
  );
  if (result) labelIssues.value = { ...result, datasetId: session.id };
}

/** Opens the Review tab on these items, each shown as a likely label error with the suggested class. */
export function reviewLabelIssues(session: DatasetSession, rows: readonly IssueRow[], className: (c: number) => string): void {
  const report = labelIssues.value;
  if (!report || rows.length === 0) return;
  const picks = rows.map((r) => ({
    item: r.item,
    suggested: r.suggested,
    confidence: 1 - r.selfConfidence,
    margin: r.normalizedMargin,
    entropy: 0,
    dissent: 0,
    voters: 0,
    reason: `likely label error: labelled ${className(r.given)}, out-of-fold students give it ${(r.selfConfidence * 100).toFixed(1)} % (suggest ${className(r.suggested)})`,
  }));
  review.value = { datasetId: session.id, queue: { runId: report.runId, rankedOn: `label issues (${report.folds}-fold students)`, picks, eligible: rows.length }, at: 0, answered: 0, skipped: 0, flagged: 0 };
  go({ name: 'dataset', id: session.id, tab: 'review' });
}

/** The rows (id, text, fields) of the listed items. */
export function issueItems(session: DatasetSession, items: readonly number[]): Promise<ItemRow[]> {
  return readItems(session.id, session.dataset.value.chunkSize, items);
}
