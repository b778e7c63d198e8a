import type { StudentRun } from '../../core/records';
import { signal } from '@preact/signals';
import type { CostMatrix } from '../../core/evaluation/canary-report';
import type { Run } from '../../data/db';
import { listRuns } from '../../data/runs';
import { listProbabilityOutputs, type ProbabilityOutput } from '../../data/students';
import { studentWorker } from '../../../workers/clients';
import type { CalibrateResult } from '../../../workers/student/outputs';
import type { StudentRequest, StudentSummary } from '../../../workers/student/run-student';
import type { DatasetSession } from './session';
import { runTask, say } from './tasks';
import { settleStoppedRuns } from '../../data/run-lifecycle';
import { refreshPrediction } from './dataset-labels';

/**
 * What the calibration, student and canary tabs show. Work runs in the student worker; the page keeps
 * the latest results and the live training curve.
 */
export interface EpochPoint {
  /** Position on the chart (epochs of every round, one after another). */
  x: number;
  round: number;
  loss: number;
  devAccuracy: number;
}

export const outputs = signal<ProbabilityOutput[]>([]);
export const calibration = signal<CalibrateResult | null>(null);
export const curve = signal<EpochPoint[]>([]);
export const trainingStatus = signal<string | null>(null);

/**
 * The student run in progress, if any. It lives here, not in the Students tab: training goes on while
 * the user works in other tabs, and the dataset's loop header shows its progress from this.
 */
export interface ActiveTraining {
  datasetId: string;
  name: string;
  /** Epochs done in the current round, of at most `epochs`; 0 before the first. */
  epoch: number;
  epochs: number;
  /** Pseudo-labelling round (0 = seeds only). */
  round: number;
  devAccuracy: number | null;
  message: string;
}
export const activeTraining = signal<ActiveTraining | null>(null);
export const studentRuns = signal<StudentRun[]>([]);
export const exported = signal<Record<string, string>>({});
export const canary = signal<Awaited<ReturnType<typeof studentWorker.call<'canaryReport'>>> | null>(null);

export async function refreshOutputs(datasetId: string): Promise<void> {
  outputs.value = await listProbabilityOutputs(datasetId);
}

export async function refreshStudentRuns(datasetId: string): Promise<void> {
  const runs = (await listRuns(datasetId, 'student')).filter((r) => r.status === 'done');
  studentRuns.value = runs;
  exported.value = Object.fromEntries(runs.filter((r) => r.results.exportedModelId).map((r) => [r.id, String(r.results.exportedModelId)]));
}

export async function calibrate(session: DatasetSession, key: string, method: 'temperature' | 'histogram'): Promise<void> {
  const result = await runTask('Calibrating', (signal, onProgress) =>
    studentWorker.call('calibrate', { datasetId: session.id, key, method, labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal, onProgress }),
  );
  if (!result) return;
  calibration.value = result;
  await refreshOutputs(session.id);
}

export async function trainStudent(session: DatasetSession, request: Omit<StudentRequest, 'datasetId' | 'labels' | 'splits'>): Promise<StudentSummary | undefined> {
  curve.value = [];
  trainingStatus.value = 'Starting…';
  let offset = 0;
  let lastRound = 0;
  const startedAt = Date.now();
  activeTraining.value = { datasetId: session.id, name: request.name, epoch: 0, epochs: request.train.epochs, round: 0, devAccuracy: null, message: 'Starting…' };
  const result = await runTask(`Training ${request.name}`, (signal, onProgress) =>
    studentWorker.call('train', { ...request, datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice() }, {
      signal,
      onProgress: (p) => {
        onProgress(p);
        if (p.message) trainingStatus.value = p.message;
        const m = p.metrics;
        const active = activeTraining.value;
        if (active) {
          activeTraining.value = m
            ? { ...active, epoch: m.epoch, epochs: p.total ?? active.epochs, round: m.round, devAccuracy: Number.isFinite(m.devAccuracy) ? m.devAccuracy : null, message: p.message ?? active.message }
            : { ...active, message: p.message ?? active.message };
        }
        if (!m) return;
        if (m.round !== lastRound) {
          offset = curve.value.length ? curve.value[curve.value.length - 1].x : 0;
          lastRound = m.round;
        }
        curve.value = [...curve.value, { x: offset + m.epoch, round: m.round, loss: m.loss, devAccuracy: m.devAccuracy }];
      },
    }),
  );
  trainingStatus.value = null;
  activeTraining.value = null;
  // A Cancel that had to stop the worker leaves its run unable to say so: record it here.
  if (!result) await settleStoppedRuns(session.id, 'student', startedAt, 'Cancelled: the training worker was stopped.');
  if (result) {
    say('info', `${result.name}: trained on ${result.backend.backend}; dev accuracy ${result.dev ? (result.dev.accuracy * 100).toFixed(1) + ' %' : 'not measured (no dev labels)'}.${result.versus ? ` ${result.versus.verdict}` : ''}`);
    // A student that beats the label model on dev becomes the dataset's labels.
    await Promise.all([refreshStudentRuns(session.id), refreshOutputs(session.id), refreshPrediction(session)]);
  }
  return result;
}

export async function exportStudent(session: DatasetSession, runId: string): Promise<void> {
  const result = await runTask('Exporting the student', (signal, onProgress) =>
    studentWorker.call('exportStudent', { datasetId: session.id, runId, labels: session.labels.label.slice(), splits: session.splits.slice() }, { signal, onProgress }),
  );
  if (!result) return;
  exported.value = { ...exported.value, [runId]: result.modelId };
  say('info', `Exported to the model registry as ${result.modelId} (${result.files.join(', ')}).`);
}

export async function computeCanary(session: DatasetSession, costs: CostMatrix): Promise<void> {
  const result = await runTask('Canary report', (signal, onProgress) =>
    studentWorker.call('canaryReport', { datasetId: session.id, labels: session.labels.label.slice(), splits: session.splits.slice(), costs }, { signal, onProgress }),
  );
  if (result) canary.value = result;
}

let shownDataset: string | null = null;

/** Forget one dataset's results when another opens. */
export function showDataset(datasetId: string): void {
  if (shownDataset === datasetId) return;
  shownDataset = datasetId;
  outputs.value = [];
  calibration.value = null;
  curve.value = [];
  studentRuns.value = [];
  exported.value = {};
  canary.value = null;
}
