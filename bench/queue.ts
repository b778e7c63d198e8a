// npm run bench -- queue [--items N] [--batch B] [--kc-items N] [--kc-dim D] [--kc-picks K] [--kc-sample S]
//   [--kc-exact-items N] [--kc-exact-picks K]
// Review-queue ranking over N items (every strategy that needs no vectors); k-center greedy picking K
// of N vectors through a seeded sample of S candidates; and exact k-center (every item a candidate),
// now and before the 2026-11-30 rewrite, on the same vectors in the same run (the speed-up is the ratio
// of CPU times, which a loaded machine distorts less than wall time). Writes bench/results/queue.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kCenterGreedy, sampleCandidates } from '../src/core/curation/diversity';
import { kCenterGreedy as kCenterBefore } from './lib/kcenter-before';
import { loadavg } from 'node:os';
import { mulberry32 } from '../src/core/random';
import { rankQueue, type Strategy } from '../src/core/review/queue';
import { argValue } from './lib/app';

const here = dirname(fileURLToPath(import.meta.url));
const SEED = 20261129;
const CLASSES = 4;
const SOURCES = 10;

function timed<T>(run: () => T): { value: T; wallMs: number; cpuMs: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = run();
  const used = process.cpuUsage(cpu);
  return { value, wallMs: Math.round(performance.now() - started), cpuMs: Math.round((used.user + used.system) / 1000) };
}

/** Softmax of random logits with a random confident class: a spread of certain and uncertain rows. */
function probabilities(n: number, random: () => number): Float32Array {
  const probs = new Float32Array(n * CLASSES);
  const logits = new Float64Array(CLASSES);
  for (let i = 0; i < n; i++) {
    const boost = random() * 6;
    const top = Math.floor(random() * CLASSES);
    let sum = 0;
    for (let j = 0; j < CLASSES; j++) {
      logits[j] = Math.exp(random() * 2 + (j === top ? boost : 0));
      sum += logits[j];
    }
    for (let j = 0; j < CLASSES; j++) probs[i * CLASSES + j] = logits[j] / sum;
  }
  return probs;
}

/** Vectors around `clusters` random centers (unit spread), the shape embeddings of real items have. */
function clusteredVectors(n: number, dim: number, clusters: number, random: () => number): Float32Array {
  const centers = Float32Array.from({ length: clusters * dim }, () => random() * 20 - 10);
  const out = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = Math.floor(random() * clusters) * dim;
    for (let j = 0; j < dim; j++) out[i * dim + j] = centers[c + j] + random() - 0.5;
  }
  return out;
}

export async function run(args: string[]): Promise<void> {
  const items = argValue(args, '--items', 1_000_000);
  const batch = argValue(args, '--batch', 100);
  const kcItems = argValue(args, '--kc-items', 1_000_000);
  const kcDim = argValue(args, '--kc-dim', 256);
  const kcPicks = argValue(args, '--kc-picks', 10_000);
  const random = mulberry32(SEED);

  const probs = probabilities(items, random);
  const votes = Int8Array.from({ length: items * SOURCES }, () => (random() < 0.6 ? -1 : Math.floor(random() * CLASSES)));
  const labels = Int32Array.from({ length: items }, () => (random() < 0.1 ? Math.floor(random() * CLASSES) : -1));
  const eligible = Uint8Array.from({ length: items }, () => (random() < 0.8 ? 1 : 0));
  const input = { n: items, k: CLASSES, probs, votes, m: SOURCES, labels, eligible };
  const queue: { strategy: Strategy; wall_ms: number; cpu_ms: number; first: number }[] = [];
  for (const strategy of ['uncertainty', 'margin', 'entropy', 'disagreement', 'label-issue'] as Strategy[]) {
    rankQueue(strategy, { ...input, n: 1000, probs: probs.subarray(0, 1000 * CLASSES), eligible: eligible.subarray(0, 1000) }, { batch }); // warm-up
    const { value, wallMs, cpuMs } = timed(() => rankQueue(strategy, input, { batch }));
    queue.push({ strategy, wall_ms: wallMs, cpu_ms: cpuMs, first: value[0] });
    console.log(`queue ${strategy}: ${wallMs} ms over ${items} items`);
  }

  const kcSample = argValue(args, '--kc-sample', 100_000);
  const exactItems = argValue(args, '--kc-exact-items', 100_000);
  const exactPicks = argValue(args, '--kc-exact-picks', 2_000);
  const load = [loadavg()[0]];
  const vectors = clusteredVectors(kcItems, kcDim, 1000, random);
  const sampled = timed(() => kCenterGreedy(vectors, kcDim, kcPicks, { candidates: sampleCandidates(kcItems, kcSample, SEED) }));
  console.log(`k-center ${sampled.value.length} of ${kcItems} (d=${kcDim}, ${kcSample} sampled candidates): CPU ${(sampled.cpuMs / 1000).toFixed(1)} s, wall ${(sampled.wallMs / 1000).toFixed(1)} s`);
  load.push(loadavg()[0]);
  const exactVectors = vectors.subarray(0, exactItems * kcDim);
  const now = timed(() => kCenterGreedy(exactVectors, kcDim, exactPicks));
  load.push(loadavg()[0]);
  const before = timed(() => kCenterBefore(exactVectors, kcDim, exactPicks));
  load.push(loadavg()[0]);
  const same = now.value.length === before.value.length && now.value.every((v, i) => v === before.value[i]);
  if (!same) throw new Error('The exact k-center picks differ from the previous implementation.');
  console.log(`exact k-center ${exactPicks} of ${exactItems}: CPU ${(now.cpuMs / 1000).toFixed(1)} s now, ${(before.cpuMs / 1000).toFixed(1)} s before (×${(before.cpuMs / now.cpuMs).toFixed(2)})`);

  const output = {
    queue: { items, classes: CLASSES, sources: SOURCES, batch, results: queue },
    kcenter: { items: kcItems, dim: kcDim, picks: sampled.value.length, candidates: Math.min(kcSample, kcItems), clusters: 1000, wall_ms: sampled.wallMs, cpu_ms: sampled.cpuMs },
    kcenter_exact: { items: exactItems, dim: kcDim, picks: exactPicks, same_picks_as_before: same, now: { wall_ms: now.wallMs, cpu_ms: now.cpuMs }, before: { wall_ms: before.wallMs, cpu_ms: before.cpuMs }, cpu_speedup: +(before.cpuMs / now.cpuMs).toFixed(2) },
    load_average_1min: load.map((l) => +l.toFixed(2)),
    notes: {
      queue: 'rankQueue per strategy in Node: score every item (probabilities n × 4, votes n × 10 with 60 % abstains, 10 % labeled, 80 % eligible) and take the top `batch` with a bounded heap; after a 1,000-item warm-up',
      kcenter: 'kCenterGreedy on Float32 vectors around 1,000 random centers (unit spread) with a seeded uniform sample of candidates (sampleCandidates, included in the time); first pick the first candidate; wall and CPU time of the whole run',
      kcenter_exact: 'every item a candidate, on the first items of the same vectors; now and before the rewrite (bench/lib/kcenter-before.ts) must pick the same items. Until every one of the 1,000 clusters has a pick, each pick measures the whole pool (all clusters are about equally far apart), so exact picking of 10k of 1M costs about 1,000 full passes: that phase is why large pools go through a sample',
      load: 'load_average_1min: before the sampled run, after it, after the exact run now, after the exact run before',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work (wall can be several times CPU)`,
    },
  };
  const path = join(here, 'results', 'queue.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
