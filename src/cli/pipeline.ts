import { SiftError } from '../core/errors';
import { applyTemperature, calibrationReport, fitTemperature } from '../core/calibration/index';
import { parseWrenchDataset, type WrenchSplit } from '../core/formats/wrench';
import { decideLabels, evaluatePrediction, fitAuto, fitLabelModel, methodNames, predict, weightedDevCrossFit, type LabelModelParams, type MethodName, type VoteMatrix } from '../core/labelmodel/index';
import { classificationReport } from '../core/metrics/classification';
import { Split } from '../core/types';
import { DEFAULT_HASHED_NGRAMS } from '../core/features/text-hash';
import { hashTexts } from '../core/student/features';
import { buildTargets } from '../core/student/targets';
import { useNodeBackend } from '../../workers/student/node-backend';
import { predictProbs, trainStudent, type TrainConfig } from '../../workers/student/train';
import { choice, integer, parseOptions } from './args';
import { readWrenchFolder } from './label-model';

/**
 * `sift pipeline`: label model on the train votes → temperature calibration on valid → a student trained
 * on the train items' calibrated soft labels with the built-in hashed n-gram features → metrics on
 * valid and test for the label model, the student, and the student after its own calibration on valid.
 * Valid (dev) picks the label model ("auto"), calibrates, and stops training early; test is only scored.
 */
export interface PipelineRequest {
  wrench: string;
  method: MethodName | 'auto';
  student: 'linear' | 'mlp';
  seed: number;
}

export interface SplitMetrics {
  accuracy: number;
  macro_f1: number;
  f1: number | null;
  coverage: number;
  ece: number;
  brier: number;
}

/** Student settings; chosen on valid with the label model's targets (see the closing note of issue 5). */
export const PIPELINE_STUDENT: Omit<TrainConfig, 'arch' | 'seed'> = { hidden: 64, epochs: 30, batchSize: 32, learningRate: 0.003, l2: 1e-5, patience: 5 };
export const PIPELINE_FEATURES = { ...DEFAULT_HASHED_NGRAMS };

const matrixOf = (split: WrenchSplit, k: number): VoteMatrix => ({ n: split.n, m: split.m, k, votes: split.votes });
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const all = (n: number) => Uint32Array.from({ length: n }, (_, i) => i);

function metrics(probs: Float32Array, labels: Int16Array, gold: Int16Array, k: number, coverage: number): SplitMetrics {
  const report = classificationReport(gold, labels, k);
  const calibration = calibrationReport({ n: gold.length, k, probs }, gold, all(gold.length));
  return { accuracy: report.accuracy, macro_f1: report.macroF1, f1: report.binaryF1, coverage, ece: calibration.ece, brier: calibration.brier };
}

