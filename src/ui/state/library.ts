import { signal } from '@preact/signals';
import type { Dataset } from '../../data/db';
import { deleteDataset, listDatasets, newDatasetId } from '../../data/datasets';
import { importLockName, runningImports } from '../../data/import';
import type { ImageMapping, ImportMapping } from '../../data/db';
import { openStore } from '../../data/store-open';
import type { ClassDef } from '../../core/types';
import { dataWorker } from '../../../workers/clients';
import { runTask } from './tasks';

/** All datasets in this browser's store, ready or interrupted mid-import. */
export const datasets = signal<Dataset[]>([]);
export const loaded = signal(false);
/** Datasets being imported right now (by this tab or another): not offered for resume or discard. */
export const importing = signal<Set<string>>(new Set());

/** Why the store cannot be used at all (e.g. written by a newer Sift); the app shows only this. */
export const storeProblem = signal<string | null>(null);
/** Nothing may touch the store before this: Dexie would add its tables to a newer store, changing it. */
export const storeOpen = signal(false);

/** First thing the app does: open the store (or say why not) and list the datasets. */
export async function openLibrary(onUpgradedElsewhere: () => void): Promise<void> {
  try {
    await openStore(onUpgradedElsewhere);
  } catch (error) {
    storeProblem.value = error instanceof Error ? error.message : String(error);
    return;
  }
  storeOpen.value = true;
  await refreshDatasets();
}

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

export { isSiftExport } from '../../data/sift-import';
/** Which picked files are images, and where each sits in a picked folder. */
export { isImageFile, relativePath } from '../../data/import-images';
/** Ids for datasets that an import (in the data worker) is about to create. */
export { newDatasetId };

/** Brings a Sift export back as a dataset: items, labels, splits, sources' votes and lineage. */
export async function importSiftExport(files: File[]): Promise<Dataset | undefined> {
  const dataset = await runTask(`Importing the Sift export ${files[0].name}`, (signal) => dataWorker.call('importSift', { datasetId: newDatasetId(), files }, { signal }));
  await refreshDatasets();
  return dataset;
}
