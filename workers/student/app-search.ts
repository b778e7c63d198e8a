import type * as tfl from '@tensorflow/tfjs-layers';
import { metricLabel, type SelectionMetric } from '../../src/core/metrics/selection';
import { compareOnDev } from '../../src/core/student/versus';

export { compareOnDev };
import type { FeatureMatrix } from '../../src/core/student/features';
import type { StudentPlan } from '../../src/core/student/plan';
import type { TrainingTargets } from '../../src/core/student/targets';
import { readColumn } from '../../src/data/columns';
import type { Dataset } from '../../src/data/db';
import { listRuns } from '../../src/data/runs';
import { probsColumn } from '../../src/data/sources';
import { foldClassWeights } from './fold-weights';
import { DEFAULT_SEARCH, searchStudent, type SearchTrial } from '../../src/ml/student/search';
import type { EpochReport, TrainConfig } from '../../src/ml/student/train';
import type { StudentProgress } from './run-student';

/**
 * The app's side of the student search the CLI uses (`src/ml/student/search.ts`): the same trials, scored on dev by
 * the dataset's metric with a class-weighted loss, reported live and stored with the run; then the
 * student is compared with the newest label model on the same dev items.
 */
export interface StudentSearchRecord {
  metric: string;
  trials: SearchTrial[];
  best: number;
  classWeights: number[];
  /** The kept model's dev metric with its decision tuned on dev. */
  devMetric: number;
}

export async function runSearch(
  features: FeatureMatrix,
  targets: TrainingTargets,
  plan: Pick<StudentPlan, 'devRows' | 'devLabels'>,
  config: TrainConfig,
  metric: SelectionMetric,
  budget: number,
  classNames: readonly string[],
  signal: AbortSignal,
  onProgress: (p: StudentProgress) => void,
  onStatus: (message: string) => void,
): Promise<{ model: tfl.LayersModel; history: EpochReport[]; bestEpoch: number; record: StudentSearchRecord }> {
  const label = metricLabel(metric, classNames);
  const result = await searchStudent(features, targets, { rows: plan.devRows, labels: plan.devLabels }, config, {
    metric,
    space: DEFAULT_SEARCH,
    budget,
    signal,
    onEpoch: (trial, r, total) => onProgress({ round: trial, epoch: r.epoch, epochs: total, loss: r.loss, devAccuracy: r.devAccuracy, message: `trial ${trial + 1} · epoch ${r.epoch}` }),
    onTrial: (t, done, total) => onStatus(`Trial ${done} of ${total} (learning rate ${t.learningRate}, weight decay ${t.l2}): dev ${label} ${t.devMetric.toFixed(3)} at epoch ${t.bestEpoch}`),
  });
  // Outputs and the exported model give the data's own balance, not the loss's.
  foldClassWeights(result.model, result.classWeights);
  const best = result.trials[result.best];
  return {
    model: result.model,
    history: result.history,
    bestEpoch: best.bestEpoch,
    record: { metric: label, trials: result.trials, best: result.best, classWeights: Array.from(result.classWeights), devMetric: result.devMetric },
  };
}

export interface VersusLabelModel {
  metric: string;
  labelModelRunId: string | null;
  student: number;
  labelModel: number | null;
  /** True when the student scores higher on dev than the label model (or there is no label model). */
  beats: boolean;
  /** One sentence the app shows: which labels to use, and why. */
  verdict: string;
}

/**
 * The student against the newest label model on the same dev items, each with its decision tuned on
 * dev for the dataset's metric. Dev only: the canary never enters.
 */
export async function versusLabelModel(dataset: Dataset, studentProbs: Float32Array, devRows: Uint32Array, devLabels: Int16Array, metric: SelectionMetric, classNames: readonly string[]): Promise<VersusLabelModel> {
  const run = (await listRuns(dataset.id, 'label-model')).find((r) => r.status === 'done' && !r.results.columnsDropped);
  const labelModel = run ? await readColumn(dataset, probsColumn(run.id), Float32Array, classNames.length) : null;
  return { ...compareOnDev(studentProbs, labelModel, devRows, devLabels, metric, classNames), labelModelRunId: run?.id ?? null };
}
