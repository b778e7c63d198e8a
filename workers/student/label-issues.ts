import { SiftError, throwIfAborted } from '../../src/core/errors';
import { fitIndices } from '../../src/core/canary';
import { issueReport, stratifiedFolds, type IssueReport } from '../../src/core/label-issues/out-of-fold';
import { validateLabeledProbs } from '../../src/core/label-issues/types';
import { planRows } from '../../src/core/student/plan';
import { buildTargets } from '../../src/core/student/targets';
import { readColumn } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import { beginRun, endRunWithError, finishRun, underRunLock } from '../../src/data/run-lifecycle';
import { listRuns, newRunId } from '../../src/data/runs';
import { probsColumn } from '../../src/data/sources';
import { chooseBackend, type BackendName } from '../../src/ml/student/backend';
import { datasetFeatures, type FeatureSpec } from './dataset-features';
import type { StudentArch } from '../../src/ml/student/model';
import { predictProbs, trainStudent, type TrainConfig } from '../../src/ml/student/train';
import { Split } from '../../src/core/types';
import { runStepTitle } from '../../src/core/records/run-titles';

/**
 * Label issues found by the app itself: k students, each trained on all labelled pool items but one
 * fold and predicting that fold, give every item an out-of-fold probability; confident learning then
 * judges the labels against them. The labels judged are the human ones ("given") or, for items without
 * one, the newest label model's ("predicted"). Dev and canary items are neither judged nor trained on.
 */
export interface LabelIssuesRequest {
  datasetId: string;
  labels: Int16Array;
  splits: Uint8Array;
  against: 'given' | 'predicted';
  folds: number;
  features: FeatureSpec;
  arch: StudentArch;
  train: Omit<TrainConfig, 'arch' | 'name'>;
  /** Rows kept in the stored report (most likely errors first). */
  limit?: number;
}

/** The TF.js backends this platform has (the worker measures them, like a student run). */
export interface Available {
  backends: BackendName[];
  webgpuProblem: string | null;
}

export interface LabelIssuesResult extends IssueReport {
  runId: string;
  against: 'given' | 'predicted';
  folds: number;
  features: string;
  backend: string;
}

const REPORT_ROWS = 2000;

/** What the run read: the label model run whose predictions were judged. */
type RunInput = { sourceId: string; version: string | null };

/** The judged items and their labels: human labels on pool items, and (predicted) the label model's argmax for the rest. */
async function judgedLabels(request: LabelIssuesRequest, k: number): Promise<{ items: Uint32Array; labels: Int32Array; inputs: RunInput[] }> {
  const plan = planRows(request.labels, request.splits, { devSeeds: 'none' });
  const label = new Map<number, number>();
  plan.seedRows.forEach((item, s) => label.set(item, plan.seedLabels[s]));
  let inputs: RunInput[] = [];
  if (request.against === 'predicted') {
    const dataset = (await getDataset(request.datasetId))!;
    const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
    if (!run) throw new SiftError('label-issues/no-model', 'Checking predicted labels needs a label model run: run one first (Label model tab), or check the human labels.');
    const probs = await readColumn(dataset, probsColumn(run.id), Float32Array, k);
    for (const item of fitIndices(request.splits, 'training', 'train')) {
      if (label.has(item)) continue;
      let best = 0;
      for (let j = 1; j < k; j++) if (probs[item * k + j] > probs[item * k + best]) best = j;
      // Items the label model has no evidence on (uniform rows) carry no prediction to judge.
      if (probs[item * k + best] > 1 / k + 1e-6) label.set(item, best);
    }
    inputs = [{ sourceId: run.id, version: null }];
  }
  const items = Uint32Array.from([...label.keys()].sort((a, b) => a - b));
  return { items, labels: Int32Array.from(items, (i) => label.get(i)!), inputs };
}

export function runLabelIssues(request: LabelIssuesRequest, signal: AbortSignal, onStatus: (message: string, done?: number, total?: number) => void, available: Available): Promise<LabelIssuesResult> {
  const runId = newRunId('label-issues');
  const { labels: _labels, splits: _splits, ...params } = request;
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId: request.datasetId, kind: 'label-issues', params, inputs: [] });
    try {
      return await findIssues(runId, request, signal, onStatus, available);
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
  });
}

async function findIssues(runId: string, request: LabelIssuesRequest, signal: AbortSignal, onStatus: (message: string, done?: number, total?: number) => void, available: Available): Promise<LabelIssuesResult> {
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('label-issues/dataset', 'This dataset no longer exists.');
  const k = dataset.classes.length;
  const classNames = dataset.classes.map((c) => c.name);
  const { items, labels, inputs } = await judgedLabels(request, k);
  if (items.length === 0) {
    throw new SiftError('label-issues/none', request.against === 'given' ? 'No pool item has a human label yet: label some, or check the label model\u2019s predicted labels.' : 'No pool item has a label to check.');
  }
  const fold = stratifiedFolds(labels, request.folds, request.train.seed);
  onStatus('Reading features…');
  const isTrain = (i: number) => request.splits[i] === Split.train;
  const { features, description } = await datasetFeatures(dataset, request.features, signal, (done, total) => onStatus(`Features: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} items`), isTrain);
  throwIfAborted(signal);
  onStatus('Choosing a backend…');
  const width = features.shape.reduce((a, b) => a * b, 1);
  const backend = await chooseBackend({ preference: 'auto', width, available: available.backends, webgpuProblem: available.webgpuProblem });
  const oof = new Float32Array(items.length * k);
  const config: TrainConfig = { ...request.train, arch: request.arch, name: 'sift_fold' };
  for (let f = 0; f < request.folds; f++) {
    throwIfAborted(signal);
    onStatus(`Fold ${f + 1} of ${request.folds}: training`, f, request.folds);
    const trainAt: number[] = [];
    const heldAt: number[] = [];
    for (let r = 0; r < items.length; r++) (fold[r] === f ? heldAt : trainAt).push(r);
    const targets = buildTargets({ k, splits: request.splits, purpose: 'training', seedRows: Uint32Array.from(trainAt, (r) => items[r]), seedLabels: Int16Array.from(trainAt, (r) => labels[r]), classNames });
    const trained = await trainStudent(features, targets, null, config, { signal });
    try {
      const held = await predictProbs(trained.model, features, Uint32Array.from(heldAt, (r) => items[r]), 512, signal);
      heldAt.forEach((r, h) => oof.set(held.subarray(h * k, (h + 1) * k), r * k));
    } finally {
      trained.model.dispose();
    }
  }
  onStatus('Finding label issues…', request.folds, request.folds);
  const input = { n: items.length, k, probs: oof, labels };
  validateLabeledProbs(input, (r) => `item ${items[r]}`);
  const report = issueReport(input, items, request.limit ?? REPORT_ROWS);
  const results = { against: request.against, folds: request.folds, features: description, backend: backend.reason, ...report };
  await finishRun(runId, results, { what: runStepTitle('label-issues', 'finish'), inputs, audit: { checked: report.checked, flagged: report.flagged } });
  return { runId, ...results };
}
