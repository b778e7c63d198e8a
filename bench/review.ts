// npm run bench -- review [--seeds N] [--first-seed F] [--budget N] [--step N] [--only NAME] [--strategies a,b] [--dev-share F] [--reviewed-share S] [--student-balance off|on|dev] [--dev-holdout] [--no-pool-labels] [--tag T] [--merge [--tag T] [--also T2] [--more-seeds T3[+T4]]] [--join A,B --only NAME]
// The review loop with a simulated reviewer (src/ml/review-loop.ts: label model → calibration →
// student → next batch, as the app's Refit), default strategy against random, over several seeds, on
// a balanced binary set, an imbalanced binary set and two imbalanced multi-class sets. Writes bench/results/review.json
// with every curve and a summary at the budget (mean ± sd over seeds, canary = WRENCH test or the
// seeded 20 %), plus the dev scores, which are the only ones a choice of default may look at.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { metricLabel, resolveMetric, type MetricSpec } from '../src/core/metrics/selection';
import type { PipelineData } from '../src/cli/pipeline';
import { DEFAULT_LOOP_PICK, loopStrategies, type LoopStrategy } from '../src/core/review/loop-pick';
import { REFIT_LOSS_BALANCE, REVIEWED_SHARE } from '../src/core/review/reviewed-weight';
import { simulateLoop, type LoopPoint } from '../src/ml/review-loop';
import { lossBalances, type LossBalance } from '../src/core/student/balance';
import { argValue } from './lib/app';
import { crossFittedDecision } from './lib/decision-crossfit';
import { enlargeDev, holdOutDev } from './lib/enlarge-dev';
import { randhie } from './lib/randhie';
import { joinSeeds, rankSums, round, summarizeSet } from './lib/review-summary';
import { digits10 } from './lib/digits10';
import { youtubeVideo6 } from './lib/youtube-video6';
import { datasets as qualitySets } from './quality';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

interface Set {
  name: string;
  metric: MetricSpec;
  about: string;
  load: (seed: number) => PipelineData | Promise<PipelineData>;
  /** Runs only when named (`--only`): measured against the target, never part of the default rule or `--merge`. */
  evaluationOnly?: boolean;
}

const quality = (name: string) => qualitySets.find((d) => d.name === name)!;
const sets: Set[] = [
  quality('youtube'),
  quality('youtube_spam10'),
  { name: 'randhie', metric: { name: 'macro_f1' }, about: 'RAND HIE self-rated health, 4 imbalanced classes (2,000-row sample), 9 field LFs, seeded 60/20/20 split; macro-F1', load: (seed) => randhie(root, seed) },
  { name: 'youtube_video6', metric: { name: 'macro_f1' }, about: 'UCI YouTube comments routed to 6 imbalanced classes (spam ~51 %, else the video it was posted under, ~9-10 % each), 16 rule LFs, seeded 60/20/20 split; macro-F1', load: (seed) => youtubeVideo6(root, seed) },
  { name: 'digits10', metric: { name: 'macro_f1' }, about: '2,000 MNIST sample digits, 10 balanced classes, 5 sources: the built-in digit teacher shown one part of the image (top, bottom, left, right half, centre), voting where ≥ 0.5 sure; student on the 784 pixels; seeded 60/20/20 split; macro-F1', load: (seed) => digits10(root, seed), evaluationOnly: true },
];
const ruleSets = sets.filter((d) => !d.evaluationOnly);


