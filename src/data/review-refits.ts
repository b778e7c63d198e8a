import { AbortedError } from '../core/errors';
import { beginRun, endRunWithError, finishRun, underRunLock } from './run-lifecycle';
import { listRuns, newRunId } from './runs';

/**
 * A refit of the review loop (label model → calibration → student → queue) as one run of kind
 * 'review-refit' on the run lifecycle: its record exists from the start, so a closed tab leaves it
 * interrupted and a cancel leaves it cancelled; each step is its own run as well. A finished refit
 * keeps one point of the review curve.
 */
export const REFIT_KIND = 'review-refit';

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
    await finishRun(runId, { ...point }, { audit: { reviewed, canary: outcome.canary } });
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
