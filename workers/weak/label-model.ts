import { compareLabelModels, type BaselineRow, type CompareResult, type MethodChoice, type MethodRow, type SplitCounts } from '../../src/core/weak/compare';
import type { Decision } from '../../src/core/labelmodel/decision';
import type { SelectionMetric } from '../../src/core/metrics/selection';
import { confidenceOf } from '../../src/core/weak/votes';
import type { TiePolicy } from '../../src/core/labelmodel/index';
import { audit, getDataset } from '../../src/data/datasets';
import { readColumnChunks } from '../../src/data/columns';
import { isStoreBusy, startBoundedRead, USER_WRITE_DEADLINE_MS } from '../../src/data/bounded-write';
import type { ColumnChunk } from '../../src/data/db';
import { SiftError } from '../../src/core/errors';
import type { LabelModelRun } from '../../src/core/records';
import { beginRun, endRunWithError, finishRun, underRunLock } from '../../src/data/run-lifecycle';
import { dropLabelModelOutputs, listRuns, newRunId } from '../../src/data/runs';
import { logLabelModelChoice } from '../../src/data/history';
import { predColumn, probsColumn } from '../../src/data/sources';
import { resolveDatasetLabels } from '../../src/data/dataset-labels';
import { applyDecision } from '../../src/core/labelmodel/decision';
import { tieKeys, voteMatrixOf } from './matrix';
import { runStepTitle } from '../../src/core/records/run-titles';

export interface LabelModelRequest {
  datasetId: string;
  sourceIds: string[];
  /** Current human labels and splits, as the page holds them. */
  labels: Int16Array;
  splits: Uint8Array;
  method: MethodChoice;
  ties: TiePolicy;
  priorFromDev: boolean;
  /** Human labels on pool items count where a method learns from labels (a review refit's seeds). */
  poolLabels?: boolean;
  seed: number;
  /** The dataset's selection metric (default macro-F1). */
  metric?: SelectionMetric;
}

/** What a label-model run stores in its `runs` record (and the tab shows). */
export interface LabelModelSummary {
  runId: string;
  chosen: string;
  selectedBy: string;
  rows: MethodRow[];
  counts: SplitCounts;
  prior: 'model' | 'dev';
  /** Items with at least one vote, over all items. */
  coverage: number;
  sourceAccuracy: number[];
  note: string;
  /** The metric that drove the choices, as shown ("F1 of spam"). */
  metric?: string;
  /** The chosen model's decision rule, tuned on dev. */
  decision?: Decision;
  baseline?: BaselineRow | null;
  warnings?: string[];
}

export interface ItemPrediction {
  /** Whose probability column holds these: a label-model run id, or a student's source id. */
  runId: string;
  /** Which run supplies the dataset's labels, and why (absent right after a label-model fit: that model). */
  from?: { kind: 'label-model' | 'student'; name: string; reason: string };
  label: Int16Array;
  confidence: Float32Array;
}

/** Label-model runs whose columns are kept; older runs keep their record (lineage) but not their columns. */
const KEEP_RUN_COLUMNS = 3;

/** Each read and write of the fit must be started by the store within `startWithinMs` (src/data/bounded-write.ts). */
export async function runLabelModel(
  request: LabelModelRequest,
  signal: AbortSignal,
  onProgress: (done: number, total: number, message: string) => void,
  startWithinMs = USER_WRITE_DEADLINE_MS,
): Promise<{ summary: LabelModelSummary; prediction: ItemPrediction }> {
  const { dataset, sources, votes, revisions } = await voteMatrixOf(request.datasetId, request.sourceIds, 'The label model', startWithinMs);
  const k = dataset.classes.length;
  const runId = newRunId('lm');
  const params = { method: request.method, ties: request.ties, priorFromDev: request.priorFromDev, poolLabels: request.poolLabels ?? false, seed: request.seed, metric: request.metric ?? { kind: 'macro_f1' }, fitOn: 'train', selectOn: 'dev', evaluateOn: 'canary' };
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId: dataset.id, kind: 'label-model', params, inputs: sources.map((s, j) => ({ sourceId: s.id, version: s.version, revision: revisions[j] })) }, { startWithinMs });
    let result: CompareResult;
    try {
      const keys = await tieKeys(dataset, startWithinMs);
      result = compareLabelModels({
        votes,
        n: dataset.itemCount,
        m: sources.length,
        k,
        splits: request.splits,
        gold: request.labels,
        keys,
        method: request.method,
        ties: request.ties,
        priorFromDev: request.priorFromDev,
        poolLabels: request.poolLabels,
        seed: request.seed,
        metric: request.metric,
        classes: dataset.classes.map((c) => c.name),
        signal,
        onProgress: (done, total, method) => onProgress(done, total + 1, `fitted ${method}`),
      });
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
    let covered = 0;
    for (let i = 0; i < result.prediction.covered.length; i++) covered += result.prediction.covered[i];
    const summary: LabelModelSummary = {
      runId,
      chosen: result.chosen,
      selectedBy: result.selectedBy,
      rows: result.rows,
      counts: result.counts,
      prior: result.prior,
      coverage: dataset.itemCount > 0 ? covered / dataset.itemCount : 0,
      sourceAccuracy: Array.from(result.params.sourceAccuracy),
      note: result.params.note,
      metric: result.metric,
      decision: result.decision,
      baseline: result.baseline,
      warnings: result.warnings,
    };
    // The fitted parameters travel in the pipeline spec (src/data/pipeline-spec.ts).
    const results = { ...summary, classes: dataset.classes.map((c) => c.name), sources: sources.map((s) => ({ id: s.id, name: s.name, version: s.version })), model: result.params };
    try {
      await finishRun(runId, results, { what: runStepTitle('label-model', 'finish'), startWithinMs, outputs: predictionRecords(dataset.id, runId, dataset.chunkSize, dataset.chunkCount, k, result), within: async () => {
          await audit(dataset.id, 'label-model', { runId, method: result.chosen });
          await logLabelModelChoice(dataset.id, runId, request.method);
        } });
    } catch (error) {
      // Storage full, or the run superseded: its record says why, and no output stays half-written.
      await endRunWithError(runId, error);
      throw error;
    }
    await pruneOldRuns(dataset.id, startWithinMs);
    onProgress(result.rows.length + 1, result.rows.length + 1, 'stored');
    return { summary, prediction: { runId, label: result.labels, confidence: confidenceOf(result.prediction.probs, k) } };
  });
}

