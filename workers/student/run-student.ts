import type { CalibrationMethod } from '../../src/core/calibration/index';
import { SiftError, throwIfAborted } from '../../src/core/errors';
import { planRows } from '../../src/core/student/plan';
import { reviewedSeedWeight } from '../../src/core/review/reviewed-weight';
import { Split } from '../../src/core/types';
import { buildTargets, checkAlpha, checkTemperature, mapTeacherLabels, reorderColumns, type ConfidenceWeighting, type TrainingTargets } from '../../src/core/student/targets';
import { hasColumn, readColumn } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import type { Dataset, Run, Source } from '../../src/data/db';
import { newRunId } from '../../src/data/runs';
import { beginRun, endRunWithError, underRunLock } from '../../src/data/run-lifecycle';
import { newSourceId, probsColumn } from '../../src/data/sources';
import { getSource } from '../../src/data/source-lookup';
import { calibratedColumn, saveStudent } from '../../src/data/students';
import { chooseBackend, type BackendChoice, type BackendPreference } from '../../src/ml/student/backend';
import { datasetFeatures, type FeatureSpec } from './dataset-features';
import type { FeatureMatrix } from '../../src/core/student/features';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { StudentArch } from '../../src/ml/student/model';
import { pseudoLabel, type RoundRecord, type ThresholdRule } from '../../src/ml/student/pseudo';
import { devScore, predictProbs, trainStudent, type EpochReport, type TrainConfig } from '../../src/ml/student/train';
import { ARGMAX, tuneDecision } from '../../src/core/labelmodel/decision';
import { DEFAULT_SELECTION, metricLabel, metricOfSettings, metricScore } from '../../src/core/metrics/selection';
import { tfjsArtifacts } from './export';
import { syntheticTrainingWeights } from '../../src/data/synthetic';
import { probRows, type LossBalance } from '../../src/core/student/balance';
import { trainWithLossBalance } from '../../src/ml/student/loss-balance';
import { foldClassWeights } from './fold-weights';
import { runSearch, versusLabelModel, type StudentSearchRecord, type VersusLabelModel } from './app-search';
import { selectionInputs } from './selection-input';

/**
 * One student run in the app: validate everything that can be checked without training, featurize,
 * choose the backend by measurement, train (seeds / distillation / pseudo-labeling rounds), predict
 * every item, and store source + columns + runs in one transaction. Cancelled or failed runs store
 * nothing.
 */
export interface StudentRequest {
  datasetId: string;
  name: string;
  /** The page's human labels and splits (the canary guard decides what of them is read). */
  labels: Int16Array;
  splits: Uint8Array;
  features: FeatureSpec;
  arch: StudentArch;
  mode: 'seeds' | 'distill' | 'pseudo';
  /** Train on dev labels too, holding out a share per class for checking. */
  devSeeds: boolean;
  /** Distillation's teacher (required), pseudo-labeling's first round (optional): a probability output. */
  teacher: { key: string; calibrated: boolean } | null;
  temperature: number;
  alpha: number;
  weighting: ConfidenceWeighting;
  rounds: number;
  thresholds: ThresholdRule;
  calibration: CalibrationMethod | 'none';
  train: Omit<TrainConfig, 'arch' | 'name'>;
  backend: BackendPreference;
  /**
   * Choose learning rate and weight decay on dev by the dataset's metric (epochs by early stopping),
   * with a class-weighted loss: at most `budget` trials. Seeds and distillation only.
   */
  search?: { budget: number } | null;
  /** A saved curated selection to train on instead of the pool's human labels (its weights honoured). */
  selection?: string;
  /**
   * Distillation in a review refit: the human labels on pool items together weigh this share of the
   * soft-labelled pool (core/review/reviewed-weight). Absent: each weighs as one soft item.
   */
  reviewedShare?: number;
  /**
   * Seeds and distillation without the search: plain loss ('off', the default), class-weighted ('on'),
   * or both trained and the higher dev metric kept ('dev'; the review Refit's student, as measured in
   * bench/README). Class weights are folded into the kept model, so its outputs keep the data's balance.
   */
  balance?: LossBalance;
}

export interface StudentSummary {
  runId: string;
  sourceId: string;
  name: string;
  backend: BackendChoice;
  features: string;
  seeds: number;
  devItems: number;
  pool: number;
  trainedOn: string;
  history: EpochReport[];
  bestEpoch: number;
  dev: { accuracy: number; nll: number } | null;
  rounds: Omit<RoundRecord, 'history' | 'calibrator'>[];
  exportable: boolean;
  search: StudentSearchRecord | null;
  versus: VersusLabelModel | null;
  balance: LossBalanceRecord | null;
}

