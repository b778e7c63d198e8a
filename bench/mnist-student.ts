// MNIST student experiment (issue 5): 100 human labels + the built-in digit teacher → a student that
// should beat both the teacher and a student trained on the 100 labels alone, on a canary set nothing
// was fitted on. `npm run bench -- mnist-student [--runs N]` (seeds 1…N, default 3) writes bench/results/mnist-student.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyCalibrator, fitCalibration } from '../src/core/calibration/index';
import { canaryReport, argmaxLabels } from '../src/core/evaluation/canary-report';
import { mulberry32, shuffleInPlace } from '../src/core/random';
import type { DenseFeatures } from '../src/core/student/features';
import { planRows } from '../src/core/student/plan';
import { buildTargets } from '../src/core/student/targets';
import { Split } from '../src/core/types';
import { REPO } from '../models/build/data';
import { useNodeBackend } from '../src/ml/student/node-backend';
import { pseudoLabel } from '../src/ml/student/pseudo';
import { predictProbs, trainStudent, type TrainConfig } from '../src/ml/student/train';
import { argValue } from './lib/app';
import { DIGIT_PIXELS, digitTeacherProbs, loadDigitSample } from './lib/mnist-sample';

const K = 10;
/** The student reads what its card will say: 28×28 gray, NHWC, scaled to [0, 1]. */
export const DIGIT_STUDENT_INPUT = DIGIT_PIXELS;
/** Settings fixed before looking at the canary (a student CNN, image shifts of ±2 px). */
export const DIGIT_STUDENT: Omit<TrainConfig, 'seed'> = { arch: 'cnn', hidden: 64, epochs: 40, batchSize: 32, learningRate: 0.003, l2: 1e-4, patience: 8, shift: 2 };

/** Stratified: per class, a quarter of the items are canary, then 10 are human-labelled dev seeds. */
function splitDigits(labels: Int16Array, seed: number): { splits: Uint8Array; human: Int16Array } {
  const random = mulberry32(seed);
  const splits = new Uint8Array(labels.length);
  const human = new Int16Array(labels.length).fill(-1);
  for (let c = 0; c < K; c++) {
    const items = shuffleInPlace(Uint32Array.from(Array.from(labels.keys()).filter((i) => labels[i] === c)), random);
    const canary = Math.round(items.length * 0.25);
    items.forEach((i, t) => {
      if (t < canary) splits[i] = Split.canary;
      else if (t < canary + 10) splits[i] = Split.dev;
      else return;
      human[i] = labels[i];
    });
  }
  return { splits, human };
}

const started = performance.now();
const log = (line: string) => console.log(`${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s  ${line}`);

