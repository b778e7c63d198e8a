// npm run bench -- review-balance: applies the dev-only rule for the loop's student loss (bench/README.md,
// "the loop's student with a class-weighted loss") to the stored runs: `off` from review.json, `on` and
// `dev` from review-balon*.json and review-baldev*.json. Prints dev only.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReviewRun } from './lib/review-summary';

const here = dirname(fileURLToPath(import.meta.url));
const CANDIDATES = ['off', 'on', 'dev'] as const;
const STRATEGIES = ['random', 'entropy'];
const SEEDS = Array.from({ length: 10 }, (_, i) => i);

interface RunFile {
  settings: { student_balance?: string; budget: number };
  runs: ReviewRun[];
}

const read = (name: string) => JSON.parse(readFileSync(join(here, 'results', name), 'utf8')) as RunFile;

function runsOf(candidate: (typeof CANDIDATES)[number]): ReviewRun[] {
  const files = candidate === 'off' ? ['review.json'] : readdirSync(join(here, 'results')).filter((f) => f.startsWith(`review-bal${candidate}`) && f.endsWith('.json'));
  if (files.length === 0) throw new Error(`No runs of --student-balance ${candidate} in bench/results.`);
  return files.flatMap((f) => {
    const file = read(f);
    if ((file.settings.student_balance ?? 'off') !== candidate) throw new Error(`${f} was run with --student-balance ${file.settings.student_balance ?? 'off'}, not ${candidate}.`);
    if (file.settings.budget !== 200) throw new Error(`${f} was run with budget ${file.settings.budget}, not 200.`);
    return file.runs;
  });
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

export async function run(): Promise<void> {
  const runs = new Map(CANDIDATES.map((c) => [c, runsOf(c)]));
  const sets = [...new Set(runs.get('off')!.map((r) => r.dataset))];
  const rankSum = new Map<string, number>(CANDIDATES.map((c) => [c, 0]));
  for (const set of sets) {
    const dev = new Map(CANDIDATES.map((c) => [c, meanDev(runs.get(c)!, set)]));
    console.log(`${set}: student dev at 200, mean over seeds 0–9 of random and entropy: ${CANDIDATES.map((c) => `${c} ${dev.get(c)!.toFixed(4)}`).join(', ')}`);
    for (const c of CANDIDATES) rankSum.set(c, rankSum.get(c)! + 1 + CANDIDATES.filter((x) => dev.get(x)! > dev.get(c)!).length);
  }
  const chosen = [...rankSum.entries()].sort((a, b) => a[1] - b[1] || CANDIDATES.indexOf(a[0] as never) - CANDIDATES.indexOf(b[0] as never))[0][0];
  console.log(`rank sums ${JSON.stringify(Object.fromEntries(rankSum))}; chosen: ${chosen}`);
}