/** Probabilities and hard labels of every item, chunk-aligned. */
function predictionRecords(datasetId: string, runId: string, chunkSize: number, chunkCount: number, k: number, result: CompareResult): ColumnChunk[] {
  const { probs } = result.prediction;
  const n = result.labels.length;
  const records: ColumnChunk[] = [];
  for (let c = 0; c < chunkCount; c++) {
    const start = c * chunkSize;
    const end = Math.min(n, start + chunkSize);
    records.push({ datasetId, name: probsColumn(runId), chunk: c, data: probs.slice(start * k, end * k) });
    records.push({ datasetId, name: predColumn(runId), chunk: c, data: Int8Array.from(result.labels.subarray(start, end)) });
  }
  return records;
}

/**
 * Drops the columns of the done label-model runs past the newest KEEP_RUN_COLUMNS. Housekeeping after a fit
 * already stored: a store that does not start it within `startWithinMs` (another tab holding it) must not
 * fail that fit, so the prune gives up quietly at the first such step; the next fit's prune drops what
 * this one left, since it looks at every run past the newest few.
 */
export async function pruneOldRuns(datasetId: string, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  try {
    const runs = await startBoundedRead('Pruning old label-model runs', ['runs'], () => listRuns(datasetId, 'label-model'), startWithinMs);
    for (const run of runs.filter((r) => r.status === 'done').slice(KEEP_RUN_COLUMNS)) {
      if (run.results.columnsDropped) continue;
      await dropLabelModelOutputs(datasetId, run, startWithinMs);
    }
  } catch (error) {
    if (!isStoreBusy(error)) throw error;
  }
}

/** What a finished label-model run's record says, as the tab shows it; a record missing its core is refused by name. */
function summaryOf(run: LabelModelRun): LabelModelSummary {
  const { chosen, selectedBy, rows, counts, prior, coverage, sourceAccuracy, note, metric, decision, baseline, warnings } = run.results;
  if (chosen === undefined || selectedBy === undefined || rows === undefined || counts === undefined || prior === undefined || coverage === undefined || sourceAccuracy === undefined || note === undefined)
    throw new SiftError('store/bad-record', `The stored label-model run "${run.id}" is marked done but lacks its results (chosen method, scores, counts).`, { id: run.id });
  return { runId: run.id, chosen, selectedBy, rows, counts, prior, coverage, sourceAccuracy, note, metric, decision, baseline, warnings };
}

/**
 * The dataset's labels as hard labels and confidences (data/dataset-labels.ts: the newest label model,
 * or a student that beats it on dev, or a pinned run), with the newest label model's summary; null
 * while there is neither. A label model's own labels keep its seeded tie-breaks; a student's follow its stored decision.
 */
export async function latestPrediction(datasetId: string): Promise<{ prediction: ItemPrediction; summary: LabelModelSummary | null } | null> {
  const dataset = await getDataset(datasetId);
  if (!dataset) return null;
  const chosen = await resolveDatasetLabels(datasetId);
  if (!chosen) return null;
  const newest = (await listRuns(datasetId, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  const k = dataset.classes.length;
  const label = new Int16Array(dataset.itemCount);
  const confidence = new Float32Array(dataset.itemCount);
  const isModel = chosen.kind === 'label-model';
  const probs = await readColumnChunks(datasetId, isModel ? probsColumn(chosen.key) : chosen.probsName);
  for (const chunk of probs) confidence.set(confidenceOf(chunk.data as Float32Array, k), chunk.chunk * dataset.chunkSize);
  if (isModel) {
    for (const chunk of await readColumnChunks(datasetId, predColumn(chosen.key))) label.set(chunk.data as Int8Array, chunk.chunk * dataset.chunkSize);
  } else {
    const rule = chosen.labelRule;
    const decideOn = rule && rule.decision.kind !== 'argmax' && rule.probsName !== chosen.probsName ? await readColumnChunks(datasetId, rule.probsName) : probs;
    for (const chunk of decideOn) label.set(applyDecision(chunk.data as Float32Array, k, rule?.decision), chunk.chunk * dataset.chunkSize);
  }
  const from = { kind: chosen.kind, name: chosen.name, reason: chosen.reason };
  return { prediction: { runId: chosen.key, label, confidence, from }, summary: newest ? summaryOf(newest) : null };
}
