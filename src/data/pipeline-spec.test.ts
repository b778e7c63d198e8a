import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseSpec, specToJson } from '../core/spec/index';
import { useDatabase } from './db';
import { hamSpamDataset } from './test-dataset';
import { exportPipelineSpec } from './pipeline-spec';

const database = useDatabase('pipeline-spec-test');
const dataset = hamSpamDataset({ id: 'p', name: 'spec', itemCount: 0, chunkSize: 8, chunkCount: 0, committedRows: 0 });

describe('the exported pipeline spec', () => {
  it('carries the label-model run’s dev-tuned decision, and none for a run from before decisions were stored', async () => {
    await database.datasets.put(dataset);
    const decision = { kind: 'threshold' as const, positive: 1, threshold: 0.35 };
    await database.runs.put({ id: 'lm-old', datasetId: 'p', kind: 'label-model', status: 'done', createdAt: 1, params: { method: 'mv', seed: 0 }, inputs: [], results: { chosen: 'mv' } });
    expect((await exportPipelineSpec('p')).decision).toBeUndefined();
    await database.runs.put({ id: 'lm-new', datasetId: 'p', kind: 'label-model', status: 'done', createdAt: 2, params: { method: 'auto', seed: 0 }, inputs: [], results: { chosen: 'mv', decision } });
    const spec = await exportPipelineSpec('p');
    expect(spec.decision).toEqual(decision);
    expect(parseSpec(specToJson(spec)).decision).toEqual(decision);
  });
});
