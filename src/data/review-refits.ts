import { AbortedError } from '../core/errors';
import { beginRun, endRunWithError, finishRun, underRunLock } from './run-lifecycle';
import { audit } from './datasets';
import { startBounded, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { db } from './db';
import { listRuns, newRunId } from './runs';
import { calibratedColumn, probsColumn, votesColumn } from './sources';
import { runStepTitle } from '../core/records/run-titles';

/**
 * A refit of the review loop (label model → calibration → student → queue) as one run of kind
 * 'review-refit' on the run lifecycle: its record exists from the start, so a closed tab leaves it
 * interrupted and a cancel leaves it cancelled; each step is its own run as well. A finished refit
 * keeps one point of the review curve.
 */
export const REFIT_KIND = 'review-refit';
/** A refit names its student so; the name is how a later refit knows which student sources it made. */
export const REFIT_STUDENT_PREFIX = 'Refit student (';

export interface RefitPoint {
  runId: string;
  at: number;
  /** Pool (train) items with a human label when the refit started. */
  reviewed: number;
  /** The dataset's selection metric, as shown ("macro-F1", "F1 of SPAM"…). */
  metric: string;
  /** The metric on canary of what the refit trained (its student) and of its label model alone. */
  canary: number | null;
  labelModelCanary: number | null;
  /** The step runs this refit made. */
  labelModelRunId: string;
  studentRunId: string;
  /** The loss dev kept for the refit's student (absent in refits stored before the choice existed, and for image students). */
  studentLoss?: 'plain' | 'class-weighted' | null;
}

export type RefitOutcome = Omit<RefitPoint, 'runId' | 'at' | 'reviewed'>;

/**
 * Runs `chain` under a review-refit run. `chain` resolves to the point's values, or null when a step
 * was cancelled or failed (the refit is then recorded as cancelled, with no point).
 */
export function underRefitRun(datasetId: string, reviewed: number, chain: () => Promise<RefitOutcome | null>): Promise<RefitPoint | null> {
  const runId = newRunId('refit');
  return underRunLock(runId, async () => {
    const run = await beginRun({ id: runId, datasetId, kind: REFIT_KIND, params: { reviewed }, inputs: [] }, { audit: { reviewed } });
    let outcome: RefitOutcome | null;
    try {
      outcome = await chain();
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
    if (!outcome) {
      await endRunWithError(runId, new AbortedError('A step of the refit was cancelled or failed; nothing after it ran.'));
      return null;
    }
    const point: RefitPoint = { ...outcome, runId, at: run.createdAt, reviewed };
    await finishRun(runId, { ...point }, { audit: { reviewed, canary: outcome.canary }, what: runStepTitle(REFIT_KIND, 'finish') });
    return point;
  });
}

/** The finished refits of a dataset, oldest first (the curve's order). */
export async function listRefits(datasetId: string): Promise<RefitPoint[]> {
  const runs = await listRuns(datasetId, REFIT_KIND);
  return runs
    .filter((r) => r.status === 'done')
    .map((r) => r.results as unknown as RefitPoint)
    .sort((a, b) => a.at - b.at);
}

/**
 * Removes the student sources earlier refits left, once a new refit's student (`keepSourceId`) is in:
 * each refit trains a fresh student, and without this Sources gains one disabled row per refit. A
 * refit student the user has enabled is theirs now and stays. The student runs (and their curve
 * points) stay too; only the sources and their votes/probabilities columns go. Returns how many went.
 * The refit waits on it, so the store must start it within `startWithinMs` or it fails by name, removing nothing.
 */
export async function retireRefitStudents(datasetId: string, keepSourceId: string, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<number> {
  const d = db();
  return startBounded('Retiring earlier refit students', 'rw', [d.sources, d.columns, d.audit], async () => {
    const old = (await d.sources.where('datasetId').equals(datasetId).toArray()).filter((s) => s.kind === 'student' && !s.enabled && s.id !== keepSourceId && s.name.startsWith(REFIT_STUDENT_PREFIX));
    for (const source of old) {
      for (const name of [votesColumn(source.id), probsColumn(source.id), calibratedColumn(source.id)]) await d.columns.where('[datasetId+name]').equals([datasetId, name]).delete();
      await d.sources.delete(source.id);
    }
    if (old.length) await audit(datasetId, 'retire-refit-students', { kept: keepSourceId, removed: old.map((s) => ({ sourceId: s.id, name: s.name })) });
    return old.length;
  }, startWithinMs);
}
