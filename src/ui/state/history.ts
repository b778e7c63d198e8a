import { loadHistory, restoreLfVersion, thresholdAt, type HistoryRow } from '../../data/history';
import { watch } from '../../data/live';
import { teacherWorker } from '../../../workers/clients';
import type { DatasetSession } from './session';
import { runTask, say } from './tasks';
import { refreshSources } from './weak';

export type { HistoryRow };

/** The change log, live: a change or a refit in any tab or worker shows without a refresh. */
export function watchHistory(datasetId: string, onRows: (rows: HistoryRow[]) => void): () => void {
  return watch(() => loadHistory(datasetId), onRows, (error) => say('error', error instanceof Error ? error.message : String(error)));
}

/** Brings back the LF or threshold on one side of a logged change; the restore is logged as a change too. */
export async function restoreChange(session: DatasetSession, row: HistoryRow, side: 'before' | 'after'): Promise<void> {
  const seq = row.entry.seq!;
  if (row.entry.kind === 'lf') {
    const restored = await runTask(`Restoring ${row.entry.name}`, () => restoreLfVersion(seq, side));
    if (!restored) return;
    await refreshSources(session);
    say('info', `Restored LF "${restored.name}". Apply it and refit the label model to see its effect.`);
  } else if (row.entry.kind === 'threshold') {
    const result = await runTask(`Restoring the threshold of ${row.entry.name}`, async () => {
      const { sourceId, threshold } = await thresholdAt(seq, side);
      return teacherWorker.call('retune', { sourceId, threshold, restoredFrom: { seq, side } });
    });
    if (!result) return;
    await refreshSources(session);
    say('info', `Restored the threshold of ${row.entry.name}: ${result.voted.toLocaleString('en-US')} items voted.`);
  }
}