export async function pipeline(request: PipelineRequest): Promise<Record<string, unknown>> {
  const dataset = parseWrenchDataset(readWrenchFolder(request.wrench));
  const { k, splits } = dataset;
  const { train, valid, test } = splits;
  for (const split of [train, valid, test]) {
    if (!split.data.text || split.data.text.some((t) => typeof t !== 'string')) throw new SiftError('pipeline/no-text', `${split.name}.json: every item needs data.text for the student's text features.`);
  }
  const seed = request.seed;
  const dev = { matrix: matrixOf(valid, k), labels: valid.gold };

  // 1. Label model: fitted on train votes; dev picks the method and (wmv) weighs the sources.
  let params: LabelModelParams;
  if (request.method === 'auto') params = fitAuto(matrixOf(train, k), { ...dev, keys: valid.ids }, { seed, dev }).params;
  else params = fitLabelModel(matrixOf(train, k), request.method, { seed, dev });
  const lm = { train: predict(params, matrixOf(train, k)), valid: predict(params, matrixOf(valid, k)), test: predict(params, matrixOf(test, k)) };
  // Dev labels that shaped the model would flatter its dev numbers (and its calibration): cross-fit them.
  if (params.usesDevLabels) lm.valid = { ...lm.valid, probs: weightedDevCrossFit(dev, k, params.prior) };
  const lmSplit = (name: 'valid' | 'test') => {
    const split = splits[name];
    const evaluation = evaluatePrediction(lm[name], k, split.gold, { seed, keys: split.ids });
    return metrics(lm[name].probs, evaluation.labels, split.gold, k, evaluation.scores.coverage);
  };

  // 2. Calibration of the label model on valid (the only labels it may see).
  const lmTemperature = fitTemperature({ n: valid.n, k, probs: lm.valid.probs }, valid.gold, all(valid.n));
  const softTrain = applyTemperature({ n: train.n, k, probs: lm.train.probs }, lmTemperature);

  // 3. Student on one item index space: train rows, then valid (dev), then test (canary).
  const n = train.n + valid.n + test.n;
  const itemSplits = new Uint8Array(n);
  itemSplits.fill(Split.dev, train.n, train.n + valid.n).fill(Split.canary, train.n + valid.n);
  const texts = [...train.data.text, ...valid.data.text, ...test.data.text] as string[];
  const features = hashTexts(texts, PIPELINE_FEATURES);
  const probs = new Float32Array(n * k);
  probs.set(softTrain);
  // Uncovered train items carry only the class prior: nothing for a student to learn from them.
  const covered: number[] = [];
  for (let i = 0; i < train.n; i++) if (lm.train.covered[i]) covered.push(i);
  const targets = buildTargets({ k, splits: itemSplits, purpose: 'distillation', seedRows: [], seedLabels: [], softRows: covered, softProbs: probs, temperature: 1, alpha: 1, weighting: 'none', classNames: dataset.classes });
  const validRows = Uint32Array.from({ length: valid.n }, (_, i) => train.n + i);
  const testRows = Uint32Array.from({ length: test.n }, (_, i) => train.n + valid.n + i);
  const backend = await useNodeBackend('wasm');
  const config: TrainConfig = { ...PIPELINE_STUDENT, arch: request.student, seed, name: 'sift_pipeline_student' };
  const trained = await trainStudent(features, targets, { rows: validRows, labels: valid.gold }, config);
  const student = { valid: await predictProbs(trained.model, features, validRows), test: await predictProbs(trained.model, features, testRows) };
  trained.model.dispose();
  const studentSplit = (name: 'valid' | 'test', p: Float32Array) => {
    const split = splits[name];
    return metrics(p, decideLabels(p, k, { seed, keys: split.ids }), split.gold, k, 1);
  };

  // 4. The student's own temperature, fitted on valid.
  const studentTemperature = fitTemperature({ n: valid.n, k, probs: student.valid }, valid.gold, all(valid.n));
  const calibrated = { valid: applyTemperature({ n: valid.n, k, probs: student.valid }, studentTemperature), test: applyTemperature({ n: test.n, k, probs: student.test }, studentTemperature) };

  return {
    label_model: { method: params.method, valid: lmSplit('valid'), test: lmSplit('test'), temperature: round(lmTemperature) },
    student: { arch: request.student, valid: studentSplit('valid', student.valid), test: studentSplit('test', student.test), best_epoch: trained.bestEpoch, epochs: trained.history.length },
    student_calibrated: { valid: studentSplit('valid', calibrated.valid), test: studentSplit('test', calibrated.test), temperature: round(studentTemperature) },
    classes: dataset.classes,
    seed,
    backend,
    features: `hashed n-grams, dim ${PIPELINE_FEATURES.dim}`,
    train_items: covered.length,
    note: 'valid picks the label model (auto), calibrates both models and stops the student early; test is only scored. valid scores of a wmv label model are cross-fitted.',
  };
}

export async function run(args: string[]): Promise<void> {
  const options = parseOptions(args, ['wrench', 'method', 'student', 'seed', 'out']);
  const wrench = options.get('wrench');
  if (!wrench) throw new SiftError('usage/wrench', 'pipeline needs --wrench DIR (a folder with label.json, train.json, valid.json, test.json).');
  const result = await pipeline({
    wrench,
    method: choice(options.get('method'), [...methodNames, 'auto'] as const, 'auto', 'method'),
    student: choice(options.get('student'), ['linear', 'mlp'] as const, 'linear', 'student'),
    seed: integer(options.get('seed'), 0, 'seed'),
  });
  const text = JSON.stringify(result);
  const out = options.get('out');
  if (out) (await import('node:fs')).writeFileSync(out, text + '\n');
  process.stdout.write(text + '\n');
}
