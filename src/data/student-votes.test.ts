import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Source } from './db';
import { useDatabase } from './db';
import { readColumn } from './columns';
import { votesColumn } from './sources';
import { saveStudent } from './students';
import { hamSpamDataset } from './test-dataset';

const database = useDatabase('student-votes-test');
const dataset = hamSpamDataset({ id: 'sv', name: 'student votes', itemCount: 4, chunkSize: 4, chunkCount: 1, committedRows: 4 });
// p(spam) 0.1, 0.35, 0.45, 0.8: argmax says ham, ham, ham, spam.
const probs = Float32Array.of(0.9, 0.1, 0.65, 0.35, 0.55, 0.45, 0.2, 0.8);

async function save(results: Record<string, unknown>): Promise<number[]> {
  const source: Source = { id: 's', datasetId: 'sv', kind: 'student', name: 'S', version: 'run-s', definition: { runId: 'run-s' }, createdAt: 1, updatedAt: 1, enabled: false };
  await database.runs.put({ id: 'run-s', datasetId: 'sv', kind: 'student', status: 'running', createdAt: 1, params: {}, inputs: [], results: {} });
  await saveStudent(dataset, { source, runs: [{ id: 'run-s', inputs: [], results }], probs, weights: { modelJson: '{}', weights: new Uint8Array(0) } });
  return Array.from(await readColumn(dataset, votesColumn('s'), Int8Array, 1, -1));
}

beforeEach(async () => {
  await Promise.all([database.runs.clear(), database.sources.clear(), database.columns.clear()]);
  await database.datasets.put(dataset);
});

describe('a new student’s own votes (its column when enabled as a source)', () => {
  it('are its stored dev-tuned decision on its outputs, as the app labels with it', async () => {
    expect(await save({ name: 'S', decision: { kind: 'threshold', positive: 1, threshold: 0.3 } })).toEqual([0, 1, 1, 1]);
    expect(await save({ name: 'S', decision: { kind: 'weights', weights: [1, 1.5] } })).toEqual([0, 0, 1, 1]);
  });

  it('are argmax without a decision, or with one that is not a decision', async () => {
    expect(await save({ name: 'S' })).toEqual([0, 0, 0, 1]);
    expect(await save({ name: 'S', decision: { kind: 'threshold', positive: 1 } })).toEqual([0, 0, 0, 1]);
  });
});
