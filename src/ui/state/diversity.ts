import { signal } from '@preact/signals';
import type { DiversitySummary } from '../../../workers/weak/diversity';
import { weakWorker } from '../../../workers/clients';
import { loadSelectionNames } from './curate';
import type { DatasetSession } from './session';
import { runTask } from './tasks';

/** The diverse subset this page saved last: its per-class counts and covering radius. */
export const diverse = signal<(DiversitySummary & { datasetId: string }) | null>(null);

export async function pickDiverse(session: DatasetSession, settings: { name: string; size: number; embedderId: string; within: string | null; secondThread: boolean }): Promise<void> {
  const result = await runTask('Picking a diverse subset', (signal, onProgress) =>
    weakWorker.call('diversity', { ...settings, datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal, onProgress }),
  );
  if (!result) return;
  diverse.value = { ...result, datasetId: session.id };
  await loadSelectionNames(session);
}
