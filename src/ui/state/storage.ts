import { signal } from '@preact/signals';
import { pruneAutoSnapshots, type PruneResult } from '../../data/snapshot-prune';
import { deleteVectors, measureStore, type StoreUsage } from '../../data/usage';
import { removeDataset } from './library';

/** The store's usage by dataset and kind, as last measured (null until Settings measures it). */
export const storeUsage = signal<StoreUsage | null>(null);
export const measuringUsage = signal(false);

export async function measureUsage(): Promise<void> {
  measuringUsage.value = true;
  try {
    storeUsage.value = await measureStore();
  } finally {
    measuringUsage.value = false;
  }
}

export async function freeVectors(datasetId: string, column: string): Promise<void> {
  await deleteVectors(datasetId, column);
  await measureUsage();
}

export async function freeAutoSnapshots(datasetId: string): Promise<PruneResult> {
  const result = await pruneAutoSnapshots(datasetId);
  await measureUsage();
  return result;
}

export async function freeDataset(datasetId: string): Promise<void> {
  await removeDataset(datasetId);
  await measureUsage();
}
