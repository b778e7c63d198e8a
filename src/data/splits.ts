import { assertRealEvaluation } from '../core/canary';
import { readColumn } from './columns';
import { audit } from './datasets';
import { db, type Dataset } from './db';
import { autoSnapshot } from './snapshots';

/** Name of the column marking synthetic items (data/synthetic.ts); here so splits need not import it. */
const SYNTHETIC_COLUMN = 'synthetic';

/** The split of every item, concatenated from the per-chunk column. */
export async function readSplits(dataset: Dataset): Promise<Uint8Array> {
  const splits = new Uint8Array(dataset.itemCount);
  const chunks = await db().columns.where('[datasetId+name]').equals([dataset.id, 'split']).toArray();
  for (const chunk of chunks) splits.set(chunk.data as Uint8Array, chunk.chunk * dataset.chunkSize);
  return splits;
}

/** Rewrites the split column in one transaction: a reader sees either the old or the new splits. */
export async function writeSplits(dataset: Dataset, splits: Uint8Array, reason: Record<string, unknown>): Promise<void> {
  const d = db();
  assertRealEvaluation(splits, await readColumn(dataset, SYNTHETIC_COLUMN, Uint8Array));
  // Re-drawing moves items between canary, dev and train: keep the splits (and what they measured) before.
  if ((await d.columns.where('[datasetId+name]').equals([dataset.id, 'split']).count()) > 0) await autoSnapshot(dataset.id, 'before re-drawing the splits');
  await d.transaction('rw', [d.columns, d.audit], async () => {
    const records = [];
    for (let chunk = 0; chunk < dataset.chunkCount; chunk++) {
      const start = chunk * dataset.chunkSize;
      const end = Math.min(dataset.itemCount, start + dataset.chunkSize);
      records.push({ datasetId: dataset.id, name: 'split', chunk, data: splits.slice(start, end) });
    }
    await d.columns.bulkPut(records);
    await audit(dataset.id, 'splits', reason);
  });
}
