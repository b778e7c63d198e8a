// npm run bench -- review-balance [--strategies]: applies the dev-only rule for the loop's student loss
// (bench/README.md, "the loop's student with a class-weighted loss") to the stored runs: `off` from
// review.json, `on` and `dev` from review-balon*.json and review-baldev*.json. Prints dev only.
// --strategies: the second step, once `dev` won: joins the `dev` runs of the five candidate strategies
// into review-balance-dev.json (the review bench's format, so `review-report --file` reads it) and
// applies the default-strategy rule to them; prints the rank sums and the choice only.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loopStrategies } from '../src/core/review/loop-pick';
import { rankSums, round, summarizeSet, type ReviewRun } from './lib/review-summary';

const here = dirname(fileURLToPath(import.meta.url));
const CANDIDATES = ['off', 'on', 'dev'] as const;
const STRATEGIES = ['random', 'entropy'];
const filePattern = (candidate: string) => (f: string) => f.startsWith(`review-bal${candidate}`) && f.endsWith('.json');
const SEEDS = Array.from({ length: 10 }, (_, i) => i);

interface RunFile {
  settings: { student_balance?: string; budget: number; strategies: string[] };
  summary: { dataset: string; metric: string }[];
  runs: ReviewRun[];
  cpu_s: number;
  wall_s: number;
  machine: { loadavg_at_end?: number[] };
}
/** The re-decision's candidates, written into the rule before the runs. */
const REDECIDE = ['random', 'uncertainty', 'margin', 'entropy', 'balanced-margin-mix'];

const read = (name: string) => JSON.parse(readFileSync(join(here, 'results', name), 'utf8')) as RunFile;

function filesOf(candidate: (typeof CANDIDATES)[number]): string[] {
  return candidate === 'off' ? ['review.json'] : readdirSync(join(here, 'results')).filter(filePattern(candidate));
}

function runsOf(candidate: (typeof CANDIDATES)[number]): ReviewRun[] {
  const files = filesOf(candidate);
  if (files.length === 0) throw new Error(`No runs of --student-balance ${candidate} in bench/results.`);
  return files.flatMap((f) => checked(f, candidate).runs);
}

function checked(name: string, candidate: string): RunFile {
  const file = read(name);
  if ((file.settings.student_balance ?? 'off') !== candidate) throw new Error(`${name} was run with --student-balance ${file.settings.student_balance ?? 'off'}, not ${candidate}.`);
  if (file.settings.budget !== 200) throw new Error(`${name} was run with budget ${file.settings.budget}, not 200.`);
  return file;
}

/** The student's dev metric at 200, mean over seeds 0–9 and the two strategies; every run must be there once. */
export function meanDev(runs: ReviewRun[], set: string): number {
  const values = STRATEGIES.flatMap((strategy) =>
    SEEDS.map((seed) => {
      const found = runs.filter((r) => r.dataset === set && r.strategy === strategy && r.seed === seed);
      if (found.length !== 1) throw new Error(`${set} ${strategy} seed ${seed}: ${found.length} runs, need 1.`);
      const last = found[0].curve[found[0].curve.length - 1];
      if (last.labels !== 200) throw new Error(`${set} ${strategy} seed ${seed} stopped at ${last.labels} labels.`);
      return last.student.dev;
    }),
  );
  return values.reduce((a, b) => a + b, 0) / values.length;
}

export async function run(args: string[]): Promise<void> {
  if (args.includes('--strategies')) return redecide();
  const runs = new Map(CANDIDATES.map((c) => [c, runsOf(c)]));
  const sets = [...new Set(runs.get('off')!.map((r) => r.dataset))];
  const dev = sets.map((set) => new Map(CANDIDATES.map((c) => [c, meanDev(runs.get(c)!, set)])));
  sets.forEach((set, i) => console.log(`${set}: student dev at 200, mean over seeds 0–9 of random and entropy: ${CANDIDATES.map((c) => `${c} ${dev[i].get(c)!.toFixed(4)}`).join(', ')}`));
  const rankSum = rankSums(sets.length, CANDIDATES, (i, c) => dev[i].get(c)!);
  const chosen = [...rankSum.entries()].sort((a, b) => a[1] - b[1] || CANDIDATES.indexOf(a[0] as never) - CANDIDATES.indexOf(b[0] as never))[0][0];
  console.log(`rank sums ${JSON.stringify(Object.fromEntries(rankSum))}; chosen: ${chosen}`);
}

/** Step two: the default-strategy rule (bench/review.ts chooseDefault) over REDECIDE with the `dev` student. */
function redecide(): void {
  const files = readdirSync(join(here, 'results')).filter(filePattern('dev')).map((f) => ({ name: f, file: checked(f, 'dev') }));
  const runs = files.flatMap((f) => f.file.runs);
  const sets = [...new Set(runs.map((r) => r.dataset))];
  const summary = sets.map((set) => {
    for (const strategy of REDECIDE) for (const seed of SEEDS) if (runs.filter((r) => r.dataset === set && r.strategy === strategy && r.seed === seed).length !== 1) throw new Error(`${set} ${strategy} seed ${seed}: need exactly one run.`);
    const metric = files.flatMap((f) => f.file.summary).find((row) => row.dataset === set)!.metric;
    return summarizeSet(set, metric, 200, REDECIDE, runs.filter((r) => REDECIDE.includes(r.strategy)));
  });
  const rankSum = rankSums(summary.length, REDECIDE, (set, s) => (summary[set][s] as { student_dev: { mean: number } }).student_dev.mean);
  const simplicity = (s: string) => loopStrategies.indexOf(s as never);
  const chosen = [...rankSum.entries()].sort((a, b) => a[1] - b[1] || simplicity(a[0]) - simplicity(b[0]))[0][0];
  const first = files[0].file;
  const out = {
    ...first,
    date: new Date().toISOString(),
    settings: { ...first.settings, seeds: SEEDS.length, strategies: REDECIDE, default_is: chosen },
    machine: { cpus: 2, per_file: files.map((f) => ({ file: f.name, cpu_s: f.file.cpu_s, wall_s: f.file.wall_s, loadavg_at_end: f.file.machine.loadavg_at_end })), note: 'seed ranges and strategies run as separate processes side by side, joined by bench/review-balance.ts --strategies' },
    cpu_s: round(files.reduce((a, f) => a + f.file.cpu_s, 0)),
    wall_s: round(Math.max(...files.map((f) => f.file.wall_s))),
    dev_choice: { rule: `per set, rank ${REDECIDE.join(', ')} by the student's dev metric, mean over seeds 0–9 at 200 labels (ties share the better rank); the best rank sum over the sets wins; equal sums go to the simpler strategy`, rank_sums: Object.fromEntries(rankSum), chosen },
    summary,
    runs: runs.filter((r) => REDECIDE.includes(r.strategy)).sort((a, b) => (a.dataset < b.dataset ? -1 : a.dataset > b.dataset ? 1 : a.seed - b.seed)),
  };
  delete (out.settings as { first_seed?: number }).first_seed;
  writeFileSync(join(here, 'results', 'review-balance-dev.json'), JSON.stringify(out, null, 1) + '\n');
  console.log(`rank sums ${JSON.stringify(Object.fromEntries(rankSum))}; chosen: ${chosen} (bench/results/review-balance-dev.json)`);
}
