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

/** Where a source's votes come from after the calibration `runId`. */
export function votesFromCalibrated(source: ProbabilisticSource, runId: string): VoteBasis {
  // With teacher labels that map to no class, a vote also depends on their probability mass, which the
  // calibrated class probabilities no longer hold.
  if (definitionOf(source).labelMap?.includes(-1))
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
  // A teacher card's decision was tuned on raw outputs: it decides votes on those, not on calibrated ones.
  const definition = definitionOf(source);
  const decision = source.kind === 'teacher' && basis.from === 'raw' ? decisionOverClasses(source.definition.decision, definition.labelMap, k) : null;
  const chunks = columns.map((column) => {
    const votes = new Int8Array(column.data.length / k);
    votesFromProbs(column.data as Float32Array, k, threshold, votes, decision);
    return { chunk: column.chunk, votes };
  });
  return { chunks, basis };
}
