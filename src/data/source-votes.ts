import { decisionAfterCalibration, tuneOnDev, type CalibratedDecision } from '../core/calibration/decision';
import type { Calibrator } from '../core/calibration/index';
import type { Decision } from '../core/labelmodel/decision';
import { DEFAULT_SELECTION, metricOfSettings } from '../core/metrics/selection';
import { decisionOverClasses, votesFromProbs } from '../core/models/label-map';
import { db, type Dataset } from './db';
import type { SourceOf, VoteBasis } from '../core/records';
import { calibratedColumn, probsColumn } from './sources';

/**
 * Which probabilities a teacher's or student's votes come from. Once the source is calibrated its votes
 * (top class, and the vote threshold) read the calibrated probabilities: a threshold of 0.9 then means
 * "right nine times in ten on dev", which raw model confidence does not.
 */
export type { VoteBasis } from '../core/records';

/** Sources whose votes come from their probabilities. */
export type ProbabilisticSource = SourceOf<'teacher'> | SourceOf<'student'>;

const RAW: VoteBasis = { from: 'raw' };

const definitionOf = (source: ProbabilisticSource) => source.definition;

export function thresholdOf(source: ProbabilisticSource): number | null {
  return definitionOf(source).threshold ?? null;
}

export function voteBasisOf(source: ProbabilisticSource): VoteBasis {
  return definitionOf(source).votesFrom ?? RAW;
}

// With teacher labels that map to no class, a vote also depends on their probability mass, which the
// calibrated class probabilities no longer hold.
const votesStayRaw = (source: ProbabilisticSource) => definitionOf(source).labelMap?.includes(-1) ?? false;

/** Where a source's votes come from after the calibration `runId`. */
export function votesFromCalibrated(source: ProbabilisticSource, runId: string): VoteBasis {
  if (votesStayRaw(source))
    return { from: 'raw', calibrationRunId: runId, note: 'some teacher labels map to no class, so votes stay on the raw probabilities' };
  return { from: 'calibrated', calibrationRunId: runId };
}

/**
 * A source's votes recomputed chunk by chunk from its stored probabilities (calibrated ones when its
 * votes come from a calibration whose column is still there) with `threshold`.
 */
export async function votesFromStoredProbs(dataset: Dataset, source: ProbabilisticSource, threshold: number | null): Promise<{ chunks: { chunk: number; votes: Int8Array }[]; basis: VoteBasis }> {
  const k = dataset.classes.length;
  let basis = voteBasisOf(source);
  const read = (name: string) => db().columns.where('[datasetId+name]').equals([dataset.id, name]).toArray();
  let columns = basis.from === 'calibrated' ? await read(calibratedColumn(source.id)) : [];
  if (columns.length === 0) {
    if (basis.from === 'calibrated') basis = RAW;
    columns = await read(probsColumn(source.id));
  }
  // A teacher card's decision was tuned on raw outputs: it decides votes on those; calibrated ones go by
  // the decision stored with their calibration (that one restated or tuned again for them).
  const definition = definitionOf(source);
  const decision =
    basis.from === 'calibrated' ? await calibrationDecision(basis) : source.kind === 'teacher' ? decisionOverClasses(source.definition.decision, definition.labelMap, k) : null;
  const chunks = columns.map((column) => {
    const votes = new Int8Array(column.data.length / k);
    votesFromProbs(column.data as Float32Array, k, threshold, votes, decision);
    return { chunk: column.chunk, votes };
  });
  return { chunks, basis };
}

/** The decision stored with a calibration for votes from its outputs; null (argmax) for older runs. */
async function calibrationDecision(basis: VoteBasis): Promise<Decision | null> {
  const run = basis.calibrationRunId ? await db().runs.get(basis.calibrationRunId) : undefined;
  return run?.kind === 'calibration' ? (run.results.decision ?? null) : null;
}

/**
 * The decision a source's raw outputs are labelled by, and the dev items its tuning left out: a student's
 * stored one (its run's), a registry teacher's card decision over the dataset's classes; null when none
 * is stored (older students, plain teachers) or a teacher's label map merges or drops labels.
 */
export async function rawDecisionOf(dataset: Dataset, source: ProbabilisticSource): Promise<{ decision: Decision; trainedOnDev: readonly number[] } | null> {
  if (source.kind === 'teacher') {
    const decision = decisionOverClasses(source.definition.decision, source.definition.labelMap, dataset.classes.length);
    return decision && { decision, trainedOnDev: [] };
  }
  const run = source.definition.runId ? await db().runs.get(source.definition.runId) : undefined;
  if (run?.kind !== 'student' || !run.results.decision) return null;
  return { decision: run.results.decision, trainedOnDev: run.results.devTrainedOn ?? [] };
}

/**
 * The decision a teacher's or student's votes go by once they come from `calibrated` (its outputs through
 * `calibrator`): its raw decision restated or tuned again on dev by the dataset's metric (see
 * core/calibration/decision.ts). Null (argmax) for other outputs, sources whose votes stay raw, and
 * sources without a stored decision.
 */
export async function decisionForCalibratedVotes(
  dataset: Dataset,
  key: string,
  calibrator: Calibrator,
  calibrated: Float32Array,
  gold: { labels: ArrayLike<number>; splits: Uint8Array },
): Promise<CalibratedDecision | null> {
  const source = await db().sources.get(key);
  if (!source || (source.kind !== 'teacher' && source.kind !== 'student') || votesStayRaw(source)) return null;
  const raw = await rawDecisionOf(dataset, source);
  if (!raw) return null;
  const classes = dataset.classes.map((c) => c.name);
  const metric = metricOfSettings(dataset.selection ?? DEFAULT_SELECTION, classes);
  return decisionAfterCalibration(raw.decision, calibrator, () => tuneOnDev(calibrated, classes.length, gold.labels, gold.splits, metric, raw.trainedOnDev));
}
