/**
 * Label issues found by k-fold students against a real store (Dexie on fake-indexeddb): the WRENCH
 * youtube sample with 400 pool items labelled by hand from their gold labels, 20 of them flipped.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useDatabase, type Dataset } from '../../src/data/db';
import { loadLabelState } from '../../src/data/labels';
import { readSplits } from '../../src/data/splits';
import { importWrench } from '../../src/data/wrench-import';
import { Split } from '../../src/core/types';
import { runLabelIssues, type LabelIssuesRequest } from './label-issues';
import { useNodeBackend } from '../../src/ml/student/node-backend';

const dir = join(import.meta.dirname, '../../public/sample/wrench_youtube');
const files = ['label.json', 'train.json', 'valid.json', 'test.json'].map((name) => new File([readFileSync(join(dir, name))], name));
const gold = Object.values(JSON.parse(readFileSync(join(dir, 'train.json'), 'utf8')) as Record<string, { label: number }>).map((e) => e.label);
const database = useDatabase('label-issues-test');
let dataset: Dataset;
let labels: Int16Array;
let splits: Uint8Array;
const flipped: number[] = [];
const available = { backends: ['wasm', 'cpu'] as ('wasm' | 'cpu')[], webgpuProblem: 'no WebGPU in Node' };

function request(overrides: Partial<LabelIssuesRequest> = {}): LabelIssuesRequest {
  return {
    datasetId: dataset.id,
    labels,
    splits,
    against: 'given',
    folds: 5,
    features: { kind: 'hashed-ngrams', dim: 4096 },
    arch: 'linear',
    train: { hidden: 16, epochs: 15, batchSize: 32, learningRate: 0.01, l2: 1e-5, seed: 0, patience: 3 },
    ...overrides,
  };
}

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = await importWrench({ datasetId: 'yt', name: 'WRENCH youtube', files });
  labels = (await loadLabelState('yt', dataset.itemCount)).state.label.slice();
  splits = await readSplits(dataset);
  // Train items come first, in train.json's order.
  for (let i = 0; i < 400; i++) {
    expect(splits[i]).toBe(Split.train);
    labels[i] = gold[i];
    if (i % 20 === 7) {
      labels[i] = 1 - gold[i];
      flipped.push(i);
    }
  }
});

describe('label issues from out-of-fold students', () => {
  it('flags most flipped labels, and little else; the run keeps the report', async () => {
    const statuses: string[] = [];
    const result = await runLabelIssues(request(), new AbortController().signal, (m) => statuses.push(m), available);
    expect(result.checked).toBe(400);
    expect(statuses).toContain('Fold 5 of 5: training');
    const flagged = result.rows.filter((r) => r.flagged).map((r) => r.item);
    expect(flagged.length).toBe(result.flagged);
    const found = flagged.filter((i) => flipped.includes(i)).length;
    // 20 flipped among 400; a 5-fold linear student on 320 texts finds most and flags few correct ones.
    expect(found).toBeGreaterThanOrEqual(14);
    expect(found / flagged.length).toBeGreaterThanOrEqual(0.6);
    // Dev and canary items are never judged.
    expect(result.rows.every((r) => splits[r.item] === Split.train)).toBe(true);
    const run = await database.runs.get(result.runId);
    expect(run?.status).toBe('done');
    expect(run?.kind).toBe('label-issues');
    expect((run?.results.rows as unknown[]).length).toBe(400);
  });

  it('says what is missing, and records the failed run', async () => {
    const none = new Int16Array(labels.length).fill(-1);
    await expect(runLabelIssues(request({ labels: none }), new AbortController().signal, () => {}, available)).rejects.toThrow('No pool item has a human label yet');
    await expect(runLabelIssues(request({ against: 'predicted' }), new AbortController().signal, () => {}, available)).rejects.toThrow('Checking predicted labels needs a label model run');
    const failed = (await database.runs.toArray()).filter((r) => r.kind === 'label-issues' && r.status === 'failed');
    expect(failed).toHaveLength(2);
  });
});