export async function run(args: string[]): Promise<void> {
  if (args.includes('--join')) return joinParts(args[args.indexOf('--only') + 1], args[args.indexOf('--join') + 1].split(','));
  const tagsAfter = (flag: string) => args.flatMap((a, i) => (a === flag ? [`-${args[i + 1]}`] : []));
  if (args.includes('--merge')) return merge(args.includes('--tag') ? `-${args[args.indexOf('--tag') + 1]}` : '', tagsAfter('--also'), tagsAfter('--more-seeds'));
  const seeds = argValue(args, '--seeds', 3);
  // Seeds are deterministic one by one, so a later range (--first-seed 5 --seeds 5) adds to stored runs of 0–4.
  const firstSeed = args.includes('--first-seed') ? Number(args[args.indexOf('--first-seed') + 1]) : 0;
  if (!Number.isInteger(firstSeed) || firstSeed < 0) throw new Error('--first-seed needs a whole number ≥ 0');
  const budget = argValue(args, '--budget', 200);
  const step = argValue(args, '--step', 50);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
  const strategies = (args.includes('--strategies') ? args[args.indexOf('--strategies') + 1].split(',') : loopStrategies.filter((s) => s !== 'default')) as LoopStrategy[];
  const devShare = argValue(args, '--dev-share', 0.3);
  const reviewedShare = args.includes('--reviewed-share') ? Number(args[args.indexOf('--reviewed-share') + 1]) : REVIEWED_SHARE;
  const poolLabels = !args.includes('--no-pool-labels');
  // Diagnosis: the loop chooses on half of dev and is scored on the other half; canary is not loaded.
  const devHoldout = args.includes('--dev-holdout');
  const balance = (args.includes('--student-balance') ? args[args.indexOf('--student-balance') + 1] : REFIT_LOSS_BALANCE) as LossBalance;
  if (!lossBalances.includes(balance)) throw new Error(`--student-balance takes ${lossBalances.join(', ')}; got ${balance}.`);
  const tag = args.includes('--tag') ? `-${args[args.indexOf('--tag') + 1]}` : '';
  for (const s of strategies) if (!loopStrategies.includes(s)) throw new Error(`Unknown strategy ${s}; use ${loopStrategies.join(', ')}.`);
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const runs: { dataset: string; strategy: string; seed: number; cpu_s: number; curve: LoopPoint[]; student_dev_cross_fitted: number }[] = [];
  const summary: Record<string, unknown>[] = [];
  for (const set of only ? sets.filter((d) => d.name === only) : ruleSets) {
    for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
      const loaded = await set.load(seed);
      const enlarged = devShare > 0 ? enlargeDev(loaded, devShare, seed) : loaded;
      const data = devHoldout ? holdOutDev(enlarged) : enlarged;
      const metric = resolveMetric(set.metric, data.classes);
      for (const strategy of strategies) {
        const cpu = process.cpuUsage();
        const { curve, studentProbs } = await simulateLoop(data, { method: 'auto', metric, budget, step, strategy, seed, reviewedShare, poolLabels, balance });
        // The last student's dev metric with its decision tuned on one half of dev and scored on the other (dev only).
        const { train, valid } = data.splits;
        const studentDevCrossFitted = round(crossFittedDecision(studentProbs.slice(train.n * data.k, (train.n + valid.n) * data.k), data.k, Int16Array.from(valid.gold), metric).value);
        const used = process.cpuUsage(cpu);
        const cpu_s = round((used.user + used.system) / 1e6);
        const rounded = curve.map((p) => ({ ...p, test: round(p.test), labelModel: { dev: round(p.labelModel.dev), test: round(p.labelModel.test) }, student: { dev: round(p.student.dev), test: round(p.student.test) } }));
        runs.push({ dataset: set.name, strategy, seed, cpu_s, curve: rounded, student_dev_cross_fitted: studentDevCrossFitted });
        const last = rounded[rounded.length - 1];
        // Progress shows dev only: a canary number seen mid-run could steer a choice the rule has not made yet.
        console.log(`${set.name} seed ${seed} ${strategy}: ${metricLabel(metric, data.classes)} student dev ${rounded[0].student.dev} → ${last.student.dev} at ${last.labels} (label model dev ${last.labelModel.dev}); ${cpu_s} s CPU`);
      }
    }
    summary.push(summarizeSet(set.name, set.metric.name, budget, strategies, runs));
  }
  const used = process.cpuUsage(cpuStart);
  const { devChoice, rankSum, candidates } = chooseDefault(summary, strategies, budget);
  const out = {
    bench: 'review',
    date: new Date().toISOString(),
    settings: { seeds, ...(firstSeed ? { first_seed: firstSeed } : {}), budget, step, strategies, dev_share: devShare, reviewed_share: reviewedShare, pool_labels: poolLabels, default_is: DEFAULT_LOOP_PICK, label_model: `auto (dev picks the method), refitted every step; prior from dev; ${poolLabels ? 'the revealed labels count where a method learns from labels (wmv\'s accuracies; ds and snorkel with the revealed items clamped to their labels), as the app\'s Refit' : 'dev labels only'}`, student: `app defaults: linear, lr 0.003, 30 epochs, patience 5, distilled from the calibrated label model, revealed labels as seeds weighing together ${reviewedShare} of the soft-labelled pool (at least 1 each)${balance === 'off' ? '' : balance === 'on' ? '; class-weighted loss, undone on the outputs' : '; plain and class-weighted loss both trained at every refit, the higher dev metric kept'}`, ...(balance === 'off' ? {} : { student_balance: balance }), ...(devHoldout ? { dev_holdout: 'the loop chose on half of dev; every "test"/"canary" number here is the other half of dev, canary rows were dropped before the loop and never scored' } : {}) },
    machine: { cpus: cpus().length, loadavg_at_end: loadavg().map(round) },
    cpu_s: round((used.user + used.system) / 1e6),
    wall_s: round((performance.now() - wallStart) / 1000),
    datasets: (only ? sets.filter((d) => d.name === only) : ruleSets).map(({ name, metric, about }) => ({ name, metric, about })),
    notes: 'dev = WRENCH valid (or the seeded 20 %) plus a seeded random dev_share of the pool moved there with its gold labels; canary = WRENCH test or the seeded 20 %, never touched; scored only. "canary" is the model the loop would use (student when it beats the label model on dev). start = 0 reviewed labels. student_dev = the student’s dev metric, the one number the choice of default uses; dev = the best of both models on dev.',
    dev_choice: devChoice ? { rule: ruleText(budget, candidates), rank_sums: Object.fromEntries(rankSum), chosen: devChoice } : null,
    summary,
    runs,
  };
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', only ? `review${tag}-${only}.json` : `review${tag}.json`), JSON.stringify(out, null, 1) + '\n');
}

