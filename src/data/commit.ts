import { NO_LABEL, Split } from '../core/types';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { db, type Dataset, type ItemChunk, type LabelEvent } from './db';

/**
 * Writes one chunk of items with its split column, its imported labels (one label event) and the
 * dataset's progress marker in a single transaction: after a crash, a chunk is either whole or absent.
 * The store must start the transaction within `startWithinMs` (a stuck writer elsewhere fails the
 * import with a specific error instead of stalling it in silence); once started it runs to its end.
 */
export async function commitChunk(dataset: Dataset, chunk: ItemChunk, labels: number[], totalRowsAfter: number, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  const labeled: number[] = [];
  const labelValues: number[] = [];
  for (let i = 0; i < chunk.count; i++) {
    if (labels[i] !== NO_LABEL) {
      labeled.push(chunk.start + i);
      labelValues.push(labels[i]);
    }
  }
  const d = db();
  await startBounded(`Importing "${dataset.name}"`, 'rw', [d.chunks, d.columns, d.labelEvents, d.datasets], async () => {
    await d.chunks.put(chunk);
    await d.columns.put({ datasetId: dataset.id, name: 'split', chunk: chunk.index, data: new Uint8Array(chunk.count).fill(Split.train) });
    if (labeled.length > 0) {
      const event: LabelEvent = {
        datasetId: dataset.id,
        kind: 'set',
        by: 'import',
        at: dataset.createdAt,
        items: Uint32Array.from(labeled),
        labels: Int16Array.from(labelValues),
        prev: new Int16Array(labeled.length).fill(NO_LABEL),
        importChunk: chunk.index,
      };
      await d.labelEvents.add(event);
    }
    await d.datasets.update(dataset.id, { committedRows: totalRowsAfter, chunkCount: chunk.index + 1, updatedAt: Date.now() });
  }, startWithinMs);
}

/**
 * Marks an import whose every chunk is committed "ready", with its audit entry, in one transaction the
 * store must start within `startWithinMs`: the user waits on it like on a chunk. One not started
 * leaves the import "importing" with all its rows, so resuming it only has this step left.
 */
export async function commitImportReady(dataset: Dataset, ready: Partial<Dataset>, action: string, detail: Record<string, unknown>, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<Dataset> {
  const d = db();
  await startBounded(`Importing "${dataset.name}"`, 'rw', [d.datasets, d.audit], async () => {
    await d.datasets.update(dataset.id, ready);
    await audit(dataset.id, action, detail);
  }, startWithinMs);
  return { ...dataset, ...ready } as Dataset;
}
