// npm run bench -- queue [--items N] [--batch B] [--kc-items N] [--kc-dim D] [--kc-picks K] [--kc-sample S]
//   [--kc-exact-items N] [--kc-exact-picks K] [--kc-all] [--runtime node|both]
// Review-queue ranking over N items (every strategy that needs no vectors); k-center greedy picking K
// of N vectors through a seeded sample of S candidates (the app's path), on one thread and on two, in
// Node and (default) in a browser worker, all in the same run; with --kc-all also K of all N (every item
// a candidate, minutes) on two threads; and exact k-center now and before the first rewrite on the first
// items (the speed-ups are ratios of CPU times, which a loaded machine distorts less than wall time).
// Writes bench/results/queue.json, keeping the last k-center numbers under `previous`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kCenterCoverAsync, kCenterGreedy, sampleCandidates } from '../src/core/curation/diversity';
import { sameThreadShard, threadShards } from '../workers/weak/kcenter-threads';
import { nodeThreadShard } from './lib/kcenter-node-threads';
import { kCenterGreedy as kCenterBefore } from './lib/kcenter-before';
import { loadavg } from 'node:os';
import { mulberry32 } from '../src/core/random';
import { rankQueue, type Strategy } from '../src/core/review/queue';
import { argValue } from './lib/app';
import { clusteredVectors, picksDigest } from './lib/kcenter-data';
import { kCenterBrowserRows } from './lib/kcenter-browser';

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

/** Wall and CPU time (of every thread of this process) of an async run, with the load around it. */
async function timedAsync<T>(run: () => Promise<T>): Promise<{ value: T; wall_ms: number; cpu_ms: number; load_1min: [number, number] }> {
  const load = loadavg()[0];
  const cpu = process.cpuUsage();
  const started = performance.now();
  const value = await run();
  const used = process.cpuUsage(cpu);
  return { value, wall_ms: Math.round(performance.now() - started), cpu_ms: Math.round((used.user + used.system) / 1000), load_1min: [+load.toFixed(2), +loadavg()[0].toFixed(2)] };
}