/** One repetition: its own canary, human labels, hold-out and training seed. */
async function experiment(x: Float32Array, labels: Int16Array, teacher: Float32Array, seed: number) {
  const n = labels.length;
  const { splits, human } = splitDigits(labels, seed);
  const features: DenseFeatures = { kind: 'dense', n, shape: [28, 28, 1], values: x };
  const plan = planRows(human, splits, { devSeeds: 'holdout', holdout: 0.3, seed });
  const dev = { rows: plan.devRows, labels: plan.devLabels };
  const config: TrainConfig = { ...DIGIT_STUDENT, seed };
  const outputs: { id: string; name: string; kind: string; labels: Int16Array; probs: Float32Array; seconds?: number }[] = [];
  outputs.push({ id: 'teacher', name: 'built-in digit teacher', kind: 'teacher', labels: argmaxLabels(teacher, K), probs: teacher });

  let t0 = performance.now();
  const seedsOnly = await trainStudent(features, buildTargets({ k: K, splits, purpose: 'training', seedRows: plan.seedRows, seedLabels: plan.seedLabels }), dev, config);
  const seedsProbs = await predictProbs(seedsOnly.model, features, null);
  outputs.push({ id: 'seeds-only', name: `CNN on ${plan.seedRows.length} human labels only`, kind: 'student', labels: argmaxLabels(seedsProbs, K), probs: seedsProbs, seconds: (performance.now() - t0) / 1000 });
  seedsOnly.model.dispose();
  log('seeds-only student done');

  // Distillation: the teacher calibrated on dev, soft targets (T = 2) mixed with its hard labels, weighted by confidence.
  t0 = performance.now();
  const calibration = fitCalibration({ n, k: K, probs: teacher }, plan.devColumn, splits, 'temperature');
  const calibrated = applyCalibrator({ n, k: K, probs: teacher }, calibration.calibrator);
  const distillTargets = buildTargets({ k: K, splits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, softRows: plan.poolRows, softProbs: calibrated, temperature: 2, alpha: 0.7, weighting: 'confidence' });
  const distilled = await trainStudent(features, distillTargets, dev, config);
  const distilledProbs = await predictProbs(distilled.model, features, null);
  outputs.push({ id: 'distilled', name: 'CNN distilled from the teacher (T 2, α 0.7) + human labels', kind: 'student', labels: argmaxLabels(distilledProbs, K), probs: distilledProbs, seconds: (performance.now() - t0) / 1000 });
  distilled.model.dispose();
  log('distilled student done');

  // Pseudo-labeling: round 1 learns from the (calibrated) teacher on every pool item, later rounds from the student itself.
  t0 = performance.now();
  const pseudo = await pseudoLabel(features, plan, splits, K, config, { rounds: 3, thresholds: { mode: 'manual', values: new Array(K).fill(0) }, calibration: 'temperature', alpha: 0.7, temperature: 2, weighting: 'confidence', teacherProbs: teacher }, { onRound: (r) => log(`pseudo-label round ${r.round}: ${r.accepted} pool items, dev accuracy ${r.dev.accuracy.toFixed(3)}${r.improved ? '' : ' (no better: stop)'}`) });
  const pseudoProbs = await predictProbs(pseudo.model, features, null);
  outputs.push({ id: 'pseudo-labeled', name: 'CNN: teacher round, then self-training rounds', kind: 'student', labels: argmaxLabels(pseudoProbs, K), probs: pseudoProbs, seconds: (performance.now() - t0) / 1000 });
  pseudo.model.dispose();

  const report = canaryReport(outputs, labels, splits, K);
  const rows = report.rows.map((row, i) => ({ id: row.id, name: row.name, canary_accuracy: row.accuracy, canary_macro_f1: row.macroF1, canary_ece: row.ece, train_seconds: outputs[i].seconds ?? null }));
  for (const row of rows) log(`seed ${seed}: ${row.canary_accuracy.toFixed(4)}  ${row.name}`);
  return {
    seed,
    splits: { canary: report.canaryItems, human_labels: plan.seedRows.length + plan.devRows.length, seeds: plan.seedRows.length, dev_holdout: plan.devRows.length, pool: plan.poolRows.length },
    teacher_temperature_on_dev: calibration.calibrator.method === 'temperature' ? calibration.calibrator.temperature : null,
    pseudo_rounds: pseudo.rounds.map((r) => ({ round: r.round, accepted: r.accepted, dev_accuracy: r.dev.accuracy, improved: r.improved })),
    results: rows,
  };
}

export async function run(args: string[]): Promise<void> {
  const repetitions = argValue(args, '--runs', 3);
  const { x, labels } = loadDigitSample(REPO);
  const teacher = await digitTeacherProbs(REPO, x, labels.length);
  await useNodeBackend('wasm');
  const runs: Awaited<ReturnType<typeof experiment>>[] = [];
  for (let seed = 1; seed <= repetitions; seed++) runs.push(await experiment(x, labels, teacher, seed));
  const ids = runs[0].results.map((r) => r.id);
  const mean = ids.map((id) => {
    const values = runs.map((r) => r.results.find((row) => row.id === id)!.canary_accuracy);
    return { id, name: runs[0].results.find((row) => row.id === id)!.name, canary_accuracy_mean: values.reduce((a, b) => a + b, 0) / values.length, canary_accuracy_min: Math.min(...values), canary_accuracy_max: Math.max(...values) };
  });
  const result = {
    experiment: 'MNIST digits 0–1999 (public/sample/mnist): 100 human labels + the built-in digit teacher',
    canary: 'stratified: a seeded quarter of each class (~500 items); never used for fitting, thresholds, early stopping or selection',
    human_labels: '10 per class from the rest, all on dev: 70 train the student, 30 (held out per class) stop training early and calibrate',
    student: { ...DIGIT_STUDENT, input: '28×28×1 NHWC / 255' },
    backend: 'wasm (Node)',
    repetitions,
    mean,
    runs,
  };
  mkdirSync(join(REPO, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO, 'bench/results/mnist-student.json'), JSON.stringify(result, null, 2) + '\n');
  for (const row of mean) log(`mean over ${repetitions}: ${row.canary_accuracy_mean.toFixed(4)} (${row.canary_accuracy_min.toFixed(4)}–${row.canary_accuracy_max.toFixed(4)})  ${row.name}`);
}