/** Which loss a 'dev' or 'on' balance kept, with each candidate's dev metric. */
export interface LossBalanceRecord {
  mode: LossBalance;
  metric: string;
  kept: 'plain' | 'class-weighted';
  candidates: { loss: 'plain' | 'class-weighted'; devMetric: number }[];
  classWeights: number[];
}

export interface StudentProgress {
  round: number;
  epoch: number;
  epochs: number;
  loss: number;
  devAccuracy: number | null;
  message: string;
}

async function teacherProbs(dataset: Dataset, teacher: { key: string; calibrated: boolean }): Promise<{ probs: Float32Array; source: Source | undefined; version: string | null }> {
  const k = dataset.classes.length;
  const column = teacher.calibrated ? calibratedColumn(teacher.key) : probsColumn(teacher.key);
  if (!(await hasColumn(dataset.id, column))) throw new SiftError('student/teacher', `The teacher output "${teacher.key}" has no ${teacher.calibrated ? 'calibrated ' : ''}probabilities stored${teacher.calibrated ? ': calibrate it first, or distill from its raw probabilities' : ''}.`);
  const source = await getSource(teacher.key);
  const labelNames = source?.kind === 'student' ? source.definition.labels : undefined;
  // A teacher that names its own labels (a model's card) is mapped onto the dataset's classes by name.
  if (labelNames) {
    const columnOf = mapTeacherLabels(labelNames, dataset.classes.map((c) => c.name));
    const raw = await readColumn(dataset, column, Float32Array, labelNames.length);
    return { probs: reorderColumns(raw, columnOf, labelNames.length), source, version: source?.version ?? null };
  }
  return { probs: await readColumn(dataset, column, Float32Array, k), source, version: source?.version ?? teacher.key };
}

/** Milliseconds for a few training batches of this very student (after one warm-up run). */
async function probeTraining(features: FeatureMatrix, targets: TrainingTargets, request: StudentRequest): Promise<number> {
  const count = Math.min(targets.rows.length, request.train.batchSize * 4);
  const k = targets.k;
  const subset: TrainingTargets = { ...targets, rows: targets.rows.slice(0, count), soft: targets.soft.slice(0, count * k), hard: targets.hard.slice(0, count), weight: targets.weight.slice(0, count) };
  const config: TrainConfig = { ...request.train, arch: request.arch, epochs: 1, name: 'sift_probe' };
  let ms = Infinity;
  for (let run = 0; run < 2; run++) {
    const started = performance.now();
    const trained = await trainStudent(features, subset, null, config);
    ms = performance.now() - started;
    trained.model.dispose();
  }
  return ms;
}

function checkRequest(request: StudentRequest, k: number): void {
  // T and α only shape soft targets: a student on human labels alone has none.
  if (request.mode !== 'seeds') {
    checkTemperature(request.temperature);
    checkAlpha(request.alpha);
  }
  if (request.mode === 'distill' && !request.teacher) throw new SiftError('student/teacher', 'Distillation needs a teacher: pick a label model, teacher or student with probabilities.');
  if (request.arch === 'cnn' && request.features.kind !== 'image') throw new SiftError('student/arch', 'A CNN student needs pixel features (an image dataset).');
  if (request.mode === 'pseudo' && request.thresholds.mode === 'manual' && request.thresholds.values.length !== k) throw new SiftError('student/thresholds', `Give one threshold per class (${k}).`);
  if (request.mode === 'pseudo' && request.thresholds.mode === 'metric' && (request.thresholds.targets.length === 0 || request.thresholds.targets.some((t) => !(t > 0 && t <= 1)))) throw new SiftError('student/thresholds', `Give at least one target precision, each above 0 and at most 1; got ${request.thresholds.targets.join(', ') || 'none'}.`);
}

type Available = { backends: BackendChoice['backend'][]; webgpuProblem: string | null };