/** k-center as the diversity run does it: on `threads` Node worker threads, or on this one. */
async function kCenterOn(threads: number, vectors: Float32Array, dim: number, k: number, candidates?: Uint32Array) {
  const pool = threads > 1 ? threadShards(nodeThreadShard) : null;
  try {
    return await kCenterCoverAsync(vectors, dim, k, { candidates, shards: threads }, pool ? pool.connect : sameThreadShard);
  } finally {
    pool?.stop();
  }
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

  const kcSample = argValue(args, '--kc-sample', Math.max(50_000, 10 * kcPicks));
  const exactItems = argValue(args, '--kc-exact-items', 30_000);
  const exactPicks = argValue(args, '--kc-exact-picks', 2_000);
  const full = args.includes('--kc-all');
  const browser = !args.includes('--runtime') || args[args.indexOf('--runtime') + 1] !== 'node';
  const path = join(here, 'results', 'queue.json');
  const previous = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : {};
  const kcSeed = SEED + 1;
  const vectors = clusteredVectors(kcItems, kcDim, 1000, kcSeed);

  const candidates = sampleCandidates(kcItems, kcSample, kcSeed);
  const one = await timedAsync(() => kCenterOn(1, vectors, kcDim, kcPicks, candidates));
  console.log(`k-center ${kcPicks} of ${kcItems} (d=${kcDim}, ${kcSample} sampled), one thread: CPU ${(one.cpu_ms / 1000).toFixed(1)} s, wall ${(one.wall_ms / 1000).toFixed(1)} s`);
  const two = await timedAsync(() => kCenterOn(2, vectors, kcDim, kcPicks, candidates));
  console.log(`  two threads: CPU ${(two.cpu_ms / 1000).toFixed(1)} s, wall ${(two.wall_ms / 1000).toFixed(1)} s`);
  const samePicks = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((v, i) => v === b[i]);
  if (!samePicks(one.value.picks, two.value.picks)) throw new Error('k-center on two threads picked differently from one thread.');
  const sampledTimes = (t: typeof one) => ({ wall_ms: t.wall_ms, cpu_ms: t.cpu_ms, load_1min: t.load_1min });
  const digest = picksDigest(one.value.picks);
  const inBrowser = browser ? await kCenterBrowserRows({ items: kcItems, dim: kcDim, picks: kcPicks, sample: kcSample, seed: kcSeed }) : null;
  if (inBrowser?.rows.some((r) => r.digest !== digest)) throw new Error(`k-center in the browser worker picked differently from Node (${inBrowser.rows.map((r) => r.digest).join(', ')} vs ${digest}).`);
  const sampled = {
    items: kcItems, dim: kcDim, picks: kcPicks, candidates: kcSample, clusters: 1000, radius: +one.value.radius.toFixed(4), same_picks: true, digest,
    one_thread: sampledTimes(one), two_threads: sampledTimes(two), wall_speedup: +(one.wall_ms / two.wall_ms).toFixed(2),
    browser: inBrowser,
  };

  let fullCase: Record<string, unknown> | null = null;
  if (full) {
    const all = await timedAsync(() => kCenterOn(2, vectors, kcDim, kcPicks));
    console.log(`k-center ${kcPicks} of all ${kcItems} (exact), two threads: CPU ${(all.cpu_ms / 1000).toFixed(1)} s, wall ${(all.wall_ms / 1000).toFixed(1)} s`);
    fullCase = { items: kcItems, dim: kcDim, picks: kcPicks, candidates: kcItems, clusters: 1000, threads: 2, radius: +all.value.radius.toFixed(4), wall_ms: all.wall_ms, cpu_ms: all.cpu_ms, load_1min: all.load_1min };
  }

  const exactVectors = vectors.subarray(0, exactItems * kcDim);
  const now = timed(() => kCenterGreedy(exactVectors, kcDim, exactPicks));
  const before = timed(() => kCenterBefore(exactVectors, kcDim, exactPicks));
  const same = samePicks(now.value, before.value);
  if (!same) throw new Error('The exact k-center picks differ from the previous implementation.');
  console.log(`exact k-center ${exactPicks} of ${exactItems}: CPU ${(now.cpuMs / 1000).toFixed(1)} s now, ${(before.cpuMs / 1000).toFixed(1)} s before (×${(before.cpuMs / now.cpuMs).toFixed(2)})`);

  const output = {
    queue: { items, classes: CLASSES, sources: SOURCES, batch, results: queue },
    kcenter: sampled,
    kcenter_all: fullCase ?? previous.kcenter_all,
    kcenter_exact: { items: exactItems, dim: kcDim, picks: exactPicks, same_picks_as_before: same, now: { wall_ms: now.wallMs, cpu_ms: now.cpuMs }, before: { wall_ms: before.wallMs, cpu_ms: before.cpuMs }, cpu_speedup: +(before.cpuMs / now.cpuMs).toFixed(2) },
    previous: { kcenter: previous.kcenter, kcenter_exact: previous.kcenter_exact },
    notes: {
      queue: 'rankQueue per strategy in Node: score every item (probabilities n × 4, votes n × 10 with 60 % abstains, 10 % labeled, 80 % eligible) and take the top `batch` with a bounded heap; after a 1,000-item warm-up',
      kcenter: 'the diversity run\'s path: a seeded sample of max(50,000, 10 × picks) candidates (sampleCandidates), k-center greedy over it through kCenterCoverAsync on one thread, then on two Node worker threads (each shard gets a copy of its half of the sampled rows); both must pick the same items (digest: a hash of the picks); CPU time counts every thread of the process; load_1min before and after each. browser: the same vectors, sample and code in a dedicated worker of Chromium (bench/browser/kcenter.*), one thread then two (the app\'s shard worker), cpu_ms of the whole renderer from /proc; its picks must have the same digest',
      kcenter_all: 'only with --kc-all (minutes; otherwise the last measured numbers are kept): the issue\'s case taken literally: every one of the items a candidate (exact k-center, no sample), two threads reading the shared matrix in place. Until each of the 1,000 clusters has a pick, each pick measures every item of the clusters not yet reached (all clusters are about equally far apart in 256 dimensions, so no bound skips them): about 500 full passes over 1M × 256',
      kcenter_exact: 'every item a candidate, on the first items of the same vectors, one thread; now and before the first rewrite (bench/lib/kcenter-before.ts) must pick the same items',
      previous: 'the k-center numbers this file held before this run (kcenter then measured only a 50,000-candidate sample on one thread)',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work (wall can be several times CPU)`,
    },
  };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
