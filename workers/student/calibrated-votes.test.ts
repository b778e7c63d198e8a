/**
 * A teacher's or student's votes once calibrated go by its dev-tuned decision (restated for a
 * temperature, tuned again after histogram binning), not by the argmax of the calibrated probabilities.
 * Real store (Dexie on fake-indexeddb), the calibration worker's own entry point.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { decisionUnderTemperature } from '../../src/core/calibration/decision';
import { applyDecision, tuneDecision, type Decision } from '../../src/core/labelmodel/decision';
import { mulberry32 } from '../../src/core/random';
import { Split } from '../../src/core/types';
import { readColumn } from '../../src/data/columns';
import { useDatabase } from '../../src/data/db';
import { calibratedColumn, probsColumn, votesColumn } from '../../src/data/sources';
import { hamSpamDataset } from '../../src/data/test-dataset';
import { calibrateOutput } from './outputs';

const database = useDatabase('calibrated-votes-test');
const n = 400;
const dataset = hamSpamDataset({ id: 'cv', name: 'calibrated votes', itemCount: n, chunkSize: n, chunkCount: 1, committedRows: n });

/** Spam (1) in 30 % of items; the model is overconfident (T > 1) and off-centre, so a threshold other than ½ helps. */
function outputs(): { probs: Float32Array; labels: Int16Array; splits: Uint8Array } {
  const random = mulberry32(7);
  const probs = new Float32Array(n * 2);
  const labels = new Int16Array(n);
  const splits = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = random() < 0.3 ? 1 : 0;
    splits[i] = i % 4 === 0 ? Split.canary : i % 4 === 1 ? Split.dev : Split.train;
    const logit = 4 * ((labels[i] ? 1 : -1) * 0.8 + (random() - 0.5) * 3 - 0.6);
    const spam = 1 / (1 + Math.exp(-logit));
    probs[i * 2] = 1 - spam;
    probs[i * 2 + 1] = spam;
  }
  return { probs, labels, splits };
}

const { probs, labels, splits } = outputs();
const dev = Array.from(splits.keys()).filter((i) => splits[i] === Split.dev);
const devProbs = (p: Float32Array, rows = dev) => Float32Array.from(rows.flatMap((i) => [p[2 * i], p[2 * i + 1]]));
const rawDecision = tuneDecision(devProbs(probs), 2, dev.map((i) => labels[i]), { kind: 'macro_f1' }).decision;
const trainedOnDev = dev.slice(0, 6);

async function putSource(kind: 'student' | 'teacher'): Promise<string> {
  const id = `${kind}-1`;
  const definition =
    kind === 'student'
      ? { runId: 'run-student' }
      : // A registry teacher whose labels are (spam, ham): its card's decision is over those.
        { labelMap: [1, 0], teacherLabels: ['spam', 'ham'], threshold: null, decision: rawDecision.kind === 'threshold' ? { ...rawDecision, positive: 1 - rawDecision.positive } : rawDecision };
  await database.runs.put({ id: 'run-student', datasetId: dataset.id, kind: 'student', status: 'done', createdAt: 1, params: {}, inputs: [], results: { name: 'S', decision: rawDecision, devTrainedOn: trainedOnDev } });
  await database.sources.put({ id, datasetId: dataset.id, kind, name: kind, version: 'v1', definition, createdAt: 1, updatedAt: 1, enabled: true } as never);
  await database.columns.bulkPut([
    { datasetId: dataset.id, name: probsColumn(id), chunk: 0, data: probs },
    { datasetId: dataset.id, name: votesColumn(id), chunk: 0, data: Int8Array.from(applyDecision(probs, 2, rawDecision)) },
  ]);
  return id;
}

const votesOf = async (id: string) => Array.from(await readColumn(dataset, votesColumn(id), Int8Array, 1, -1));
const calibratedOf = (id: string) => readColumn(dataset, calibratedColumn(id), Float32Array, 2);
const differences = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).filter((x, i) => x !== b[i]).length;

beforeEach(async () => {
  await Promise.all([database.runs.clear(), database.sources.clear(), database.columns.clear(), database.datasets.clear()]);
  await database.datasets.put(dataset);
});

describe('votes of a calibrated source', () => {
  it('the fixture’s decision is a threshold away from ½ (so argmax would lose it)', () => {
    expect(rawDecision.kind).toBe('threshold');
    expect(Math.abs((rawDecision.kind === 'threshold' ? rawDecision.threshold : 0.5) - 0.5)).toBeGreaterThan(0.02);
  });

  for (const kind of ['student', 'teacher'] as const) {
    it(`a ${kind} calibrated by temperature votes by its decision restated for T: the same labels as its decision on raw outputs`, async () => {
      const id = await putSource(kind);
      const result = await calibrateOutput({ datasetId: dataset.id, key: id, method: 'temperature', labels, splits });
      expect(result.votesFrom?.from).toBe('calibrated');
      const temperature = result.calibrator.method === 'temperature' ? result.calibrator.temperature : NaN;
      expect(Math.abs(temperature - 1)).toBeGreaterThan(0.2);
      expect(result.voteDecision).toEqual({ decision: decisionUnderTemperature(rawDecision, temperature), how: 'restated' });
      const run = await database.runs.get(result.runId);
      expect(run?.kind === 'calibration' && [run.results.decision, run.results.decisionHow]).toEqual([result.voteDecision!.decision, 'restated']);
      const votes = await votesOf(id);
      expect(differences(votes, applyDecision(probs, 2, rawDecision))).toBe(0);
      // Argmax of the calibrated probabilities (what these votes were before) labels other items.
      expect(differences(votes, applyDecision(await calibratedOf(id), 2))).toBeGreaterThan(5);
    });
  }

  it('a student calibrated by histogram binning votes by its decision tuned again on the calibrated dev items it did not train on', async () => {
    const id = await putSource('student');
    const result = await calibrateOutput({ datasetId: dataset.id, key: id, method: 'histogram', labels, splits });
    const calibrated = await calibratedOf(id);
    const rows = dev.filter((i) => !trainedOnDev.includes(i));
    const retuned: Decision = tuneDecision(devProbs(calibrated, rows), 2, rows.map((i) => labels[i]), { kind: 'macro_f1' }).decision;
    expect(result.voteDecision).toEqual({ decision: retuned, how: 'retuned' });
    expect(retuned.kind).not.toBe('argmax');
    const votes = await votesOf(id);
    expect(differences(votes, applyDecision(calibrated, 2, retuned))).toBe(0);
    expect(differences(votes, applyDecision(calibrated, 2))).toBeGreaterThan(5);
  });

  it('a student without a stored decision (an older run) keeps argmax on calibrated outputs', async () => {
    const id = await putSource('student');
    await database.runs.update('run-student', { results: { name: 'S' } });
    const result = await calibrateOutput({ datasetId: dataset.id, key: id, method: 'temperature', labels, splits });
    expect(result.voteDecision).toBeNull();
    const run = await database.runs.get(result.runId);
    expect(run?.kind === 'calibration' && run.results.decision).toBeUndefined();
    expect(differences(await votesOf(id), applyDecision(await calibratedOf(id), 2))).toBe(0);
  });
});
