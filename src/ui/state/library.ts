import { signal } from '@preact/signals';
import type { Dataset } from '../../data/db';
import { deleteDataset, listDatasets, newDatasetId } from '../../data/datasets';
import { importLockName, runningImports } from '../../data/import';
import type { ImageMapping, ImportMapping } from '../../data/db';
import type { ClassDef } from '../../core/types';
import { dataWorker } from '../../../workers/clients';
import { runTask } from './tasks';

/** All datasets in this browser's store, ready or interrupted mid-import. */
export const datasets = signal<Dataset[]>([]);
export const loaded = signal(false);
/** Datasets being imported right now (by this tab or another): not offered for resume or discard. */
export const importing = signal<Set<string>>(new Set());

export async function refreshDatasets(): Promise<void> {
  const [all, running] = await Promise.all([listDatasets(), runningImports()]);
  datasets.value = all;
  importing.value = running;
  loaded.value = true;
  for (const id of running) watchImport(id);
}

const watched = new Set<string>();

/**
 * Refreshes once the import's lock is released: it finished, failed, or its tab went away (a reload's
 * old worker can still hold the lock when the new page first looks, so "importing now" would stick).
 */
function watchImport(datasetId: string): void {
  if (watched.has(datasetId)) return;
  watched.add(datasetId);
  navigator.locks
    .request(importLockName(datasetId), { mode: 'shared' }, () => undefined)
    .finally(() => {
      watched.delete(datasetId);
      return refreshDatasets();
    })
    .catch(() => undefined);
}

export async function importFiles(name: string, files: File[], mapping: ImportMapping | ImageMapping, classes: ClassDef[]): Promise<Dataset | undefined> {
  const datasetId = newDatasetId();
  const result = await runTask(`Importing ${name}`, (signal, onProgress) =>
    dataWorker.call('import', { datasetId, name, files, mapping, classes }, { signal, onProgress }),
  );
  await refreshDatasets();
  return result;
}

export async function resumeImport(dataset: Dataset, files: File[]): Promise<Dataset | undefined> {
  const result = await runTask(`Resuming ${dataset.name}`, (signal, onProgress) =>
    dataWorker.call('resume', { datasetId: dataset.id, files }, { signal, onProgress }),
  );
  await refreshDatasets();
  return result;
}

export async function removeDataset(id: string): Promise<void> {
  await deleteDataset(id);
  await refreshDatasets();
}
