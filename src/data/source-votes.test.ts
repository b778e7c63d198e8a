import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SourceOf } from '../core/records';
import { useDatabase } from './db';
import { hamSpamDataset } from './test-dataset';
import { probsColumn } from './sources';
import { votesFromStoredProbs } from './source-votes';

const database = useDatabase('source-votes-test');
const dataset = hamSpamDataset({ id: 'v', name: 'votes', itemCount: 3, chunkSize: 3, chunkCount: 1, committedRows: 3 });

describe('votes recomputed from stored probabilities', () => {
  it('keep a registry teacher’s decision (its card’s threshold over its own labels) on the raw outputs', async () => {
    await database.datasets.put(dataset);
    // Dataset-class probabilities (ham, spam); the teacher's labels are (spam, ham) with a threshold of 0.2 on "spam".
    await database.columns.put({ datasetId: 'v', name: probsColumn('t'), chunk: 0, data: Float32Array.of(0.7, 0.3, 0.9, 0.1, 0.4, 0.6) });
    const source = {
      id: 't', datasetId: 'v', kind: 'teacher', name: 'student (teacher)', version: 'h', createdAt: 0, updatedAt: 0, enabled: true,
      definition: { labelMap: [1, 0], teacherLabels: ['spam', 'ham'], threshold: null, decision: { kind: 'threshold', positive: 0, threshold: 0.2 } },
    } as unknown as SourceOf<'teacher'>;
    const { chunks } = await votesFromStoredProbs(dataset, source, 0.25);
    expect(Array.from(chunks[0].votes)).toEqual([1, 0, 1]);
    const plain = await votesFromStoredProbs(dataset, { ...source, definition: { ...source.definition, decision: undefined } }, 0.25);
    expect(Array.from(plain.chunks[0].votes)).toEqual([0, 0, 1]);
  });
});