/**
 * The rule for the default (bench/README.md, written before the runs): the student's dev metric,
 * mean over seeds at the budget; rank every strategy, random included, per set (ties share the better
 * rank); the best rank sum over the sets wins; equal sums go to the simpler strategy (loopStrategies order).
 */
function chooseDefault(summary: Record<string, unknown>[], strategies: LoopStrategy[], budget: number) {
  const candidates = strategies.filter((s) => s !== 'default');
  const simplicity = (s: string) => loopStrategies.indexOf(s as LoopStrategy);
  const rankSum = rankSums(summary.length, candidates, (set, s) => (summary[set][s] as { student_dev: { mean: number } }).student_dev.mean);
  const devChoice = candidates.length ? [...rankSum.entries()].sort((a, b) => a[1] - b[1] || simplicity(a[0]) - simplicity(b[0]))[0][0] : null;
  if (devChoice) console.log(`dev choice (best rank sum of the student's mean dev metric at ${budget}): ${devChoice}; rank sums ${JSON.stringify(Object.fromEntries(rankSum))}`);
  return { devChoice, rankSum, candidates };
}

/**
 * `--merge`: joins the per-set files of runs made with `--only` (one process per set, so a loaded
 * machine runs them side by side) into review.json and applies the rule over all the sets. `--also
 * TAG` adds the strategies of runs tagged TAG made with the same settings (the share runs, so their
 * random and uncertainty loops are not run twice). `--more-seeds TAG` adds the other seeds of runs
 * tagged TAG (`--first-seed`), every strategy of them, and summarises over all the seeds; `--more-seeds
 * A+B` is one seed range whose strategies ran under tags A and B.
 */
