import { signal } from '@preact/signals';
import type { SelectionSpec } from '../../core/curation/selection';
import type { CurateSummary } from '../../../workers/weak/curate';
import { weakWorker } from '../../../workers/clients';
import type { DatasetSession } from './session';
import { runTask } from './tasks';

/** The selection this page saved last (its counts and dev precision), and the dataset's saved names. */
export const curated = signal<(CurateSummary & { datasetId: string }) | null>(null);
export const selectionNames = signal<{ datasetId: string; names: string[] } | null>(null);

export async function loadSelectionNames(session: DatasetSession): Promise<void> {
  const names = await weakWorker.call('selections', { datasetId: session.id });
  selectionNames.value = { datasetId: session.id, names };
}

export async function saveSelection(session: DatasetSession, name: string, spec: SelectionSpec): Promise<void> {
  const result = await runTask('Building the selection', (signal) =>
    weakWorker.call('curate', { datasetId: session.id, name, labels: session.labels.label.slice(), splits: session.splits.slice(), spec }, { signal }),
  );
  if (!result) return;
  curated.value = { ...result, datasetId: session.id };
  await loadSelectionNames(session);
}
