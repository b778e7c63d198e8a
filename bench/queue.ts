// npm run bench -- queue [--items N] [--batch B] [--kc-items N] [--kc-dim D] [--kc-picks K]
// Review-queue ranking over N items (every strategy that needs no vectors) and k-center greedy
// picking K of N vectors; writes bench/results/queue.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kCenterGreedy } from '../src/core/curation/diversity';
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

  const vectors = clusteredVectors(kcItems, kcDim, 1000, random);
  const { wallMs, cpuMs, value: picks } = timed(() => kCenterGreedy(vectors, kcDim, kcPicks));
  console.log(`k-center ${picks.length} of ${kcItems} (d=${kcDim}): ${(wallMs / 1000).toFixed(1)} s`);

  const output = {
    queue: { items, classes: CLASSES, sources: SOURCES, batch, results: queue },
    kcenter: { items: kcItems, dim: kcDim, picks: picks.length, clusters: 1000, wall_ms: wallMs, cpu_ms: cpuMs },
    notes: {
      queue: 'rankQueue per strategy in Node: score every item (probabilities n × 4, votes n × 10 with 60 % abstains, 10 % labeled, 80 % eligible) and take the top `batch` with a bounded heap; after a 1,000-item warm-up',
      kcenter: 'kCenterGreedy on Float32 vectors around 1,000 random centers (unit spread), first pick item 0; wall and CPU time of the whole run',
      machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, shared with other work (wall can be several times CPU)`,
    },
  };
  const path = join(here, 'results', 'queue.json');
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(output, null, 2) + '\n');
  console.log(`wrote ${path}`);
}
