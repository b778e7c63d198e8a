// npm run bench -- review-report [--file review.json] [--ranks]: the markdown tables of bench/README.md's review
// results, from bench/results/review.json (canary curves, the dev column the rule used, the summary).
// --ranks prints the rule's table only (student dev at the budget, ranks, rank sums): no canary number,
// so it can be read before the choice is committed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CurvePoint as Point } from './lib/review-summary';

const here = dirname(fileURLToPath(import.meta.url));

type Stat = { mean: number; sd: number };

export async function run(args: string[]): Promise<void> {
  const file = args.includes('--file') ? args[args.indexOf('--file') + 1] : 'review.json';
  const data = JSON.parse(readFileSync(join(here, 'results', file), 'utf8')) as { settings: { strategies: string[]; default_is: string }; summary: Record<string, unknown>[]; runs: { dataset: string; strategy: string; seed: number; curve: Point[] }[] };
  const { strategies, default_is: chosen } = data.settings;
  const f = (x: number) => x.toFixed(3);
  const ms = (s: Stat) => `${f(s.mean)} ± ${f(s.sd)}`;
  if (args.includes('--ranks')) return rankTable(data.summary, strategies, ms);
  const lines: string[] = ['| Set (metric) | 0 labels | Default (' + chosen + ') | Random | Label model alone, 0 labels | Label model with the default\'s 200 answers |', '|---|---|---|---|---|---|'];
  for (const row of data.summary) {
    const at = (s: string) => row[s] as { canary: Stat; label_model_canary: Stat };
    const start = row.start as { canary: Stat; label_model_alone_canary: Stat };
    lines.push(`| ${row.dataset} (${row.metric}) | ${ms(start.canary)} | ${ms(at(chosen).canary)} | ${ms(at('random').canary)} | ${ms(start.label_model_alone_canary)} | ${ms(at(chosen).label_model_canary)} |`);
  }
  console.log(lines.join('\n') + '\n');
  // Per seed, so "clearly above" can be judged beyond overlapping sds.
  const signed = (x: number) => (x >= 0 ? '+' : '−') + f(Math.abs(x));
  for (const row of data.summary) {
    const bySeed = (s: string) => data.runs.filter((r) => r.dataset === row.dataset && r.strategy === s).sort((a, b) => a.seed - b.seed);
    const final = (s: string) => bySeed(s).map((r) => r.curve[r.curve.length - 1].test);
    const alone = bySeed(chosen).map((r) => r.curve[0].labelModel.test);
    const [d, rnd] = [final(chosen), final('random')];
    const wins = (other: number[]) => `higher on ${d.filter((x, i) => x > other[i]).length}, equal on ${d.filter((x, i) => x === other[i]).length} of ${d.length} seeds`;
    console.log(`- ${row.dataset}: per seed, default − random ${d.map((x, i) => signed(x - rnd[i])).join(', ')} (${wins(rnd)}); default − label model alone ${d.map((x, i) => signed(x - alone[i])).join(', ')} (${wins(alone)})`);
  }
  console.log('');
  for (const row of data.summary) {
    const runs = data.runs.filter((r) => r.dataset === row.dataset);
    const steps = runs[0].curve.map((p) => p.labels);
    console.log(`**${row.dataset}** (${row.metric}), canary of the chosen model, mean over the seeds:\n`);
    console.log(`| Strategy | ${steps.join(' | ')} | student dev at ${steps[steps.length - 1]} | label model canary at ${steps[steps.length - 1]} |`);
    console.log(`|---|${steps.map(() => '---|').join('')}---|---|`);
    for (const s of strategies) {
      const curves = runs.filter((r) => r.strategy === s).map((r) => r.curve);
      const mean = (pick: (p: Point) => number, i: number) => curves.reduce((a, c) => a + pick(c[i]), 0) / curves.length;
      const last = steps.length - 1;
      console.log(`| ${s}${s === chosen ? ' (default)' : ''} | ${steps.map((_, i) => f(mean((p) => p.test, i))).join(' | ')} | ${f(mean((p) => p.student.dev, last))} | ${f(mean((p) => p.labelModel.test, last))} |`);
    }
    console.log('');
  }
}

/** The rule's table: per set each strategy's student dev mean ± sd and its rank (ties share the better rank), rank sums, best first. */
function rankTable(summary: Record<string, unknown>[], strategies: string[], ms: (s: Stat) => string): void {
  const dev = (row: Record<string, unknown>, s: string) => (row[s] as { student_dev: Stat }).student_dev;
  const rank = (row: Record<string, unknown>, s: string) => 1 + strategies.filter((x) => dev(row, x).mean > dev(row, s).mean).length;
  const sum = (s: string) => summary.reduce((a, row) => a + rank(row, s), 0);
  const order = [...strategies].sort((a, b) => sum(a) - sum(b) || strategies.indexOf(a) - strategies.indexOf(b));
  console.log(`| Strategy | ${summary.map((r) => r.dataset).join(' | ')} | rank sum |`);
  console.log(`|---|${summary.map(() => '---|').join('')}---|`);
  for (const s of order) console.log(`| ${s} | ${summary.map((row) => `${ms(dev(row, s))} (${rank(row, s)})`).join(' | ')} | ${sum(s)} |`);
}
