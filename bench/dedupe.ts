// npm run bench -- dedupe [--texts N] [--sample S] [--threshold J]
// Near-duplicate detection (MinHash LSH + exact Jaccard) on N seeded texts of ~200 characters in
// Node, and a brute-force all-pairs check on the first S of them; writes bench/results/dedupe.json.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dedupeTexts } from '../src/core/curation/dedupe';
import { argValue } from './lib/app';
import { exactPairs } from './lib/exact-join';
import { syntheticTexts } from './lib/synthetic-texts';

const here = dirname(fileURLToPath(import.meta.url));
const MB = 1024 * 1024;
const SEED = 20261129;

function status(field: 'VmRSS' | 'VmHWM'): number {
  const match = readFileSync('/proc/self/status', 'utf8').match(new RegExp(`${field}:\\s+(\\d+) kB`));
  return Number(match![1]) * 1024;
}

export async function run(args: string[]): Promise<void> {
  const count = argValue(args, '--texts', 1_000_000);
  const sampleSize = argValue(args, '--sample', 5000);
  const threshold = argValue(args, '--threshold', 0.8);

  const sample = syntheticTexts(sampleSize, SEED);
  let started = performance.now();
  const truth = exactPairs(sample, threshold);
  const bruteMs = performance.now() - started;
  started = performance.now();
  const found = dedupeTexts(sample, { threshold }).pairs.map(([a, b]) => `${a},${b}`);
  const sampleMs = performance.now() - started;
  const hits = found.filter((p) => truth.has(p)).length;
  console.log(`sample ${sampleSize}: ${truth.size} true pairs, ${found.length} found, recall ${(hits / truth.size).toFixed(4)}`);

  let texts: string[] | null = syntheticTexts(count, SEED);
  const chars = texts.reduce((a, t) => a + t.length, 0);
  const baseline = status('VmRSS');
  writeFileSync('/proc/self/clear_refs', '5');
  started = performance.now();
  const cpuBefore = process.cpuUsage();
  const result = dedupeTexts(texts, { threshold });
  const dedupeMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const peak = status('VmHWM') - baseline;
  texts = null;
  console.log(`${count} texts: ${(dedupeMs / 1000).toFixed(1)} s wall, ${(cpuMs / 1000).toFixed(1)} s CPU, ${result.pairs.length} pairs, ${result.clusters.length} clusters, peak +${(peak / MB).toFixed(0)} MB`);

  const output = {
    texts: { count, mean_chars: Math.round(chars / count), seed: SEED, generator: 'bench/lib/synthetic-texts.ts (5 % edited copies, 1 % case/space copies)' },
    threshold,
    results: [
      {
        runtime: 'node',
        texts: count,
        dedupe_ms: Math.round(dedupeMs),
        cpu_ms: Math.round(cpuMs),
        peak_mb: Math.round(peak / MB),
        pairs: result.pairs.length,
        clusters: result.clusters.length,
        candidates: result.candidates,
        bands: result.bands,
        rows: result.rows,
      },
    ],
    brute_force_check: {
      texts: sampleSize,
      true_pairs: truth.size,
      found_pairs: found.length,
      recall: +(hits / Math.max(truth.size, 1)).toFixed(4),
      precision: +(hits / Math.max(found.length, 1)).toFixed(4),
      exact_join_ms: Math.round(bruteMs),
      dedupe_ms: Math.round(sampleMs),
    },
    notes: {
      brute_force_check: 'every pair of the first `texts` with Jaccard ≥ threshold, found exactly by an all-pairs join with prefix filtering (bench/lib/exact-join.ts: same pairs as comparing all n²/2, each verified exactly), against the pairs dedupeTexts reports on the same texts',
      dedupe_ms: 'dedupeTexts on all texts in one Node process: normalise, group exact copies, one-permutation MinHash (128 bins, bands × rows from lshParams), banded buckets, exact Jaccard on every candidate, union-find',
      cpu_ms: 'user + system CPU time of the process over the same span; on a machine shared with other work, dedupe_ms (wall) can be several times this',
      peak_mb: 'rise of the process peak resident memory (VmHWM, reset just before) over its RSS then; the texts themselves are already resident and not counted',
      browser: 'not measured yet: the same core would run in a worker; Node first',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work`,
    },
  };
  const path = join(here, 'results', 'dedupe.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
