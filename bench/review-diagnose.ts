// npm run bench -- review-diagnose [--only NAME] [--seeds N]: why 200 reviewed labels did not move the loop (bench/README.md). Dev scores only, never canary; the student step re-created with the seed weight as a parameter.
import { applyTemperature, fitTemperature } from '../src/core/calibration/index';
import { classPriorFromLabels, fitAuto, methodNames, predict, tuneDecision, weightedDevCrossFit, type VoteMatrix } from '../src/core/labelmodel/index';
import { metricScore, resolveMetric } from '../src/core/metrics/selection';
import { mulberry32, shuffleInPlace } from '../src/core/random';
import { planRows } from '../src/core/student/plan';
import { buildTargets } from '../src/core/student/targets';
import { Split } from '../src/core/types';
import { useNodeBackend } from '../src/ml/student/node-backend';
import { predictProbs, trainStudent } from '../src/ml/student/train';
import { APP_STUDENT } from '../src/ml/review-loop';
import { enlargeDev } from './lib/enlarge-dev';
import { randhie } from './lib/randhie';
import { youtubeVideo6 } from './lib/youtube-video6';
import { datasets as qualitySets } from './quality';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const q = (name: string) => qualitySets.find((d) => d.name === name)!;
const sets = [q('youtube'), q('youtube_spam10'), { name: 'randhie', metric: { name: 'macro_f1' as const }, load: (seed: number) => randhie(root, seed) }, { name: 'youtube_video6', metric: { name: 'macro_f1' as const }, load: (seed: number) => youtubeVideo6(root, seed) }];

export async function run(args: string[]): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const seeds = Number(args.includes('--seeds') ? args[args.indexOf('--seeds') + 1] : 2);
  await useNodeBackend('wasm');
  for (const set of sets.filter((s) => !only || s.name === only)) {
    const rows: Record<string, number[]> = {};
    for (let seed = 0; seed < seeds; seed++) {
      const data = enlargeDev(set.load(seed), 0.3, seed);
      const { k, features } = data;
      const { train, valid, test } = data.splits;
      const metric = resolveMetric(set.metric as never, data.classes);
      const n = train.n + valid.n + test.n;
      const itemSplits = new Uint8Array(n).fill(Split.dev, train.n, train.n + valid.n).fill(Split.canary, train.n + valid.n);
      const matrix = (s: typeof train): VoteMatrix => ({ n: s.n, m: s.m, k, votes: s.votes });
      const dev = { matrix: matrix(valid), labels: Int32Array.from(valid.gold) };
      const keys = Array.from({ length: valid.n }, (_, i) => String(i));
      const auto = fitAuto(matrix(train), { ...dev, keys }, { seed, dev, classPrior: classPriorFromLabels(dev.labels, k) }, methodNames, { metric, seed });
      const params = auto.params;
      const lmValid = params.usesDevLabels ? weightedDevCrossFit(dev, k, params.prior) : predict(params, matrix(valid)).probs;
      const validGold = Int16Array.from(valid.gold);
      const t = fitTemperature({ n: valid.n, k, probs: lmValid }, validGold, Uint32Array.from({ length: valid.n }, (_, i) => i));
      const teacher = new Float32Array(n * k);
      teacher.set(applyTemperature({ n: train.n, k, probs: predict(params, matrix(train)).probs }, t));
      const devScore = (p: Float32Array) => metricScore(metric, tuneDecision(p, k, validGold, metric).value);
      const lmDev = devScore(applyTemperature({ n: valid.n, k, probs: lmValid }, t));
      // LM's accuracy on the pool (gold known here, diagnosis only).
      let lmRight = 0;
      for (let i = 0; i < train.n; i++) {
        let b = 0;
        for (let c = 1; c < k; c++) if (teacher[i * k + c] > teacher[i * k + b]) b = c;
        if (b === train.gold[i]) lmRight++;
      }
      const order = shuffleInPlace(Uint32Array.from({ length: train.n }, (_, i) => i), mulberry32(seed + 99));
      const student = async (reveal: ArrayLike<number>, soft: boolean, seedWeight: number) => {
        const labels = new Int16Array(n).fill(-1);
        for (let i = 0; i < valid.n; i++) labels[train.n + i] = valid.gold[i];
        for (let r = 0; r < reveal.length; r++) labels[reveal[r]] = train.gold[reveal[r]];
        const plan = planRows(labels, itemSplits, { devSeeds: 'none', seed });
        const targets = buildTargets({ k, splits: itemSplits, purpose: 'distillation', seedRows: plan.seedRows, seedLabels: plan.seedLabels, seedWeight, softRows: soft ? plan.poolRows : [], softProbs: teacher, temperature: 1, alpha: 1, weighting: 'none' });
        const trained = await trainStudent(features, targets, { rows: plan.devRows, labels: plan.devLabels, score: (p) => metricScore(metric, tuneDecision(p, k, plan.devLabels, metric).value), tolerance: 1 / plan.devRows.length }, { ...APP_STUDENT, seed });
        const all = await predictProbs(trained.model, features, plan.devRows);
        trained.model.dispose();
        return { dev: devScore(all), best: trained.bestEpoch };
      };
      const r200 = order.subarray(0, 200);
      const push = (key: string, v: number) => (rows[key] ??= []).push(v);
      push('pool n', train.n);
      push('LM pool accuracy', lmRight / train.n);
      push('LM dev', lmDev);
      const runs: [string, ArrayLike<number>, boolean, number][] = [
        ['distill, 0 labels', [], true, 1],
        ['distill + 200 random gold (w 1)', r200, true, 1],
        ['distill + 200 random gold (w pool/200·0.5)', r200, true, ((train.n - 200) / 200) * 0.5],
        ['distill + 200 random gold (w pool/200)', r200, true, (train.n - 200) / 200],
        ['200 random gold alone', r200, false, 1],
        ['all pool gold (ceiling)', order, false, 1],
      ];
      for (const [name, rev, soft, w] of runs) {
        const r = await student(rev, soft, w);
        push(name, r.dev);
        push(name + ' bestEpoch', r.best);
      }
      console.log(set.name, seed, JSON.stringify(Object.fromEntries(Object.entries(rows).map(([a, b]) => [a, b[b.length - 1]]))));
    }
    console.log(`== ${set.name} (dev ${set.metric.name}, mean over ${seeds} seeds)`);
    for (const [key, v] of Object.entries(rows)) console.log(`  ${key}: ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(4)}  [${v.map((x) => x.toFixed(3)).join(', ')}]`);
  }
}
