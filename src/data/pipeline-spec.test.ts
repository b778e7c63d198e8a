import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { parseSpec, specToJson } from '../core/spec/index';
import { useDatabase, type Dataset } from './db';
import { exportPipelineSpec } from './pipeline-spec';

const database = useDatabase('pipeline-spec-test');
const dataset = {
  id: 'p', name: 'spec', kind: 'text', status: 'ready', createdAt: 0, updatedAt: 0, itemCount: 0, chunkSize: 8, chunkCount: 0,
  classes: [{ name: 'ham', key: '1', color: '#000' }, { name: 'spam', key: '2', color: '#fff' }],
  fields: [], files: [], mapping: { format: 'csv', textColumn: 'text', idColumn: null, labelColumn: null, labelValues: {}, keepColumns: [] }, committedRows: 0, notices: [],
} as unknown as Dataset;

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
