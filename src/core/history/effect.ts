import type { SplitScores } from '../labelmodel/evaluate';
import type { LabelModelRun } from '../records';
import type { ChangeEntry } from './types';

/** A finished label-model run as a point in time with the chosen method's dev and canary scores. */
export interface MetricPoint {
  runId: string;
  at: number;
  method: string;
  dev: SplitScores | null;
  canary: SplitScores | null;
}

/** Finished label-model runs as metric points, oldest first (runs without scores are left out). */
export function metricPoints(runs: readonly LabelModelRun[]): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (const run of runs) {
    if (run.status !== 'done' || !run.results.chosen) continue;
    const row = run.results.rows?.find((r) => r.method === run.results.chosen);
    if (!row) continue;
    points.push({ runId: run.id, at: run.finishedAt ?? run.createdAt, method: run.results.chosen, dev: row.dev, canary: row.canary });
  }
  return points.sort((a, b) => a.at - b.at);
}

/**
 * A change's effect: the metrics of the last label-model run before it and of the first one after it.
 * `after` is null until the label model is refitted; a run after a later change still counts, and
 * `later` says how many changes came between, so the table does not credit one change with another's.
 */
export function effectOf(change: Pick<ChangeEntry, 'at' | 'seq'>, points: readonly MetricPoint[], changes: readonly Pick<ChangeEntry, 'at'>[]): { before: MetricPoint | null; after: MetricPoint | null; later: number } {
  let before: MetricPoint | null = null;
  let after: MetricPoint | null = null;
  for (const p of points) {
    if (p.at <= change.at) before = p;
    else if (!after) after = p;
  }
  const later = after ? changes.filter((c) => c.at > change.at && c.at < after!.at).length : 0;
  return { before, after, later };
}
