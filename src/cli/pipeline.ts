import { SiftError } from '../core/errors';
import { applyTemperature, calibrationReport, fitTemperature } from '../core/calibration/index';
import { parseWrenchDataset, type WrenchSplit } from '../core/formats/wrench';
import {
  applyDecision,
  classPriorFromLabels,
  fitAuto,
  fitLabelModel,
  judgeOnDev,
  methodNames,
  predict,
  tuneDecision,
  weightedDevCrossFit,
  type Decision,
  type LabelModelParams,
  type MethodName,
  type VoteMatrix,
} from '../core/labelmodel/index';
import { classificationReport } from '../core/metrics/classification';
import { devWarnings, metricLabel, metricScore, metricValue, resolveMetric, type MetricSpec, type SelectionMetric } from '../core/metrics/selection';
import { Split } from '../core/types';
import { DEFAULT_HASHED_NGRAMS } from '../core/features/text-hash';
import { hashTexts, type FeatureMatrix } from '../core/student/features';
import { buildTargets } from '../core/student/targets';
import { useNodeBackend } from '../ml/student/node-backend';
import { DEFAULT_SEARCH, searchStudent, studentProbs } from '../ml/student/search';
import type { TrainConfig } from '../ml/student/train';
import { choice, integer, parseOptions } from './args';
import { metricSpecOf, readWrenchFolder } from './label-model';

/**
 * `sift pipeline`: label model on the train votes → temperature calibration on valid → a student
 * trained on the covered train items' calibrated soft labels (weighted by the label model's
 * confidence, class-weighted loss) with the built-in hashed n-gram features, its learning rate and L2
 * picked by a small search and its epochs by early stopping → metrics on valid and test for the label
 * model, the student, and the student after its own calibration on valid. Valid (dev) makes every
 * choice, by the metric: the label model ("auto"), thresholds, student settings, epochs, and whether
 * the student or the label model labels the data. Test is only scored.
 */
export interface PipelineRequest {
  wrench: string;
  method: MethodName | 'auto';
  student: 'linear' | 'mlp';
  seed: number;
  /** Default macro-F1. */
  metric?: MetricSpec;
  /** Student settings tried (default: the whole DEFAULT_SEARCH grid, 6). */
  search?: number;
}

export interface SplitMetrics {
  accuracy: number;
  macro_f1: number;
  f1: number | null;
  coverage: number;
  ece: number;
  brier: number;
  metric: number;
}

/** Student settings the search does not vary. */
export const PIPELINE_STUDENT: Omit<TrainConfig, 'arch' | 'seed' | 'learningRate' | 'l2'> = { hidden: 64, epochs: 30, batchSize: 32, patience: 5 };
export const PIPELINE_FEATURES = { ...DEFAULT_HASHED_NGRAMS };

const matrixOf = (split: PipelineSplit, k: number): VoteMatrix => ({ n: split.n, m: split.m, k, votes: split.votes });
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

function metrics(probs: Float32Array, labels: Int16Array, gold: Int16Array, k: number, coverage: number, metric: SelectionMetric): SplitMetrics {
  const report = classificationReport(gold, labels, k);
  const calibration = calibrationReport({ n: gold.length, k, probs }, gold, all(gold.length));
  return { accuracy: report.accuracy, macro_f1: report.macroF1, f1: report.binaryF1, coverage, ece: calibration.ece, brier: calibration.brier, metric: metricValue(metric, gold, labels, k) };
}

/** One split's votes and gold labels (the WRENCH shape). */
export type PipelineSplit = Pick<WrenchSplit, 'n' | 'm' | 'votes' | 'gold' | 'ids'>;

/** What the pipeline runs on: three splits and the student's features for train, valid, test rows in that order. */
export interface PipelineData {
  k: number;
  classes: string[];
  splits: { train: PipelineSplit; valid: PipelineSplit; test: PipelineSplit };
  features: FeatureMatrix;
  /** How the features were made, for the report. */
  featuresNote: string;
}

export async function pipeline(request: PipelineRequest): Promise<Record<string, unknown>> {
  const dataset = parseWrenchDataset(readWrenchFolder(request.wrench));
  const { train, valid, test } = dataset.splits;
  for (const split of [train, valid, test]) {
    if (!split.data.text || split.data.text.some((t) => typeof t !== 'string')) throw new SiftError('pipeline/no-text', `${split.name}.json: every item needs data.text for the student's text features.`);
  }
  const texts = [...train.data.text, ...valid.data.text, ...test.data.text] as string[];
  const data = { k: dataset.k, classes: dataset.classes, splits: dataset.splits, features: hashTexts(texts, PIPELINE_FEATURES), featuresNote: `hashed n-grams, dim ${PIPELINE_FEATURES.dim}` };
  return pipelineOn(data, request);
}

