/**
 * The student worker's work against a real store (Dexie on fake-indexeddb): the WRENCH youtube sample
 * imported as the app imports it, its label model run, calibrated, distilled into a student, reported on
 * the canary set and exported to the registry. Bad input leaves the store as it was.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyDecision, tuneDecision } from '../../src/core/labelmodel/decision';
import { cardOrThrow } from '../../src/core/models/card';
import { readOnnxInfo } from '../../src/core/models/onnx-info';
import { Split } from '../../src/core/types';
import { readColumn } from '../../src/data/columns';
import { useDatabase, type Dataset } from '../../src/data/db';
import { loadLabelState } from '../../src/data/labels';
import { listSources, probsColumn } from '../../src/data/sources';
import { readSplits } from '../../src/data/splits';
import { calibratedColumn, listProbabilityOutputs } from '../../src/data/students';
import { importWrench } from '../../src/data/wrench-import';
import { runLabelModel } from '../weak/label-model';
import { useNodeBackend } from '../../src/ml/student/node-backend';
import { studentLabelRule } from '../../src/data/dataset-labels';
import { calibrateOutput, canaryReportOf } from './outputs';
import { exportToRegistry } from './registry';
import { runStudent, type StudentRequest } from './run-student';

const dir = join(import.meta.dirname, '../../public/sample/wrench_youtube');
const files = ['label.json', 'train.json', 'valid.json', 'test.json'].map((name) => new File([readFileSync(join(dir, name))], name));
const database = useDatabase('student-worker-test');
const available = { backends: ['wasm', 'cpu'] as ('wasm' | 'cpu')[], webgpuProblem: 'no WebGPU in Node' };
let dataset: Dataset;
let labels: Int16Array;
let splits: Uint8Array;

async function counts() {
  return { runs: await database.runs.count(), sources: await database.sources.count(), columns: await database.columns.count(), models: await database.models.count() };
}

function request(overrides: Partial<StudentRequest>): StudentRequest {
  return {
    datasetId: dataset.id,
    name: 'student',
    labels,
    splits,
    features: { kind: 'hashed-ngrams', dim: 4096 },
    arch: 'linear',
    mode: 'seeds',
    devSeeds: false,
    teacher: null,
    temperature: 1,
    alpha: 1,
    weighting: 'none',
    rounds: 2,
    thresholds: { mode: 'precision', target: 0.9 },
    calibration: 'temperature',
    train: { hidden: 16, epochs: 10, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 3 },
    backend: 'auto',
    ...overrides,
  };
}

const noop = () => {};

beforeAll(async () => {
  await useNodeBackend('wasm');
  dataset = await importWrench({ datasetId: 'yt', name: 'WRENCH youtube', files });
  labels = (await loadLabelState('yt', dataset.itemCount)).state.label.slice();
  splits = await readSplits(dataset);
});

describe('student worker on the WRENCH youtube sample', () => {
  let lmRunId = '';

  it('calibrates the label model on dev and stores the calibrated column with its run', async () => {
    const sources = await listSources('yt');
    const lm = await runLabelModel({ datasetId: 'yt', sourceIds: sources.map((s) => s.id), labels, splits, method: 'auto', ties: 'random', priorFromDev: false, seed: 0 }, new AbortController().signal, noop);
    lmRunId = lm.summary.runId;
    const result = await calibrateOutput({ datasetId: 'yt', key: lmRunId, method: 'temperature', labels, splits });
    expect(result.before.count).toBe(120);
    expect(result.after.nll).toBeLessThanOrEqual(result.before.nll);
    const outputs = await listProbabilityOutputs('yt');
    expect(outputs.find((o) => o.key === lmRunId)?.calibration?.method).toBe('temperature');
    const calibrated = await readColumn(dataset, calibratedColumn(lmRunId), Float32Array, 2);
    const raw = await readColumn(dataset, probsColumn(lmRunId), Float32Array, 2);
    expect(calibrated.length).toBe(raw.length);
    expect(calibrated).not.toEqual(raw);
  });

  it('distils the calibrated label model into a student that beats it on the canary set', async () => {
    const before = await counts();
    const summary = await runStudent(request({ name: 'Distilled', mode: 'distill', teacher: { key: lmRunId, calibrated: true }, train: { hidden: 16, epochs: 30, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 5 } }), new AbortController().signal, noop, noop, available);
    expect(summary.backend.backend).toBe('wasm');
    expect(summary.pool).toBe(1586);
    const after = await counts();
    expect(after.sources).toBe(before.sources + 1);
    expect(after.runs).toBe(before.runs + 1);
    const report = await canaryReportOf({ datasetId: 'yt', labels, splits, costs: { fp: [1, 1], fn: [1, 1] } });
    const student = report.rows.find((r) => r.name === 'Distilled')!;
    const lm = report.rows.find((r) => r.kind === 'label-model')!;
    expect(report.rows.filter((r) => r.kind === 'imported')).toHaveLength(10);
    expect(student.count).toBe(250);
    expect(student.accuracy).toBeGreaterThan(lm.accuracy);
    // Early stopping watched the dataset's metric (macro-F1 unless the dataset says otherwise), and the run says so.
    const studentRun = (await database.runs.toArray()).find((r) => r.kind === 'student' && r.results.name === 'Distilled')!;
    expect(studentRun.results.earlyStoppingMetric).toBe('macro-F1');
    expect(student.ece).not.toBeNull();
    // The labels' decision, tuned on dev for that metric, is stored with the run and is what tuning its stored outputs gives.
    const probs = await readColumn(dataset, probsColumn(summary.sourceId), Float32Array, 2);
    const dev = Array.from(splits.keys()).filter((i) => splits[i] === Split.dev && labels[i] >= 0);
    const devProbs = Float32Array.from(dev.flatMap((i) => [probs[2 * i], probs[2 * i + 1]]));
    expect(studentRun.results.decision).toEqual(tuneDecision(devProbs, 2, dev.map((i) => labels[i]), { kind: 'macro_f1' }).decision);
    // Its canary row scores the labels the app shows for it: the stored decision on its raw outputs, not the argmax in its votes.
    const canary = Array.from(splits.keys()).filter((i) => splits[i] === Split.canary && labels[i] >= 0);
    const accuracyOf = (shown: ArrayLike<number>) => canary.filter((i) => shown[i] === labels[i]).length / canary.length;
    expect(student.accuracy).toBeCloseTo(accuracyOf(applyDecision(probs, 2, studentLabelRule(studentRun, summary.sourceId).decision)), 12);
    const strict = { kind: 'threshold', positive: 1, threshold: 0.97 } as const;
    await database.runs.update(studentRun.id, { 'results.decision': strict });
    try {
      const strictRow = (await canaryReportOf({ datasetId: 'yt', labels, splits, costs: { fp: [1, 1], fn: [1, 1] } })).rows.find((r) => r.name === 'Distilled')!;
      expect(accuracyOf(applyDecision(probs, 2, strict))).not.toBeCloseTo(accuracyOf(applyDecision(probs, 2)), 6);
      expect(strictRow.accuracy).toBeCloseTo(accuracyOf(applyDecision(probs, 2, strict)), 12);
    } finally {
      await database.runs.update(studentRun.id, { 'results.decision': studentRun.results.decision });
    }
  });

  it('searches settings on dev by the metric with a class-weighted loss, stores the table, and compares with the label model on dev', async () => {
    const statuses: string[] = [];
    const summary = await runStudent(
      request({ name: 'Searched', mode: 'distill', teacher: { key: lmRunId, calibrated: true }, search: { budget: 2 }, train: { hidden: 16, epochs: 20, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 3 } }),
      new AbortController().signal,
      noop,
      (m) => statuses.push(m),
      available,
    );
    const search = summary.search!;
    expect(search.metric).toBe('macro-F1');
    // The grid is walked in order: the first two trials are learning rate 0.003 with both weight decays.
    expect(search.trials.map((t) => [t.learningRate, t.l2])).toEqual([[0.003, 1e-5], [0.003, 1e-4]]);
    // The kept trial is the best on dev, or within one dev item of it with a lower dev NLL.
    expect(search.trials[search.best].devMetric).toBeGreaterThanOrEqual(Math.max(...search.trials.map((t) => t.devMetric)) - 1 / 120);
    expect(search.classWeights).toHaveLength(2);
    expect(statuses.filter((m) => /^Trial \d of 2 \(learning rate/.test(m))).toHaveLength(2);
    const versus = summary.versus!;
    expect(versus.labelModelRunId).toBe(lmRunId);
    expect(versus.beats).toBe(versus.student > versus.labelModel!);
    expect(versus.verdict).toMatch(versus.beats ? /^Beats the label model \(dev macro-F1/ : /^Keep the label model's labels/);
    // Stored with the run, and the stored probabilities are the data's own balance (weights folded in).
    const run = (await database.runs.get(summary.runId))!;
    expect((run.results.search as { trials: unknown[] }).trials).toHaveLength(2);
    expect((run.results.versus as { verdict: string }).verdict).toBe(versus.verdict);
    const probs = await readColumn(dataset, probsColumn(summary.sourceId), Float32Array, 2);
    for (let i = 0; i < 20; i++) expect(probs[2 * i] + probs[2 * i + 1]).toBeCloseTo(1, 5);
  });

  it('pseudo-labels in rounds, stored as one student run plus one run per round', async () => {
    const before = await counts();
    const summary = await runStudent(request({ name: 'Pseudo', mode: 'pseudo', devSeeds: true }), new AbortController().signal, noop, noop, available);
    expect(summary.rounds.length).toBeGreaterThanOrEqual(2);
    expect(summary.rounds[0].accepted).toBe(0);
    expect((await counts()).runs).toBe(before.runs + 1 + summary.rounds.length);
  });

  it('exports a student to the registry with a card that fits its ONNX file', async () => {
    const run = (await database.runs.filter((r) => r.kind === 'student').first())!;
    const result = await exportToRegistry({ datasetId: 'yt', runId: run.id, labels, splits });
    const entry = (await database.models.get(result.modelId))!;
    const card = cardOrThrow(entry.card);
    expect(card.labels).toEqual(['HAM', 'SPAM']);
    expect(card.metrics.some((m) => m.split.startsWith('canary'))).toBe(true);
    const onnx = new Uint8Array(await entry.files.find((f) => f.path === 'model.onnx')!.blob.arrayBuffer());
    expect(readOnnxInfo(onnx).inputs[0].shape).toEqual(['batch', 4096]);
    expect((await database.runs.get(run.id))!.results.exportedModelId).toBe(result.modelId);
    // The decision stored with the run travels on the card (and its card.json), so the student run as a teacher votes by it.
    const decision = { kind: 'threshold' as const, positive: 1, threshold: 0.999 };
    await database.runs.update(run.id, { results: { ...run.results, decision } });
    const decided = await exportToRegistry({ datasetId: 'yt', runId: run.id, labels, splits });
    const decidedEntry = (await database.models.get(decided.modelId))!;
    expect(cardOrThrow(decidedEntry.card).decision).toEqual(decision);
    expect(JSON.parse(await decidedEntry.files.find((f) => f.path === 'card.json')!.blob.text()).decision).toEqual(decision);
    // Its canary scores are those of the decided labels: almost nothing clears 0.999, so accuracy differs from argmax's.
    const canaryAccuracy = (c: typeof card) => c.metrics.find((m) => m.split.startsWith('canary') && m.name === 'accuracy')!.value;
    expect(canaryAccuracy(cardOrThrow(decidedEntry.card))).not.toBe(canaryAccuracy(card));
  });

  it('bad input is refused before any output is stored; each refused run keeps its reason', async () => {
    const before = await counts();
    const signal = new AbortController().signal;
    await expect(runStudent(request({ mode: 'distill', teacher: { key: lmRunId, calibrated: false }, temperature: 0 }), signal, noop, noop, available)).rejects.toMatchObject({ code: 'student/temperature' });
    await expect(runStudent(request({ mode: 'seeds', devSeeds: false }), signal, noop, noop, available)).rejects.toMatchObject({ code: 'student/one-class' });
    await expect(runStudent(request({ mode: 'distill', teacher: null }), signal, noop, noop, available)).rejects.toMatchObject({ code: 'student/teacher' });
    await expect(runStudent(request({ mode: 'distill', teacher: { key: 'nothing', calibrated: false } }), signal, noop, noop, available)).rejects.toMatchObject({ code: 'student/teacher' });
    const controller = new AbortController();
    const cancelled = runStudent(request({ mode: 'seeds', devSeeds: true, train: { hidden: 16, epochs: 200, batchSize: 32, learningRate: 0.003, l2: 0, seed: 0, patience: 200 } }), controller.signal, () => controller.abort(), noop, available);
    await expect(cancelled).rejects.toMatchObject({ name: 'AbortError' });
    expect(await counts()).toEqual({ ...before, runs: before.runs + 5 });
    const ended = await database.runs.filter((r) => r.kind === 'student' && r.status !== 'done').toArray();
    expect(ended.map((r) => r.status).sort()).toEqual(['cancelled', 'failed', 'failed', 'failed', 'failed']);
    expect(ended.map((r) => String(r.results.code)).sort()).toEqual(['student/one-class', 'student/teacher', 'student/teacher', 'student/temperature', 'undefined']);
    expect(ended.every((r) => typeof r.results.error === 'string' && r.results.error.length > 0)).toBe(true);
  });

  it('maps a teacher whose labels are named differently, and names the ones that do not map', async () => {
    const teacher = (await listSources('yt')).find((s) => s.kind === 'student')!;
    await database.sources.update(teacher.id, { definition: { labels: ['spam', 'ham'] } });
    const summary = await runStudent(request({ name: 'From renamed teacher', mode: 'distill', teacher: { key: teacher.id, calibrated: false } }), new AbortController().signal, noop, noop, available);
    expect(summary.trainedOn).toContain('1,586 pool items');
    await database.sources.update(teacher.id, { definition: { labels: ['spam', 'eggs'] } });
    await expect(runStudent(request({ mode: 'distill', teacher: { key: teacher.id, calibrated: false } }), new AbortController().signal, noop, noop, available)).rejects.toThrow(/no teacher label for the dataset's class "HAM"/);
  });

  it("a review refit's student weighs the answers as a share of the pool (reviewedShare), not as one soft item each", async () => {
    // 100 pool answers that contradict the teacher: how far each student follows them shows their weight.
    const teacher = await readColumn(dataset, calibratedColumn(lmRunId), Float32Array, 2);
    const answered = Array.from({ length: splits.length }, (_, i) => i).filter((i) => splits[i] === 0).slice(0, 100);
    const reviewed = labels.slice();
    for (const i of answered) reviewed[i] = teacher[i * 2 + 1] > teacher[i * 2] ? 0 : 1;
    const follows = async (name: string, reviewedShare?: number) => {
      const summary = await runStudent(request({ name, mode: 'distill', teacher: { key: lmRunId, calibrated: true }, labels: reviewed, reviewedShare }), new AbortController().signal, noop, noop, available);
      const probs = await readColumn(dataset, probsColumn(summary.sourceId), Float32Array, 2);
      return answered.filter((i) => (probs[i * 2 + 1] > probs[i * 2] ? 1 : 0) === reviewed[i]).length / answered.length;
    };
    const asOneItem = await follows('answers at weight 1');
    const asShare = await follows('answers as the whole pool', 1);
    expect(asShare).toBeGreaterThan(asOneItem + 0.1);
  });

  it("a refit's student ('dev' loss balance) trains the plain and the class-weighted loss, keeps the better on dev, folds the weights and stores the choice", async () => {
    const statuses: string[] = [];
    const train = { hidden: 16, epochs: 12, batchSize: 32, learningRate: 0.003, l2: 1e-5, seed: 0, patience: 3 };
    const summary = await runStudent(request({ name: 'Balanced by dev', mode: 'distill', teacher: { key: lmRunId, calibrated: true }, balance: 'dev', train }), new AbortController().signal, noop, (m) => statuses.push(m), available);
    const balance = summary.balance!;
    expect(balance.candidates.map((c) => c.loss)).toEqual(['plain', 'class-weighted']);
    const [plain, weighted] = balance.candidates.map((c) => c.devMetric);
    expect(balance.kept).toBe(weighted > plain ? 'class-weighted' : 'plain');
    expect(statuses).toContain('Training with the class-weighted loss…');
    expect(statuses.some((m) => /^Kept the (plain|class-weighted) loss: dev macro-F1 /.test(m))).toBe(true);
    expect(((await database.runs.get(summary.runId))!.results.balance as { kept: string }).kept).toBe(balance.kept);
    // 'on' keeps the class-weighted loss; its stored outputs are the data's balance (weights folded into the model).
    const on = await runStudent(request({ name: 'Class-weighted', mode: 'distill', teacher: { key: lmRunId, calibrated: true }, balance: 'on', train }), new AbortController().signal, noop, noop, available);
    expect(on.balance!.kept).toBe('class-weighted');
    expect(on.balance!.candidates).toHaveLength(1);
    expect(on.balance!.candidates[0].devMetric).toBe(weighted);
    const probs = await readColumn(dataset, probsColumn(on.sourceId), Float32Array, 2);
    for (let i = 0; i < 20; i++) expect(probs[2 * i] + probs[2 * i + 1]).toBeCloseTo(1, 5);
    await expect(runStudent(request({ mode: 'distill', teacher: { key: lmRunId, calibrated: true }, balance: 'dev', search: { budget: 1 } }), new AbortController().signal, noop, noop, available)).rejects.toThrow(/search already trains with a class-weighted loss/);
  });

  it('distillation with no unlabelled pool item says so instead of training', async () => {
    const full = labels.map((l, i) => (splits[i] === 0 && l < 0 ? i % 2 : l));
    await expect(runStudent(request({ mode: 'distill', teacher: { key: lmRunId, calibrated: true }, labels: full }), new AbortController().signal, noop, noop, available)).rejects.toThrow(
      /Distillation learns from the teacher's soft labels of unlabelled pool items, and this dataset has none/,
    );
  });
});
