import type { SiftDb } from './db';
import { probsColumn, votesColumn } from './sources';

/**
 * For tests: a finished student on a one-chunk dataset, as `saveStudent` leaves it (training run, disabled
 * student source, probability and vote columns), predicting `predicted` with probabilities 0.8 / 0.2.
 */
export async function putBinaryStudent(database: SiftDb, datasetId: string, id: string, at: number, predicted: number[], results: Record<string, unknown> = {}): Promise<void> {
  const runId = `run-${id}`;
  await database.runs.put({ id: runId, datasetId, kind: 'student', status: 'done', createdAt: at, params: { name: id, arch: 'linear', mode: 'distill' }, inputs: [], results: { name: id, ...results } });
  await database.sources.put({ id, datasetId, kind: 'student', name: id, version: runId, definition: { runId }, createdAt: at, updatedAt: at, enabled: false });
  await database.columns.bulkPut([
    { datasetId, name: probsColumn(id), chunk: 0, data: Float32Array.from(predicted.flatMap((y) => (y === 1 ? [0.2, 0.8] : [0.8, 0.2]))) },
    { datasetId, name: votesColumn(id), chunk: 0, data: Int8Array.from(predicted) },
  ]);
}
