import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { SourceOf } from '../core/records';
import { useDatabase } from './db';
import { hamSpamDataset } from './test-dataset';
import { calibratedColumn, probsColumn } from './sources';
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

  it('from calibrated probabilities go by the decision stored with the calibration; an older calibration run (none stored) votes argmax', async () => {
    await database.datasets.put(dataset);
    await database.columns.bulkPut([
      { datasetId: 'v', name: probsColumn('c'), chunk: 0, data: Float32Array.of(0.7, 0.3, 0.9, 0.1, 0.4, 0.6) },
      { datasetId: 'v', name: calibratedColumn('c'), chunk: 0, data: Float32Array.of(0.65, 0.35, 0.8, 0.2, 0.45, 0.55) },
    ]);
    const calibration = { id: 'cal-1', datasetId: 'v', kind: 'calibration', status: 'done', createdAt: 1, inputs: [], params: { key: 'c', method: 'temperature' } } as const;
    // The card's threshold (0.2 on "spam" over the teacher's labels) restated for the calibrated outputs: 0.3 on spam.
    await database.runs.put({ ...calibration, results: { decision: { kind: 'threshold', positive: 1, threshold: 0.3 }, decisionHow: 'restated' } });
    const source = {
      id: 'c', datasetId: 'v', kind: 'teacher', name: 'student (teacher)', version: 'h', createdAt: 0, updatedAt: 0, enabled: true,
      definition: { labelMap: [1, 0], teacherLabels: ['spam', 'ham'], threshold: null, decision: { kind: 'threshold', positive: 0, threshold: 0.2 }, votesFrom: { from: 'calibrated', calibrationRunId: 'cal-1' } },
    } as unknown as SourceOf<'teacher'>;
    const { chunks, basis } = await votesFromStoredProbs(dataset, source, 0.3);
    expect(basis.from).toBe('calibrated');
    // Spam above 0.3 (calibrated), abstaining where the chosen class's calibrated probability is under the vote threshold 0.3.
    expect(Array.from(chunks[0].votes)).toEqual([1, 0, 1]);
    await database.runs.put({ ...calibration, results: {} });
    expect(Array.from((await votesFromStoredProbs(dataset, source, 0.3)).chunks[0].votes)).toEqual([0, 0, 1]);
  });
});
