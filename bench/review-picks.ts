// npm run bench -- review-picks [--only NAME] [--seeds N] [--strategies a,b]: where each strategy's 200
// picks sit and what the student does with them (bench/README.md, review diagnosis). Dev only: the
// canary split is removed before the loop runs (bench/lib/without-canary.ts), so no canary number exists.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveMetric } from '../src/core/metrics/selection';
import type { LoopStrategy } from '../src/core/review/loop-pick';
import { simulateLoop } from '../src/ml/review-loop';
import { enlargeDev } from './lib/enlarge-dev';
import { randhie } from './lib/randhie';
import { youtubeVideo6 } from './lib/youtube-video6';
import { withoutCanary } from './lib/without-canary';
import { datasets as qualitySets } from './quality';

const here = dirname(fileURLToPath(import.meta.url));
const q = (name: string) => qualitySets.find((d) => d.name === name)!;
const sets = [q('youtube'), q('youtube_spam10'), { name: 'randhie', metric: { name: 'macro_f1' as const }, load: (seed: number) => randhie(join(here, '..'), seed) }, { name: 'youtube_video6', metric: { name: 'macro_f1' as const }, load: (seed: number) => youtubeVideo6(join(here, '..'), seed) }];
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Fraction of the rows in each gold class. */
const mix = (gold: ArrayLike<number>, rows: ArrayLike<number>, k: number) => {
  const c = new Array<number>(k).fill(0);
  for (let r = 0; r < rows.length; r++) c[gold[rows[r]]]++;
  return c.map((x) => x / Math.max(1, rows.length));
};

/** Share of rows whose voting sources name two or more classes (conflict), and with no vote at all. */
function conflict(votes: Int8Array, m: number, rows: ArrayLike<number>) {
  let conflicted = 0;
  let silent = 0;
  for (let r = 0; r < rows.length; r++) {
    const seen = new Set<number>();
    for (let j = 0; j < m; j++) if (votes[rows[r] * m + j] >= 0) seen.add(votes[rows[r] * m + j]);
    if (seen.size > 1) conflicted++;
    if (seen.size === 0) silent++;
  }
  return { conflicted: conflicted / rows.length, silent: silent / rows.length };
}

const argmax = (p: Float32Array, i: number, k: number) => {
  let b = 0;
  for (let c = 1; c < k; c++) if (p[i * k + c] > p[i * k + b]) b = c;
  return b;
};

export async function run(args: string[]): Promise<void> {
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : 'randhie';
  const seeds = Number(args.includes('--seeds') ? args[args.indexOf('--seeds') + 1] : 3);
  const strategies = (args.includes('--strategies') ? args[args.indexOf('--strategies') + 1] : 'random,uncertainty,stratified-mix,iw-uncertainty').split(',') as LoopStrategy[];
  const out: Record<string, unknown>[] = [];
  for (const set of sets.filter((s) => only === 'all' || s.name === only)) {
    const acc: Record<string, Record<string, number[][]>> = {};
    for (let seed = 0; seed < seeds; seed++) {
      const data = withoutCanary(enlargeDev(set.load(seed), 0.3, seed));
      const { k } = data;
      const { train, valid } = data.splits;
      const metric = resolveMetric(set.metric as never, data.classes);
      const pool = Uint32Array.from({ length: train.n }, (_, i) => i);
      const devRows = Uint32Array.from({ length: valid.n }, (_, i) => i);
      const put = (s: string, key: string, v: number[]) => (((acc[s] ??= {})[key] ??= []).push(v));
      put('pool', 'class mix', mix(train.gold, pool, k));
      const pc = conflict(train.votes, train.m, pool);
      put('pool', 'sources conflict / silent', [pc.conflicted, pc.silent]);
      put('pool', 'dev gold mix', mix(valid.gold, devRows, k));
      for (const strategy of strategies) {
        const { curve, picked, weights, studentProbs } = await simulateLoop(data, { method: 'auto', metric, budget: 200, step: 50, strategy, seed });
        const c = conflict(train.votes, train.m, picked);
        put(strategy, 'class mix', mix(train.gold, picked, k));
        put(strategy, 'sources conflict / silent', [c.conflicted, c.silent]);
        put(strategy, 'student dev at 0 / 200', [curve[0].student.dev, curve[curve.length - 1].student.dev]);
        // Over-fitting the sample: how well the final student fits its reviewed items against dev.
        const fit = mean(picked.map((i) => (argmax(studentProbs, i, k) === train.gold[i] ? 1 : 0)));
        const devAcc = mean(Array.from(devRows, (r) => (argmax(studentProbs, train.n + r, k) === valid.gold[r] ? 1 : 0)));
        put(strategy, 'student accuracy on its picks / on dev', [fit, devAcc]);
        const predicted = new Array<number>(k).fill(0);
        for (const r of devRows) predicted[argmax(studentProbs, train.n + r, k)]++;
        put(strategy, 'student predicted mix on dev', predicted.map((x) => x / valid.n));
        put(strategy, 'answer weights min / max', [Math.min(...weights), Math.max(...weights)]);
        console.log(`${set.name} seed ${seed} ${strategy}: student dev ${r3(curve[0].student.dev)} → ${r3(curve[curve.length - 1].student.dev)}`);
      }
    }
    const summary = Object.fromEntries(Object.entries(acc).map(([s, keys]) => [s, Object.fromEntries(Object.entries(keys).map(([key, vs]) => [key, vs[0].map((_, j) => r3(mean(vs.map((v) => v[j]))))]))]));
    console.log(`== ${set.name}, mean over ${seeds} seeds (dev only)`);
    for (const [s, keys] of Object.entries(summary)) for (const [key, v] of Object.entries(keys)) console.log(`  ${s} · ${key}: ${v.join(' / ')}`);
    out.push({ dataset: set.name, metric: set.metric.name, seeds, summary });
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', `review-picks-${only}.json`), JSON.stringify({ bench: 'review-picks', date: new Date().toISOString(), note: 'dev only; the canary split is removed before the loop runs', sets: out }, null, 1) + '\n');
}
