import { applyTemperature, fitTemperature } from '../../src/core/calibration/index';
import { Split } from '../../src/core/types';
import { readColumn } from '../../src/data/columns';
import type { Dataset } from '../../src/data/db';
import { resolveDatasetLabels } from '../../src/data/dataset-labels';
import { REFIT_KIND } from '../../src/data/review-refits';
import { listRuns } from '../../src/data/runs';
import { listSources, probsColumn } from '../../src/data/sources';

/** The probabilities the review queue ranks on, and which run they come from, in the user's words. */
export interface RankingModel {
  runId: string;
  probs: Float32Array;
  /** "label model (wmv)" or "student “Refit student (6 reviewed)” of the refit with 6 reviewed…" */
  describe: string;
}

interface LabelModelRun {
  id: string;
  params: Record<string, unknown>;
  results: Record<string, unknown>;
}

/**
 * After a refit the queue ranks on the refit's student, as the review benchmark does: the student has
 * learnt from the answers (the label model reads dev labels only, so it does not move with them) and
 * covers every item. Its probabilities are temperature-scaled on the dev labels here, so "uncertain"
 * means what it says. Without such a refit (a label model fitted later, e.g. on new LFs, is newer
 * than any refit student; or the refit's student source is gone) the queue ranks on the dataset's
 * labels: a student when one beats the label model on dev or is pinned, else the label model.
 */
export async function rankingModel(dataset: Dataset, labelModel: LabelModelRun, labels: Int16Array, splits: Uint8Array): Promise<RankingModel> {
  const k = dataset.classes.length;
  const lm = async (): Promise<RankingModel> => {
    const chosen = await resolveDatasetLabels(dataset.id);
    if (chosen?.kind === 'student') return { runId: chosen.run.id, probs: await readColumn(dataset, chosen.probsName, Float32Array, k), describe: `dataset's labels, student “${chosen.name}” (${chosen.reason})` };
    return { runId: labelModel.id, probs: await readColumn(dataset, probsColumn(labelModel.id), Float32Array, k), describe: `label model (${String(labelModel.results.chosen ?? labelModel.params.method)})` };
  };
  const refit = (await listRuns(dataset.id, REFIT_KIND)).find((r) => r.status === 'done');
  const results = refit?.results as { labelModelRunId?: string; studentRunId?: string; reviewed?: number } | undefined;
  if (!results || results.labelModelRunId !== labelModel.id || !results.studentRunId) return lm();
  const source = (await listSources(dataset.id)).find((s) => s.kind === 'student' && s.version === results.studentRunId);
  if (!source) return lm();
  const raw = await readColumn(dataset, probsColumn(source.id), Float32Array, k);
  const devRows: number[] = [];
  for (let i = 0; i < dataset.itemCount; i++) if (splits[i] === Split.dev && labels[i] >= 0 && labels[i] < k) devRows.push(i);
  const reviewed = (results.reviewed ?? 0).toLocaleString('en-US');
  if (devRows.length === 0) return { runId: results.studentRunId, probs: raw, describe: `student “${source.name}” of the refit with ${reviewed} reviewed (uncalibrated: no dev labels)` };
  const temperature = fitTemperature({ n: dataset.itemCount, k, probs: raw }, labels, devRows);
  return {
    runId: results.studentRunId,
    probs: applyTemperature({ n: dataset.itemCount, k, probs: raw }, temperature),
    describe: `student “${source.name}” of the refit with ${reviewed} reviewed, calibrated on ${devRows.length.toLocaleString('en-US')} dev labels`,
  };
}
