import { signal } from '@preact/signals';
import { uniformCosts } from '../../core/evaluation/canary-report';
import { DEFAULT_TABLE_FEATURES } from '../../core/features/table';
import { metricLabel, metricOfSettings } from '../../core/metrics/selection';
import { canaryMetric, reviewedCount } from '../../core/review/refit-metric';
import { REFIT_LOSS_BALANCE, REVIEWED_SHARE } from '../../core/review/reviewed-weight';
import { Split } from '../../core/types';
import { listRefits, REFIT_STUDENT_PREFIX, retireRefitStudents, underRefitRun, type RefitPoint } from '../../data/review-refits';
import type { StudentRequest } from '../../../workers/student/run-student';
import type { DatasetSession } from './session';
import { calibrate, calibration, canary, computeCanary, trainStudent } from './students';
import { say } from './tasks';
import { fitLabelModel, refreshSources, selectionOf, usableSources } from './weak';

/**
 * "Close the loop": after a batch of review answers, refit label model → calibration → student with
 * the new human labels as seeds, score both on canary, and re-rank the queue. Every step goes through
 * the same entry point as its own tab (so each is a run with a task-bar Cancel); the refit itself is a
 * run too, and keeps one point of the review curve.
 */
export const refitPoints = signal<{ datasetId: string; points: RefitPoint[] } | null>(null);
/** The step running now, for the Review tab; null when no refit runs. */
export const refitStep = signal<{ datasetId: string; step: string } | null>(null);

export async function loadRefits(session: DatasetSession): Promise<void> {
  refitPoints.value = { datasetId: session.id, points: await listRefits(session.id) };
}

/** The student a refit trains: the Students form's defaults for this kind of data, distilled from the calibrated label model. */
function refitStudent(session: DatasetSession, teacherKey: string, reviewed: number): Omit<StudentRequest, 'datasetId' | 'labels' | 'splits'> {
  const kind = session.dataset.value.kind;
  const image = kind === 'image';
  return {
    name: `${REFIT_STUDENT_PREFIX}${reviewed.toLocaleString('en-US')} reviewed)`,
    mode: 'distill',
    arch: image ? 'cnn' : 'linear',
    features: image ? { kind: 'image', size: 28, channels: 1 } : kind === 'table' ? { kind: 'table', ...DEFAULT_TABLE_FEATURES } : { kind: 'hashed-ngrams', dim: 16384 },
    // Dev stays whole for measuring (as in the review benchmark), not split into seeds.
    devSeeds: false,
    teacher: { key: teacherKey, calibrated: true },
    temperature: image ? 2 : 1,
    alpha: image ? 0.7 : 1,
    weighting: image ? 'confidence' : 'none',
    rounds: 3,
    thresholds: { mode: 'precision', target: 0.95 },
    calibration: 'temperature',
    train: { hidden: 64, epochs: 30, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: image ? 8 : 5, shift: image ? 2 : 0 },
    backend: 'auto',
    reviewedShare: REVIEWED_SHARE,
    balance: image ? 'off' : REFIT_LOSS_BALANCE,
  };
}

/** Runs the chain; `rerank` rebuilds the review queue on the new label model. True when every step finished. */
export async function refit(session: DatasetSession, rerank: (() => Promise<void>) | null): Promise<boolean> {
  if (refitStep.value) return false;
  const sources = usableSources(session.sources.value);
  if (sources.length === 0) {
    say('error', 'Refit needs sources with fresh votes: apply your LFs (Sources tab) first.');
    return false;
  }
  const classNames = session.dataset.value.classes.map((c) => c.name);
  const reviewed = reviewedCount(session.labels.label, session.splits, Split.train);
  const step = (name: string) => (refitStep.value = { datasetId: session.id, step: name });
  try {
    const point = await underRefitRun(session.id, reviewed, async () => {
      step('label model');
      if (!(await fitLabelModel(session, sources, { method: 'auto', ties: 'random', seed: 0, poolLabels: true }))) return null;
      const labelModelRunId = session.labelModel.value?.runId;
      if (!labelModelRunId) return null;
      step('calibration');
      await calibrate(session, labelModelRunId, 'temperature');
      if (calibration.value?.key !== labelModelRunId) return null;
      step('student');
      const student = await trainStudent(session, refitStudent(session, labelModelRunId, reviewed));
      if (!student) return null;
      // The new student replaces the previous refit's in Sources.
      if (await retireRefitStudents(session.id, student.sourceId)) await refreshSources(session);
      step('canary scores');
      await computeCanary(session, uniformCosts(classNames.length));
      const report = canary.value;
      if (!report) return null;
      const metric = metricOfSettings(selectionOf(session), classNames);
      const of = (id: string) => {
        const row = report.rows.find((r) => r.id === id);
        const value = row ? canaryMetric(row, metric) : NaN;
        return Number.isFinite(value) ? value : null;
      };
      return { metric: metricLabel(metric, classNames), canary: of(student.sourceId), labelModelCanary: of(labelModelRunId), labelModelRunId, studentRunId: student.runId, studentLoss: student.balance?.kept ?? null };
    });
    if (!point) return false;
    await loadRefits(session);
    if (rerank) {
      step('review queue');
      await rerank();
    }
    const fmt = (x: number | null) => (x === null ? 'not measured (no labelled canary items)' : x.toFixed(3));
    // Dev chose the student's loss; the user sees which, since a class-weighted student predicts rare classes more often.
    const loss = point.studentLoss ? `, ${point.studentLoss} loss kept on dev` : '';
    say('info', `Refit with ${reviewed.toLocaleString('en-US')} reviewed items: canary ${point.metric} ${fmt(point.canary)} (student${loss}), ${fmt(point.labelModelCanary)} (label model alone).`);
    return true;
  } catch (error) {
    say('error', `Refit: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  } finally {
    refitStep.value = null;
  }
}
