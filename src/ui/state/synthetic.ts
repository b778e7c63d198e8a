import { signal } from '@preact/signals';
import { acceptanceFailures, type AcceptanceCriteria, type SyntheticBatch, type SyntheticMethod } from '../../core/synthetic/batch';
import { getDataset } from '../../data/datasets';
import { forgetChunks } from '../../data/items';
import { tableColumns } from '../../data/item-table';
import { batchColumns, criteriaOf, decideBatch, saveSyntheticCriteria } from '../../data/synthetic';
import type { ImageAugmentOptions } from '../../core/synthetic/augment-image';
import type { SetQuery, SetsReport } from '../../data/synthetic-run';
import type { HelpReport, TstrReport } from '../../data/synthetic-check';
import { tableWorker } from '../../../workers/clients';
import { itemsChanged, type DatasetSession } from './session';
import { runTask, say } from './tasks';

/** The batch whose report is open in the Synthetic tab (kept across the session reopening after a batch). */
export const openBatch = signal<number | null>(null);
/** The last report of two item sets in the Fidelity tab. */
export const setsReport = signal<(SetsReport & { title: string }) | null>(null);

/** The last train-on-synthetic report (of one batch), and the last with/without-batches comparison. */
export const tstrReport = signal<TstrReport | null>(null);
export const helpReport = signal<HelpReport | null>(null);

export { criteriaOf };

/**
 * The dataset's columns as a table, or why it has none (an image dataset, unless `images`: then the
 * columns a batch's rows carry, its item fields, since image exemplars exist but table reports do not).
 */
export function columnsOrWhy(session: DatasetSession, { images = false } = {}): { columns: string[] } | { why: string } {
  try {
    const dataset = session.dataset.value;
    return { columns: images ? batchColumns(dataset) : tableColumns(dataset) };
  } catch (error) {
    return { why: error instanceof Error ? error.message : String(error) };
  }
}

/** Real labeled items per class, in train (what exemplars are made from) and in all splits. */
export function classCounts(session: DatasetSession): { train: number[]; all: number[] } {
  const k = session.dataset.value.classes.length;
  const train = new Array<number>(k).fill(0);
  const all = new Array<number>(k).fill(0);
  const labels = session.labels.label;
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label < 0 || label >= k || session.synthetic[i]) continue;
    all[label]++;
    if (session.splits[i] === 0) train[label]++;
  }
  return { train, all };
}

async function refreshDataset(session: DatasetSession): Promise<void> {
  const fresh = await getDataset(session.id);
  if (fresh) session.dataset.value = fresh;
}

export async function generateExemplars(session: DatasetSession, request: { classIndex: number; count: number; method: SyntheticMethod; seed: number; transforms?: ImageAugmentOptions }): Promise<void> {
  const className = session.dataset.value.classes[request.classIndex]?.name;
  const batch = await runTask(`Generating ${request.count.toLocaleString('en-US')} exemplars of "${className}"`, (signal, onProgress) =>
    tableWorker.call('generate', { datasetId: session.id, ...request }, { signal, onProgress }),
  );
  if (!batch) return;
  say('info', `Batch ${batch.number}: ${batch.count.toLocaleString('en-US')} exemplars of "${className}" added, marked synthetic, not yet in training.`);
  openBatch.value = batch.number;
  // The items changed under the open session: drop cached chunks and reopen it.
  forgetChunks(session.id);
  itemsChanged.value++;
}

export async function acceptBatch(session: DatasetSession, batch: SyntheticBatch, override: { reason: string } | null): Promise<void> {
  const criteria = criteriaOf(session.dataset.value);
  const failures = acceptanceFailures(batch.scores, criteria);
  try {
    if (failures.length > 0 && !override) throw new Error(`Batch ${batch.number} fails the criteria (${failures.join('; ')}); accept it with an override and a reason, or reject it.`);
    const at = Date.now();
    await decideBatch(session.id, batch.number, failures.length === 0 ? { status: 'accepted', at, criteria } : { status: 'overridden', at, criteria, reason: override!.reason, failures });
    say('info', failures.length === 0 ? `Batch ${batch.number} accepted: it passes the criteria and enters training.` : `Batch ${batch.number} enters training by your override (recorded with your reason).`);
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
  await refreshDataset(session);
}

export async function rejectBatch(session: DatasetSession, batch: SyntheticBatch): Promise<void> {
  try {
    await decideBatch(session.id, batch.number, { status: 'rejected', at: Date.now() });
    say('info', `Batch ${batch.number} rejected: its items stay marked synthetic and never train.`);
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
  }
  await refreshDataset(session);
}

export async function saveCriteria(session: DatasetSession, criteria: AcceptanceCriteria): Promise<boolean> {
  try {
    await saveSyntheticCriteria(session.id, criteria);
    await refreshDataset(session);
    say('info', 'Acceptance criteria saved.');
    return true;
  } catch (error) {
    say('error', error instanceof Error ? error.message : String(error));
    return false;
  }
}

export async function compareSets(session: DatasetSession, a: SetQuery, b: SetQuery, title: string): Promise<void> {
  const result = await runTask('Computing the fidelity report', (signal, onProgress) => tableWorker.call('fidelity', { datasetId: session.id, a, b }, { signal, onProgress }));
  if (result) setsReport.value = { ...result, title };
}

export async function checkOnCanary(session: DatasetSession, batch: number): Promise<void> {
  const result = await runTask(`Train on batch ${batch}, test on the canary`, (signal, onProgress) => tableWorker.call('tstr', { datasetId: session.id, batch }, { signal, onProgress }));
  if (result) tstrReport.value = result;
}

export async function checkBatchesHelp(session: DatasetSession): Promise<void> {
  const result = await runTask('Canary with and without the accepted batches', (signal, onProgress) => tableWorker.call('help', { datasetId: session.id }, { signal, onProgress }));
  if (result) helpReport.value = result;
}
