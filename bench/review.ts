// npm run bench -- review [--seeds N] [--budget N] [--step N] [--only NAME] [--strategies a,b]
// The review loop with a simulated reviewer (src/ml/review-loop.ts: label model → calibration →
// student → next batch, as the app's Refit), default strategy against random, over several seeds, on
// a balanced binary set, an imbalanced binary set and a multi-class set. Writes bench/results/review.json
// with every curve and a summary at the budget (mean ± sd over seeds, canary = WRENCH test or the
// seeded 20 %), plus the dev scores, which are the only ones a choice of default may look at.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricLabel, resolveMetric, type MetricSpec } from '../src/core/metrics/selection';
import type { PipelineData } from '../src/cli/pipeline';
import { DEFAULT_LOOP_PICK, loopStrategies, type LoopStrategy } from '../src/core/review/loop-pick';
import { simulateLoop, type LoopPoint } from '../src/ml/review-loop';
import { argValue } from './lib/app';
import { randhie } from './lib/randhie';
import { datasets as qualitySets } from './quality';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface Set {
  name: string;
  metric: MetricSpec;
  about: string;
  load: (seed: number) => PipelineData;
}

const quality = (name: string) => qualitySets.find((d) => d.name === name)!;
const sets: Set[] = [
  quality('youtube'),
  quality('youtube_spam10'),
  { name: 'randhie', metric: { name: 'macro_f1' }, about: 'RAND HIE self-rated health, 4 imbalanced classes (2,000-row sample), 9 field LFs, seeded 60/20/20 split; macro-F1', load: (seed) => randhie(root, seed) },
];

const round = (x: number) => Math.round(x * 1e4) / 1e4;
const stats = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean: round(mean), sd: round(sd) };
};

export async function run(args: string[]): Promise<void> {
  const seeds = argValue(args, '--seeds', 3);
  const budget = argValue(args, '--budget', 200);
  const step = argValue(args, '--step', 50);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const strategies = (args.includes('--strategies') ? args[args.indexOf('--strategies') + 1].split(',') : ['default', 'random']) as LoopStrategy[];
  for (const s of strategies) if (!loopStrategies.includes(s)) throw new Error(`Unknown strategy ${s}; use ${loopStrategies.join(', ')}.`);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const runs: { dataset: string; strategy: string; seed: number; cpu_s: number; curve: LoopPoint[] }[] = [];
  const summary: Record<string, unknown>[] = [];
  for (const set of sets.filter((d) => !only || d.name === only)) {
    const byStrategy: Record<string, LoopPoint[][]> = {};
    for (let seed = 0; seed < seeds; seed++) {
      const data = set.load(seed);
      const metric = resolveMetric(set.metric, data.classes);
      for (const strategy of strategies) {
        const cpu = process.cpuUsage();
        const { curve } = await simulateLoop(data, { method: 'auto', metric, budget, step, strategy, seed });
        const used = process.cpuUsage(cpu);
        const cpu_s = round((used.user + used.system) / 1e6);
        const rounded = curve.map((p) => ({ ...p, test: round(p.test), labelModel: { dev: round(p.labelModel.dev), test: round(p.labelModel.test) }, student: { dev: round(p.student.dev), test: round(p.student.test) } }));
        runs.push({ dataset: set.name, strategy, seed, cpu_s, curve: rounded });
        (byStrategy[strategy] ??= []).push(rounded);
        const last = rounded[rounded.length - 1];
        console.log(`${set.name} seed ${seed} ${strategy}: ${metricLabel(metric, data.classes)} test ${rounded[0].test} → ${last.test} at ${last.labels} (${last.chosen}; dev ${last.student.dev}/${last.labelModel.dev}); ${cpu_s} s CPU`);
      }
    }
    const at = (curves: LoopPoint[][], pick: (p: LoopPoint) => number) => stats(curves.map((c) => pick(c[c.length - 1])));
    const first = Object.values(byStrategy)[0];
    summary.push({
      dataset: set.name,
      metric: set.metric.name,
      at_labels: budget,
      start: { canary: stats(first.map((c) => c[0].test)), label_model_alone_canary: stats(first.map((c) => c[0].labelModel.test)) },
      ...Object.fromEntries(
        Object.entries(byStrategy).map(([s, curves]) => [
          s,
          { canary: at(curves, (p) => p.test), dev: at(curves, (p) => Math.max(p.student.dev, p.labelModel.dev)), label_model_canary: at(curves, (p) => p.labelModel.test), student_canary: at(curves, (p) => p.student.test) },
        ]),
      ),
    });
  }
  const used = process.cpuUsage(cpuStart);
  // The rule for the default, on dev only: the best mean rank of the dev metric at the budget over the sets.
  const candidates = strategies.filter((s) => s !== 'random' && s !== 'default');
  const rankSum = new Map(candidates.map((s) => [s, 0]));
  for (const row of summary) {
    const devAt = (s: string) => (row[s] as { dev: { mean: number } }).dev.mean;
    const sorted = [...candidates].sort((a, b) => devAt(b) - devAt(a));
    for (const s of candidates) rankSum.set(s, rankSum.get(s)! + sorted.findIndex((x) => devAt(x) === devAt(s)) + 1);
  }
  const devChoice = candidates.length ? [...rankSum.entries()].sort((a, b) => a[1] - b[1])[0][0] : null;
  if (devChoice) console.log(`dev choice (best mean rank of the dev metric at ${budget}): ${devChoice}; rank sums ${JSON.stringify(Object.fromEntries(rankSum))}`);
  const out = {
    bench: 'review',
    date: new Date().toISOString(),
    settings: { seeds, budget, step, strategies, default_is: DEFAULT_LOOP_PICK, label_model: 'auto (dev picks the method; dev labels only, as the app)', student: 'app defaults: linear, lr 0.003, 30 epochs, patience 5, distilled from the calibrated label model, revealed labels as seeds' },
    machine: { cpus: cpus().length, loadavg_at_end: loadavg().map(round) },
    cpu_s: round((used.user + used.system) / 1e6),
    wall_s: round((performance.now() - wallStart) / 1000),
    datasets: sets.map(({ name, metric, about }) => ({ name, metric, about })),
    notes: 'canary = WRENCH test or the seeded 20 %; scored only. "canary" is the model the loop would use (student when it beats the label model on dev). start = 0 reviewed labels. dev = the best of both models on dev: the only number a choice of default may use.',
    dev_choice: devChoice ? { rule: `best mean rank of the dev metric at ${budget} labels over the sets (ties share the better rank)`, rank_sums: Object.fromEntries(rankSum), chosen: devChoice } : null,
    summary,
    runs,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', only ? `review-${only}.json` : 'review.json'), JSON.stringify(out, null, 1) + '\n');
}