function merge(tag: string, also: string[], moreSeeds: string[]): void {
  const parts = ruleSets.map((set) => {
    const base = joinStrategies(set.name, [tag, ...also]);
    // `--more-seeds A+B`: one seed range whose strategies ran as runs tagged A and B.
    return moreSeeds.length ? joinSeeds([base, ...moreSeeds.map((t) => joinStrategies(set.name, t.slice(1).split('+').map((x) => `-${x}`)))]) : base;
  });
  const { settings } = parts[0];
  for (const p of parts) if (JSON.stringify({ ...p.settings, default_is: null }) !== JSON.stringify({ ...settings, default_is: null })) throw new Error(`review-${p.datasets[0]?.name}.json was run with other settings: ${JSON.stringify(p.settings)}`);
  const summary = parts.flatMap((p) => p.summary);
  const { devChoice, rankSum, candidates } = chooseDefault(summary, settings.strategies, settings.budget);
  const out = {
    ...parts[0],
    date: new Date().toISOString(),
    settings: { ...settings, default_is: DEFAULT_LOOP_PICK },
    machine: { cpus: cpus().length, per_set: parts.map((p) => ({ dataset: p.summary[0].dataset, loadavg_at_end: p.machine.loadavg_at_end, cpu_s: p.cpu_s, wall_s: p.wall_s, ...('seed_parts' in p && { seed_parts: p.seed_parts }) })), note: `one process per set, run side by side${also.length ? `; strategies joined from runs tagged ${also.join(', ')}` : ''}${moreSeeds.length ? `; seeds joined from runs tagged ${moreSeeds.join(', ')}` : ''}` },
    cpu_s: round(parts.reduce((a, p) => a + p.cpu_s, 0)),
    wall_s: Math.max(...parts.map((p) => p.wall_s)),
    datasets: ruleSets.map(({ name, metric, about }) => ({ name, metric, about })),
    dev_choice: devChoice ? { rule: ruleText(settings.budget, candidates), rank_sums: Object.fromEntries(rankSum), chosen: devChoice } : null,
    summary,
    runs: parts.flatMap((p) => p.runs),
  };
  writeFileSync(join(here, 'results', `review${tag}.json`), JSON.stringify(out, null, 1) + '\n');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PartFile = any;

/** One set's runs of other strategies under the same settings (files review{TAG}-{set}.json), joined as one file's. */
function joinStrategies(set: string, tags: string[]): PartFile {
  const read = (t: string) => JSON.parse(readFileSync(join(here, 'results', `review${t}-${set}.json`), 'utf8'));
  const [first, ...more] = tags.map(read);
  for (const p of more) if (JSON.stringify({ ...p.settings, strategies: null, default_is: null }) !== JSON.stringify({ ...first.settings, strategies: null, default_is: null })) throw new Error(`review-${set} files were run with other settings: ${JSON.stringify(p.settings)}`);
  const all = [first, ...more];
  const strategies = loopStrategies.filter((s) => all.some((p) => p.settings.strategies.includes(s)));
  return { ...first, settings: { ...first.settings, strategies }, summary: [Object.assign({}, ...all.map((p) => p.summary[0]))], runs: all.flatMap((p) => p.runs), cpu_s: all.reduce((a, p) => a + p.cpu_s, 0), wall_s: all.reduce((a, p) => a + p.wall_s, 0) };
}

/**
 * `--join A,B --only SET`: one set's strategies run as several processes side by side (`--tag A
 * --strategies …`, `--tag B --strategies …`) joined into review-SET.json, which `--merge` then reads.
 */
function joinParts(set: string, tags: string[]): void {
  const joined = joinStrategies(set, tags.map((t) => `-${t}`));
  joined.dev_choice = null; // each part chose among its own strategies only; --merge applies the rule
  joined.machine = { ...joined.machine, note: `strategies run as ${tags.length} processes side by side (tags ${tags.join(', ')}), joined` };
  joined.wall_s = Math.max(...tags.map((t) => JSON.parse(readFileSync(join(here, 'results', `review-${t}-${set}.json`), 'utf8')).wall_s));
  writeFileSync(join(here, 'results', `review-${set}.json`), JSON.stringify(joined, null, 1) + '\n');
}

const ruleText = (budget: number, candidates: string[]) =>
  `per set, rank every strategy (random included) by the student's dev metric, mean over seeds at ${budget} labels (ties share the better rank); the best rank sum over the sets wins; equal sums go to the simpler strategy (${candidates.join(' < ')})`;