export async function pipelineOn(dataset: PipelineData, request: Omit<PipelineRequest, 'wrench'>): Promise<Record<string, unknown>> {
  const { k, splits } = dataset;
  const { train, valid, test } = splits;
  const metric = resolveMetric(request.metric ?? { name: 'macro_f1' }, dataset.classes);
  const seed = request.seed;
  const dev = { matrix: matrixOf(valid, k), labels: valid.gold };
  const warnings = devWarnings(metric, valid.gold, dataset.classes);
  const scoring = { metric, seed };
  const decide = (probs: Float32Array, decision: Decision, keys: readonly string[]) => applyDecision(probs, k, decision, { seed, keys });

  // 1. Label model: fitted on train votes with dev's class balance (uncovered items get it too); dev
  //    picks the method and its threshold and (wmv) weighs the sources.
  const fitOptions = { seed, dev, classPrior: classPriorFromLabels(valid.gold, k) };
  let params: LabelModelParams;
  let selectedBy = 'chosen by you';
  if (request.method === 'auto') {
    const auto = fitAuto(matrixOf(train, k), { ...dev, keys: valid.ids }, fitOptions, methodNames, scoring);
    params = auto.params;
    selectedBy = auto.reason;
    warnings.push(...auto.warnings);
  } else params = fitLabelModel(matrixOf(train, k), request.method, fitOptions);
  const lm = { train: predict(params, matrixOf(train, k)), valid: predict(params, matrixOf(valid, k)), test: predict(params, matrixOf(test, k)) };
  // Dev labels that shaped the model would flatter its dev numbers (and its calibration): cross-fit them.
  if (params.usesDevLabels) lm.valid = { ...lm.valid, probs: weightedDevCrossFit(dev, k, params.prior) };

  // 2. Calibration of the label model on valid (the only labels it may see), then its decision on
  //    the calibrated dev probabilities.
  const lmTemperature = fitTemperature({ n: valid.n, k, probs: lm.valid.probs }, valid.gold, all(valid.n));
  const lmCal = {
    train: applyTemperature({ n: train.n, k, probs: lm.train.probs }, lmTemperature),
    valid: applyTemperature({ n: valid.n, k, probs: lm.valid.probs }, lmTemperature),
    test: applyTemperature({ n: test.n, k, probs: lm.test.probs }, lmTemperature),
  };
  const lmJudged = judgeOnDev({ probs: lmCal.valid, covered: lm.valid.covered }, k, valid.gold, valid.ids, scoring);
  if (lmJudged.degenerate) warnings.push(`The label model (${params.method}) predicts one class for every dev item.`);
  const lmSplit = (name: 'valid' | 'test') => {
    const split = splits[name];
    const covered = lm[name].covered.reduce((a, b) => a + b, 0) / split.n;
    return metrics(lmCal[name], decide(lmCal[name], lmJudged.decision, split.ids), split.gold, k, covered, metric);
  };

  // 3. Student on one item index space: train rows, then valid (dev), then test (canary). It learns
  //    from covered train items only (an abstention is not a negative) and predicts every item.
  const n = train.n + valid.n + test.n;
  const itemSplits = new Uint8Array(n);
  itemSplits.fill(Split.dev, train.n, train.n + valid.n).fill(Split.canary, train.n + valid.n);
  const features = dataset.features;
  if (features.n !== n) throw new SiftError('pipeline/features', `The features have ${features.n} rows; train, valid and test hold ${n} items.`);
  const probs = new Float32Array(n * k);
  probs.set(lmCal.train);
  const covered: number[] = [];
  for (let i = 0; i < train.n; i++) if (lm.train.covered[i]) covered.push(i);
  const targets = buildTargets({ k, splits: itemSplits, purpose: 'distillation', seedRows: [], seedLabels: [], softRows: covered, softProbs: probs, temperature: 1, alpha: 1, weighting: 'confidence', classNames: dataset.classes });
  const validRows = Uint32Array.from({ length: valid.n }, (_, i) => train.n + i);
  const testRows = Uint32Array.from({ length: test.n }, (_, i) => train.n + valid.n + i);
  const backend = await useNodeBackend('wasm');
  const base: TrainConfig = { ...PIPELINE_STUDENT, learningRate: DEFAULT_SEARCH.learningRate[0], l2: DEFAULT_SEARCH.l2[0], arch: request.student, seed, name: 'sift_pipeline_student' };
  const search = await searchStudent(features, targets, { rows: validRows, labels: valid.gold, keys: valid.ids }, base, { metric, budget: request.search });
  const student = { valid: await studentProbs(search.model, features, validRows, search.classWeights), test: await studentProbs(search.model, features, testRows, search.classWeights) };
  search.model.dispose();
  const studentSplit = (name: 'valid' | 'test', p: Float32Array, decision: Decision) => metrics(p, decide(p, decision, splits[name].ids), splits[name].gold, k, 1, metric);

  // 4. The student's own temperature, fitted on valid, and its decision tuned again on the calibrated outputs.
  const studentTemperature = fitTemperature({ n: valid.n, k, probs: student.valid }, valid.gold, all(valid.n));
  const calibrated = { valid: applyTemperature({ n: valid.n, k, probs: student.valid }, studentTemperature), test: applyTemperature({ n: test.n, k, probs: student.test }, studentTemperature) };
  const calibratedDecision = tuneDecision(calibrated.valid, k, valid.gold, metric, { seed, keys: valid.ids });

  // 5. The student labels the data only when it beats the label model on dev by the metric.
  const label = metricLabel(metric, dataset.classes);
  const studentDev = metricScore(metric, calibratedDecision.value);
  const lmDev = metricScore(metric, lmJudged.scores.metric);
  const studentWins = studentDev > lmDev;
  const fmt = (x: number) => x.toFixed(4);
  const why = `${studentWins ? 'student' : 'label model'}: dev ${label} ${fmt(calibratedDecision.value)} (student) vs ${fmt(lmJudged.scores.metric)} (label model)${studentWins ? '' : '; the student must beat the label model on dev to replace it'}`;

  return {
    metric: label,
    labels_from: studentWins ? 'student' : 'label_model',
    why,
    label_model: { method: params.method, selected_by: selectedBy, decision: lmJudged.decision, valid: lmSplit('valid'), test: lmSplit('test'), temperature: round(lmTemperature) },
    student: { arch: request.student, valid: studentSplit('valid', student.valid, search.decision), test: studentSplit('test', student.test, search.decision), best_epoch: search.trials[search.best].bestEpoch, epochs: search.trials[search.best].epochs },
    student_calibrated: { decision: calibratedDecision.decision, valid: studentSplit('valid', calibrated.valid, calibratedDecision.decision), test: studentSplit('test', calibrated.test, calibratedDecision.decision), temperature: round(studentTemperature) },
    search: {
      picked: { learning_rate: search.config.learningRate, l2: search.config.l2, epochs: search.trials[search.best].bestEpoch },
      trials: search.trials.map((t) => ({ learning_rate: t.learningRate, l2: t.l2, best_epoch: t.bestEpoch, epochs: t.epochs, dev_metric: round(t.devMetric), dev_nll: t.devNll === null ? null : round(t.devNll) })),
      class_weights: Array.from(search.classWeights, round),
    },
    classes: dataset.classes,
    seed,
    backend,
    features: dataset.featuresNote,
    train_items: covered.length,
    ...(warnings.length ? { warnings } : {}),
    note: `valid picks the label model (auto), its threshold, the student's settings and epochs, and which model labels the data, all by dev ${label}; it calibrates both models. Test is only scored. Valid scores of a wmv label model are cross-fitted; the student's valid scores are those of the setting the search kept, so they flatter it slightly.`,
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['wrench', 'method', 'student', 'seed', 'out', 'metric', 'positive', 'search']);
  const wrench = options.get('wrench');
  if (!wrench) throw new SiftError('usage/wrench', 'pipeline needs --wrench DIR (a folder with label.json, train.json, valid.json, test.json).');
  const search = integer(options.get('search'), DEFAULT_SEARCH.learningRate.length * DEFAULT_SEARCH.l2.length, 'search');
  if (search < 1) throw new SiftError('usage/search', `--search is how many student settings to try; it must be at least 1, got ${search}.`);
  const result = await pipeline({
    wrench,
    method: choice(options.get('method'), [...methodNames, 'auto'] as const, 'auto', 'method'),
    student: choice(options.get('student'), ['linear', 'mlp'] as const, 'linear', 'student'),
    seed: integer(options.get('seed'), 0, 'seed'),
    metric: metricSpecOf(options),
    search,
  });
  const text = JSON.stringify(result);
  const out = options.get('out');
  if (out) (await import('node:fs')).writeFileSync(out, text + '\n');
  process.stderr.write(`labels from ${result.why}\n`);
  process.stdout.write(text + '\n');
}