/** A student run: its record exists from the start, so a failure or a killed tab leaves its reason. */
export function runStudent(request: StudentRequest, signal: AbortSignal, onProgress: (p: StudentProgress) => void, onStatus: (message: string) => void, available: Available): Promise<StudentSummary> {
  const runId = newRunId('student');
  const { labels: _labels, splits: _splits, ...params } = request;
  return underRunLock(runId, async () => {
    await beginRun({ id: runId, datasetId: request.datasetId, kind: 'student', params, inputs: [] });
    try {
      return await trainAndSave(runId, request, signal, onProgress, onStatus, available);
    } catch (error) {
      await endRunWithError(runId, error);
      throw error;
    }
  });
}

async function trainAndSave(runId: string, request: StudentRequest, signal: AbortSignal, onProgress: (p: StudentProgress) => void, onStatus: (message: string) => void, available: Available): Promise<StudentSummary> {
  const dataset = await getDataset(request.datasetId);
  if (!dataset) throw new SiftError('student/dataset', 'This dataset no longer exists.');
  const k = dataset.classes.length;
  const classNames = dataset.classes.map((c) => c.name);
  checkRequest(request, k);
  // Synthetic exemplars train only once their batch is accepted, weighted so each class keeps its real total.
  const chosen = await selectionInputs(dataset, request.labels, request.splits, request.selection, await syntheticTrainingWeights(dataset, request.labels));
  const plan = planRows(chosen.labels, request.splits, { devSeeds: request.devSeeds ? 'holdout' : 'none', holdout: 0.25, seed: request.train.seed, itemWeights: chosen.itemWeights });
  const teacher = request.teacher ? await teacherProbs(dataset, request.teacher) : null;
  const probs = teacher?.probs ?? null;
  // Targets first: bad input (one class, T ≤ 0, unmapped labels) fails before any heavy work.
  let targets: TrainingTargets;
  if (request.mode === 'distill') {
    const seedWeight = request.reviewedShare === undefined ? 1 : reviewedSeedWeight(plan.seedRows.length, plan.poolRows.length, request.reviewedShare);
    targets = buildTargets({ k, splits: request.splits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeight, seedWeights: plan.seedWeights, softRows: plan.poolRows, softProbs: probs!, temperature: request.temperature, alpha: request.alpha, weighting: request.weighting, classNames });
  } else {
    targets = buildTargets({ k, splits: request.splits, purpose: 'training', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeights: plan.seedWeights, classNames });
  }
  if (request.mode === 'distill' && plan.poolRows.length === 0) {
    throw new SiftError('student/no-pool', 'Distillation learns from the teacher\'s soft labels of unlabelled pool items, and this dataset has none: every train item carries a human label. Train on human labels (seeds) instead.');
  }
  if (request.search && request.mode === 'pseudo') throw new SiftError('student/search', 'The settings search runs for students on human labels or distillation; pseudo-labelling chooses its rounds on dev itself.');
  if (request.search && plan.devRows.length === 0) throw new SiftError('student/no-dev', 'The settings search scores each trial on dev, and no dev item has a label: label dev items first (or train without the search).');
  if (request.balance && request.balance !== 'off' && (request.search || request.mode === 'pseudo')) throw new SiftError('student/balance', request.search ? 'The settings search already trains with a class-weighted loss; choose the loss without the search.' : 'Pseudo-labelling keeps the plain loss; the class-weighted choice is for students on human labels or distillation.');
  if (request.balance && request.balance !== 'off' && plan.devRows.length === 0) throw new SiftError('student/no-dev', 'Choosing the loss scores it on dev, and no dev item has a label: label dev items first.');
  if (request.mode === 'pseudo' && plan.devRows.length === 0) throw new SiftError('student/no-dev', 'Pseudo-labeling needs labeled dev items to calibrate, choose thresholds and decide when to stop.');

  onStatus('Reading features…');
  const isTrain = (i: number) => request.splits[i] === Split.train;
  const { features, input, description } = await datasetFeatures(dataset, request.features, signal, (done, total) => onStatus(`Features: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} items`), isTrain);
  throwIfAborted(signal);
  onStatus('Choosing a backend…');
  const width = features.shape.reduce((a, b) => a * b, 1);
  let backend = await chooseBackend({ preference: request.backend, width, available: available.backends, webgpuProblem: available.webgpuProblem, probe: () => probeTraining(features, targets, request) });
  onStatus(`Training on ${backend.backend} (${backend.reason})`);
  const config: TrainConfig = { ...request.train, arch: request.arch, name: 'sift_student' };
  // Early stopping watches the dataset's metric (its Label model setting), with the decision tuned on
  // dev as labels will be made; differences under one dev item go to the lower dev NLL.
  const metric = metricOfSettings(dataset.selection ?? DEFAULT_SELECTION, classNames);
  const devScoreByMetric = (p: Float32Array) => metricScore(metric, tuneDecision(p, k, plan.devLabels, metric).value);
  const dev = plan.devRows.length ? { rows: plan.devRows, labels: plan.devLabels, score: devScoreByMetric, tolerance: 1 / plan.devRows.length } : null;
  const fit = async (): Promise<{ model: tfl.LayersModel; rounds: RoundRecord[]; history: EpochReport[]; bestEpoch: number }> => {
    if (request.mode === 'pseudo') {
      const result = await pseudoLabel(features, plan, request.splits, k, config, { rounds: request.rounds, thresholds: request.thresholds, calibration: request.calibration, alpha: request.alpha, temperature: request.temperature, weighting: request.weighting, teacherProbs: probs, devMetric: dev ? { score: dev.score, tolerance: dev.tolerance } : undefined }, {
        signal,
        onEpoch: (round, r, total) => onProgress({ round, epoch: r.epoch, epochs: total, loss: r.loss, devAccuracy: r.devAccuracy, message: `round ${round} · epoch ${r.epoch}` }),
        onRound: (r) => onStatus(`Round ${r.round}: ${r.accepted.toLocaleString('en-US')} pseudo-labels, dev ${metricLabel(metric, classNames)} ${(r.dev.metric ?? r.dev.accuracy).toFixed(3)}${r.improved ? '' : ' (no better: stop)'}`),
      });
      const best = result.rounds[result.bestRound];
      return { model: result.model, rounds: result.rounds, history: best.history, bestEpoch: best.bestEpoch };
    }
    if (request.search) {
      const found = await runSearch(features, targets, plan, config, metric, request.search.budget, classNames, signal, onProgress, onStatus);
      search = found.record;
      return { model: found.model, rounds: [], history: found.history, bestEpoch: found.bestEpoch };
    }
    const onEpoch = (r: EpochReport, total: number) => onProgress({ round: 0, epoch: r.epoch, epochs: total, loss: r.loss, devAccuracy: r.devAccuracy, message: `epoch ${r.epoch}` });
    if (request.balance && request.balance !== 'off' && dev) {
      const label = metricLabel(metric, classNames);
      const lossName = (weighted: boolean) => (weighted ? 'class-weighted' : 'plain');
      // Each candidate is a round of the live curve, so the second one's epochs follow the first's.
      let round = -1;
      let training = '';
      const onCandidateEpoch = (r: EpochReport, total: number) => onProgress({ round, epoch: r.epoch, epochs: total, loss: r.loss, devAccuracy: r.devAccuracy, message: `${training} loss · epoch ${r.epoch}` });
      const trained = await trainWithLossBalance(features, targets, dev, config, request.balance, metric, {
        signal,
        onEpoch: onCandidateEpoch,
        onCandidate: (weighted) => {
          round++;
          training = lossName(weighted);
          onStatus(`Training with the ${training} loss…`);
        },
      });
      foldClassWeights(trained.model, trained.classWeights);
      lossBalance = { mode: request.balance, metric: label, kept: lossName(trained.kept.weighted), candidates: trained.candidates.map((c) => ({ loss: lossName(c.weighted), devMetric: c.devMetric })), classWeights: Array.from(trained.classWeights) };
      if (trained.candidates.length > 1) onStatus(`Kept the ${lossBalance.kept} loss: dev ${label} ${lossBalance.candidates.map((c) => `${c.devMetric.toFixed(3)} ${c.loss}`).join(', ')}`);
      return { model: trained.model, rounds: [], history: trained.history, bestEpoch: trained.bestEpoch };
    }
    const trained = await trainStudent(features, targets, dev, config, { signal, onEpoch });
    return { model: trained.model, rounds: [], history: trained.history, bestEpoch: trained.bestEpoch };
  };
  let search: StudentSearchRecord | null = null;
  let lossBalance: LossBalanceRecord | null = null;
  let fitted;
  try {
    fitted = await fit();
  } catch (error) {
    if (signal.aborted || error instanceof SiftError || backend.backend !== 'webgpu') throw error;
    // A GPU device lost mid-run (or a software adapter giving up): start again on WASM, and say so.
    const problem = error instanceof Error ? error.message : String(error);
    backend = { ...(await chooseBackend({ preference: 'wasm', width, available: available.backends })), probes: backend.probes };
    backend.reason = `WebGPU failed during training (${problem}); trained again on WASM`;
    onStatus(backend.reason);
    fitted = await fit();
  }
  const { model, rounds, history, bestEpoch } = fitted;
  try {
    onStatus('Predicting every item…');
    const all = await predictProbs(model, features, null, 512, signal);
    const devResult = dev ? devScore(await predictProbs(model, features, dev.rows, 512, signal), dev.labels, k) : null;
    // The labels the app makes from the stored probabilities use the decision early stopping assumed, tuned on those same numbers.
    const decision = dev ? tuneDecision(probRows(all, k, dev.rows), k, dev.labels, metric).decision : ARGMAX;
    const versus = plan.devRows.length ? await versusLabelModel(dataset, all, plan.devRows, plan.devLabels, metric, classNames) : null;
    const artifacts = await tfjsArtifacts(model);
    throwIfAborted(signal);
    const count = (v: number) => v.toLocaleString('en-US');
    const trainedOn =
      request.selection
        ? `${count(plan.seedRows.length)} items of selection “${request.selection}” with their weights${request.mode === 'seeds' ? '' : ` (${request.mode})`}`
        : request.mode === 'seeds'
        ? `${count(plan.seedRows.length)} human labels`
        : request.mode === 'distill'
          ? `${count(plan.seedRows.length)} human labels + soft labels of ${count(targets.rows.length - plan.seedRows.length)} pool items from a teacher (T ${request.temperature}, α ${request.alpha})`
          : `${count(plan.seedRows.length)} human labels + pseudo-labels, ${rounds.length - 1} round(s)`;
    const now = Date.now();
    const inputs = teacher ? [{ sourceId: request.teacher!.key, version: teacher.version }] : [];
    // The run record exists since the run began: what it read and found are set as it finishes.
    const mainRun: Pick<Run, 'id' | 'inputs' | 'results'> = {
      id: runId,
      inputs,
      results: {
        name: request.name,
        backend,
        features: description,
        input,
        classNames,
        seeds: plan.seedRows.length,
        devItems: plan.devRows.length,
        devTrainedOn: Array.from(plan.seedRows).filter((i) => request.splits[i] === Split.dev),
        pool: plan.poolRows.length,
        trainedOn,
        history,
        bestEpoch,
        earlyStoppingMetric: metricLabel(metric, classNames),
        decision,
        dev: devResult,
        rounds: rounds.map(({ history: _h, ...rest }) => rest),
        search,
        versus,
        balance: lossBalance,
        hasWeights: true,
      },
    };
    const roundRuns: Run[] = rounds.map((r) => ({
      id: `${runId}-round-${r.round}`,
      datasetId: dataset.id,
      kind: 'pseudo-label-round',
      status: 'done',
      createdAt: now,
      finishedAt: now,
      params: { parentRunId: runId, round: r.round, thresholds: request.thresholds, calibration: request.calibration, alpha: request.alpha, temperature: request.temperature },
      inputs: r.round === 1 && teacher ? inputs : [{ sourceId: runId, version: r.round === 0 ? null : `round ${r.round - 1}` }],
      results: { seeds: r.seeds, accepted: r.accepted, acceptedPerClass: r.acceptedPerClass, thresholds: r.thresholds, calibrator: r.calibrator, dev: r.dev, candidates: r.candidates, keptTarget: r.keptTarget, bestEpoch: r.bestEpoch, history: r.history, improved: r.improved },
    }));
    const sourceId = newSourceId();
    const source: Source = { id: sourceId, datasetId: dataset.id, kind: 'student', name: request.name, version: runId, definition: { runId, arch: request.arch, features: request.features, labels: classNames }, createdAt: now, updatedAt: now, enabled: false };
    await saveStudent(dataset, { source, runs: [mainRun, ...roundRuns], probs: all, weights: artifacts });
    return {
      runId,
      sourceId,
      name: request.name,
      backend,
      features: description,
      seeds: plan.seedRows.length,
      devItems: plan.devRows.length,
      pool: plan.poolRows.length,
      trainedOn,
      history,
      bestEpoch,
      dev: devResult,
      rounds: rounds.map(({ history: _h, calibrator: _c, ...rest }) => rest),
      exportable: input !== null,
      search,
      versus,
      balance: lossBalance,
    };
  } finally {
    model.dispose();
  }
}
