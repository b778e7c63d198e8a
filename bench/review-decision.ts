// npm run bench -- review-decision [--seeds N]: does RAND HIE's dev-tuned decision (class weights for macro-F1)
// ever predict the rarest class, and does what it buys hold out of sample? Dev scores only, never canary.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyTemperature, fitTemperature } from '../src/core/calibration/index';
import { applyDecision, classPriorFromLabels, decideLabels, fitAuto, methodNames, predict, tuneDecision, weightedDevCrossFit, type VoteMatrix } from '../src/core/labelmodel/index';
import { metricScore, metricValue, resolveMetric, type SelectionMetric } from '../src/core/metrics/selection';
import { classificationReport } from '../src/core/metrics/classification';
import { mulberry32, shuffleInPlace } from '../src/core/random';
import { reviewedSeedWeight } from '../src/core/review/reviewed-weight';
import { planRows } from '../src/core/student/plan';
import { buildTargets } from '../src/core/student/targets';
import { Split } from '../src/core/types';
import { APP_STUDENT } from '../src/ml/review-loop';
import { useNodeBackend } from '../src/ml/student/node-backend';
import { predictProbs, trainStudent } from '../src/ml/student/train';
import { crossFittedDecision } from './lib/decision-crossfit';
import { enlargeDev } from './lib/enlarge-dev';
import { randhie } from './lib/randhie';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface Row { model: string; seed: number; argmax: number; tuned: number; crossFitted: number; decision: string; rarePredicted: { argmax: number; tuned: number; crossFitted: number }; rareF1CrossFitted: number }

function judge(model: string, seed: number, probs: Float32Array, k: number, gold: Int16Array, metric: SelectionMetric, rare: number): Row {
  const argmaxLabels = decideLabels(probs, k);
  const tuned = tuneDecision(probs, k, gold, metric);
  const tunedLabels = applyDecision(probs, k, tuned.decision);
  const crossed = crossFittedDecision(probs, k, gold, metric);
  const count = (labels: Int16Array) => labels.reduce((s, y) => s + (y === rare ? 1 : 0), 0);
  const rareF1 = classificationReport(gold, crossed.labels, k).f1[rare];
  return {
    model, seed, argmax: metricValue(metric, gold, argmaxLabels, k), tuned: tuned.value, crossFitted: crossed.value,
    decision: tuned.decision.kind === 'weights' ? tuned.decision.weights.map((w) => w.toFixed(2)).join('/') : tuned.decision.kind,
    rarePredicted: { argmax: count(argmaxLabels), tuned: count(tunedLabels), crossFitted: count(crossed.labels) }, rareF1CrossFitted: rareF1,
  };
}

export async function run(args: string[]): Promise<void> {
  const seeds = Number(args.includes('--seeds') ? args[args.indexOf('--seeds') + 1] : 5);
  await useNodeBackend('wasm');
  const rows: Row[] = [];
  const cpu0 = process.cpuUsage();
  for (let seed = 0; seed < seeds; seed++) {
    // As the review bench: dev enlarged by 30 % of the pool; the loop's label model and student.
    const data = enlargeDev(randhie(root, seed), 0.3, seed);
    const { k, features } = data;
    const { train, valid, test } = data.splits;
    const metric = resolveMetric({ name: 'macro_f1' } as never, data.classes);
    const n = train.n + valid.n + test.n;
    const itemSplits = new Uint8Array(n).fill(Split.dev, train.n, train.n + valid.n).fill(Split.canary, train.n + valid.n);
    const matrix = (s: typeof train): VoteMatrix => ({ n: s.n, m: s.m, k, votes: s.votes });
    const dev = { matrix: matrix(valid), labels: Int32Array.from(valid.gold) };
    const validGold = Int16Array.from(valid.gold);
    const classCounts = new Array<number>(k).fill(0);
    for (const y of validGold) classCounts[y]++;
    const rare = classCounts.indexOf(Math.min(...classCounts));
    const keys = Array.from({ length: valid.n }, (_, i) => String(i));
    const auto = fitAuto(matrix(train), { ...dev, keys }, { seed, dev, classPrior: classPriorFromLabels(dev.labels, k) }, methodNames, { metric, seed });
    const params = auto.params;
    const lmValid = params.usesDevLabels ? weightedDevCrossFit(dev, k, params.prior) : predict(params, matrix(valid)).probs;
    const t = fitTemperature({ n: valid.n, k, probs: lmValid }, validGold, Uint32Array.from({ length: valid.n }, (_, i) => i));
    rows.push(judge('label model', seed, applyTemperature({ n: valid.n, k, probs: lmValid }, t), k, validGold, metric, rare));
    const teacher = new Float32Array(n * k);
    teacher.set(applyTemperature({ n: train.n, k, probs: predict(params, matrix(train)).probs }, t));
    const order = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), mulberry32(seed + 99));
    for (const [model, reveal] of [['student, 0 labels', order.subarray(0, 0)], ['student + 200 random gold', order.subarray(0, 200)]] as const) {
      const labels = new Int16Array(n).fill(-1);
      for (let i = 0; i < valid.n; i++) labels[train.n + i] = valid.gold[i];
      for (const i of reveal) labels[i] = train.gold[i];
      const plan = planRows(labels, itemSplits, { devSeeds: 'none', seed });
      const seedWeight = reviewedSeedWeight(plan.seedRows.length, plan.poolRows.length);
      const targets = buildTargets({ k, splits: itemSplits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeight, softRows: plan.poolRows, softProbs: teacher, temperature: 1, alpha: 1, weighting: 'none' });
      const score = (p: Float32Array) => metricScore(metric, tuneDecision(p, k, plan.devLabels, metric).value);
      const trained = await trainStudent(features, targets, { rows: plan.devRows, labels: plan.devLabels, score, tolerance: 1 / plan.devRows.length }, { ...APP_STUDENT, seed });
      const devProbs = await predictProbs(trained.model, features, plan.devRows);
      trained.model.dispose();
      rows.push(judge(model, seed, devProbs, k, plan.devLabels, metric, rare));
    }
    for (const r of rows.filter((r) => r.seed === seed)) console.log(JSON.stringify(r));
  }
  const cpu = process.cpuUsage(cpu0);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const summary = [...new Set(rows.map((r) => r.model))].map((model) => {
    const of = rows.filter((r) => r.model === model);
    return { model, argmax: mean(of.map((r) => r.argmax)), tuned: mean(of.map((r) => r.tuned)), crossFitted: mean(of.map((r) => r.crossFitted)), rarePredictedArgmax: mean(of.map((r) => r.rarePredicted.argmax)), rarePredictedCrossFitted: mean(of.map((r) => r.rarePredicted.crossFitted)), rareF1CrossFitted: mean(of.map((r) => r.rareF1CrossFitted)) };
  });
  console.table(summary);
  writeFileSync(join(here, 'results', 'review-decision.json'), JSON.stringify({ set: 'randhie', metric: 'macro_f1', seeds, cpuS: (cpu.user + cpu.system) / 1e6, summary, rows }, null, 2) + '\n');
}
