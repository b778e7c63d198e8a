/**
 * A linear student on the wine table, imported as the app imports it (typed columns, no text): its
 * table features are fitted on the training rows and it is scored on a canary split it never saw.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Split } from '../../src/core/types';
import { useDatabase, type Dataset, type ImportMapping } from '../../src/data/db';
import { beginImport, runImport } from '../../src/data/import';
import { loadLabelState } from '../../src/data/labels';
import { writeSplits } from '../../src/data/splits';
import { useNodeBackend } from '../../src/ml/student/node-backend';
import { canaryReportOf } from './outputs';
import { runStudent, type StudentRequest } from './run-student';
import { datasetFeatures } from './dataset-features';
import { DEFAULT_TABLE_FEATURES } from '../../src/core/features/table';

const WINE = ['alcohol', 'malic_acid', 'ash', 'alcalinity_of_ash', 'magnesium', 'total_phenols', 'flavanoids', 'nonflavanoid_phenols', 'proanthocyanins', 'color_intensity', 'hue', 'od280_od315', 'proline'];
const file = () => new File([readFileSync(new URL('../../public/sample/tabular/wine.csv', import.meta.url))], 'wine.csv');
const available = { backends: ['wasm', 'cpu'] as ('wasm' | 'cpu')[], webgpuProblem: 'no WebGPU in Node' };
const noop = () => {};
let dataset: Dataset;
let labels: Int16Array;
let splits: Uint8Array;

beforeAll(async () => {
  await useNodeBackend('wasm');
  useDatabase('table-student-test');
  const mapping: ImportMapping = {
    format: 'csv', delimiter: ',', textColumn: null, columnTypes: Object.fromEntries(WINE.map((c) => [c, 'numeric' as const])),
    idColumn: 'id', labelColumn: 'cultivar', labelValues: { cultivar_0: 0, cultivar_1: 1, cultivar_2: 2 }, keepColumns: WINE,
  };
  const classes = [0, 1, 2].map((k) => ({ name: `cultivar_${k}`, color: '#000000', key: String(k + 1) }));
  await beginImport({ datasetId: 'wine', name: 'wine', files: [file()], mapping, classes });
  dataset = await runImport('wine', [file()], undefined, noop);
  labels = (await loadLabelState('wine', dataset.itemCount)).state.label.slice();
  // Every third row is canary: the rows are sorted by class, so each class lands in every split.
  splits = new Uint8Array(dataset.itemCount).map((_, i) => (i % 3 === 0 ? Split.canary : Split.train));
  await writeSplits(dataset, splits, { test: true });
});

function request(): StudentRequest {
  return {
    datasetId: 'wine', name: 'Wine linear', labels, splits, features: { kind: 'table', ...DEFAULT_TABLE_FEATURES }, arch: 'linear', mode: 'seeds', devSeeds: false, teacher: null,
    temperature: 1, alpha: 1, weighting: 'none', rounds: 1, thresholds: { mode: 'precision', target: 0.9 }, calibration: 'temperature',
    train: { hidden: 16, epochs: 60, batchSize: 16, learningRate: 0.03, l2: 1e-5, seed: 0, patience: 60 }, backend: 'auto',
  };
}

describe('a student on a table', () => {
  it('trains on standardised columns and classifies the held-out canary rows', async () => {
    const summary = await runStudent(request(), new AbortController().signal, noop, noop, available);
    expect(summary.features).toMatch(/table columns \(13 numeric\), 13 dims/);
    const report = await canaryReportOf({ datasetId: 'wine', labels, splits, costs: { fp: [1, 1, 1], fn: [1, 1, 1] } });
    const student = report.rows.find((r) => r.name === 'Wine linear')!;
    expect(student.count).toBe(60);
    // Linear models separate the three cultivars almost perfectly once the columns are standardised.
    expect(student.accuracy).toBeGreaterThan(0.9);
  });

  it('refuses table features for a dataset that is not a table, and without training rows', async () => {
    const spec = { kind: 'table' as const, topK: 5, textDim: 16 };
    await expect(datasetFeatures({ ...dataset, kind: 'text', columnTypes: undefined }, spec, undefined, undefined, () => true)).rejects.toThrow('Table features need a table dataset');
    await expect(datasetFeatures(dataset, spec)).rejects.toThrow('Table features are fitted on the training rows: none were given.');
  });
});
