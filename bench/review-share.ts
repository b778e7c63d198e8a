// npm run bench -- review-share: applies the dev-only rule for REVIEWED_SHARE (bench/README.md) to the
// runs tagged share0, share0.25, share0.5, share1 (bench/results/review-shareS.json). Prints dev only.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rankSums } from './lib/review-summary';

const here = dirname(fileURLToPath(import.meta.url));
export const SHARES = [0, 0.25, 0.5, 1];

interface Summary {
  dataset: string;
  [strategy: string]: unknown;
}

export async function run(): Promise<void> {
  const devOf = new Map<number, Map<string, number>>();
  for (const share of SHARES) {
    const file = JSON.parse(readFileSync(join(here, 'results', `review-share${share}.json`), 'utf8')) as { settings: { reviewed_share: number; seeds: number }; summary: Summary[] };
    if (file.settings.reviewed_share !== share) throw new Error(`review-share${share}.json was run with reviewed_share ${file.settings.reviewed_share}.`);
    const bySet = new Map<string, number>();
    for (const row of file.summary) {
      const strategies = ['random', 'uncertainty'].map((s) => (row[s] as { student_dev: { mean: number } }).student_dev.mean);
      bySet.set(row.dataset, strategies.reduce((a, b) => a + b, 0) / strategies.length);
    }
    devOf.set(share, bySet);
  }
  const sets = [...devOf.get(SHARES[0])!.keys()];
  for (const set of sets) console.log(`${set}: student dev at 200, mean of random and uncertainty: ${SHARES.map((s) => `S=${s} ${devOf.get(s)!.get(set)!.toFixed(4)}`).join(', ')}`);
  const rankSum = rankSums(sets.length, SHARES, (i, s) => devOf.get(s)!.get(sets[i])!);
  const chosen = [...rankSum.entries()].sort((a, b) => a[1] - b[1] || a[0] - b[0])[0][0];
  console.log(`rank sums ${JSON.stringify(Object.fromEntries(rankSum))}; chosen S = ${chosen}`);
}
