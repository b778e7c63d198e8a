import { signal } from '@preact/signals';
import type { Dataset } from '../../data/db';
import { deleteDataset, listDatasets, newDatasetId } from '../../data/datasets';
import { runningImports } from '../../data/import';
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
