import { applyCalibrator, fitCalibration, type CalibrationMethod, type CalibrationReport, type Calibrator } from '../../src/core/calibration/index';
import type { CalibratedDecision } from '../../src/core/calibration/decision';
import { SiftError } from '../../src/core/errors';
import { canaryReport, type CanaryReport, type CostMatrix, type ReportedOutput } from '../../src/core/evaluation/canary-report';
import { NO_LABEL } from '../../src/core/types';
import { columnRevisions, readColumn } from '../../src/data/columns';
import { studentShownLabels } from '../../src/data/dataset-labels';
import { getDataset } from '../../src/data/datasets';
import type { Dataset } from '../../src/data/db';
import { beginRun, endRunWithError, underRunLock } from '../../src/data/run-lifecycle';
import { newRunId } from '../../src/data/runs';
import { listSources, probsColumn, votesColumn } from '../../src/data/sources';
import { decisionForCalibratedVotes, type VoteBasis } from '../../src/data/source-votes';
import { calibratedColumn, listProbabilityOutputs, saveCalibration } from '../../src/data/students';

/**
 * Calibration of any stored probability output (fitted on dev labels through the canary guard) and
 * the canary report over every source, label-model run and student.
 */
async function datasetOf(datasetId: string): Promise<Dataset> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new SiftError('student/dataset', 'This dataset no longer exists.');
  return dataset;
}

export interface CalibrateRequest {
  datasetId: string;
  key: string;
  method: CalibrationMethod;
  labels: Int16Array;
  splits: Uint8Array;
}

export interface CalibrateResult {
  runId: string;
  key: string;
  method: CalibrationMethod;
  calibrator: Calibrator;
  before: CalibrationReport;
  after: CalibrationReport;
  /** For a teacher or student: where its votes now come from (calibrated probabilities, or raw and why). */
  votesFrom: VoteBasis | null;
  /** The decision its calibrated votes go by (its raw outputs' decision restated or tuned again); null: argmax. */
  voteDecision: CalibratedDecision | null;
}

/** A calibration run: its record exists from the start, so a refusal or a killed tab leaves its reason. */
export async function calibrateOutput(request: CalibrateRequest): Promise<CalibrateResult> {
  const dataset = await datasetOf(request.datasetId);
  const runId = newRunId('calibration');
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId: dataset.id, kind: 'calibration', params: { key: request.key, method: request.method, fitOn: 'dev' }, inputs: [] });
    try {
      const k = dataset.classes.length;
      const outputs = await listProbabilityOutputs(dataset.id);
      const output = outputs.find((o) => o.key === request.key);
      if (!output) throw new SiftError('calibration/output', 'This output has no stored probabilities (run it first).');
      const probs = await readColumn(dataset, probsColumn(request.key), Float32Array, k);
      // What was calibrated: a source at its version, or a label-model run (its id is its version), and the probability column's revision.
      const [revision] = await columnRevisions(dataset.id, [probsColumn(request.key)]);
      const version = output.kind === 'label-model' ? request.key : ((await listSources(dataset.id)).find((s) => s.id === request.key)?.version ?? null);
      const matrix = { n: dataset.itemCount, k, probs };
      const fit = fitCalibration(matrix, request.labels, request.splits, request.method);
      const calibrated = applyCalibrator(matrix, fit.calibrator);
      const voteDecision = await decisionForCalibratedVotes(dataset, request.key, fit.calibrator, calibrated, request);
      const results = { name: output.name, calibrator: fit.calibrator, before: fit.before, after: fit.after, ...(voteDecision && { decision: voteDecision.decision, decisionHow: voteDecision.how }) };
      const votesFrom = await saveCalibration(dataset, request.key, calibrated, runId, results, [{ sourceId: request.key, version, revision }], voteDecision?.decision ?? null);
      return { runId, key: request.key, method: request.method, calibrator: fit.calibrator, before: fit.before, after: fit.after, votesFrom, voteDecision: votesFrom?.from === 'calibrated' ? voteDecision : null };
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
  });
}

export interface CanaryRequest {
  datasetId: string;
  labels: Int16Array;
  splits: Uint8Array;
  costs: CostMatrix;
}

/** Every source (votes; its probabilities when it has them, calibrated ones first) and every kept label-model run. */
export async function reportedOutputs(dataset: Dataset): Promise<ReportedOutput[]> {
  const k = dataset.classes.length;
  const outputs: ReportedOutput[] = [];
  const withProbs = new Map((await listProbabilityOutputs(dataset.id)).map((o) => [o.key, o]));
  const probsOf = async (key: string) => {
    const output = withProbs.get(key);
    if (!output) return null;
    return readColumn(dataset, output.calibration ? calibratedColumn(key) : probsColumn(key), Float32Array, k);
  };
  for (const source of await listSources(dataset.id)) {
    const labels = (await studentShownLabels(dataset, source)) ?? (await readColumn(dataset, votesColumn(source.id), Int8Array, 1, NO_LABEL));
    const calibrated = withProbs.get(source.id)?.calibration ? ' (calibrated)' : '';
    outputs.push({ id: source.id, name: source.name + calibrated, kind: source.kind, labels, probs: await probsOf(source.id) });
  }
  for (const output of withProbs.values()) {
    if (output.kind !== 'label-model') continue;
    const labels = await readColumn(dataset, output.labelsColumn, Int8Array, 1, NO_LABEL);
    outputs.push({ id: output.key, name: output.name + (output.calibration ? ' (calibrated)' : ''), kind: 'label-model', labels, probs: await probsOf(output.key) });
  }
  return outputs;
}

export async function canaryReportOf(request: CanaryRequest): Promise<CanaryReport & { classes: string[] }> {
  const dataset = await datasetOf(request.datasetId);
  const outputs = await reportedOutputs(dataset);
  return { ...canaryReport(outputs, request.labels, request.splits, dataset.classes.length, request.costs), classes: dataset.classes.map((c) => c.name) };
}
