// npm run bench -- pair-split [--items N] [--threads T] [--repeat R]
// Does splitting the one-pass pair statistics (pairCountsOfRows, the pass Snorkel-style and
// FlyingSquid fit on) across threads pay on this machine? Times one thread against T worker threads
// over a SharedArrayBuffer on the label-model bench's matrix (1M × 20 × 4), checks the split counts
// equal the single-thread ones, and records the answer in bench/results/labelmodel.json notes.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { pairCountsOfRows } from '../src/core/labelmodel/pair-counts';
import { syntheticVotes } from '../src/core/labelmodel/synthetic';
import { argValue } from './lib/app';

const here = dirname(fileURLToPath(import.meta.url));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

function startWorker(): Worker {
  // tsx's require hook, so the worker loads TypeScript as the bench does.
  return new Worker(`require('tsx/cjs'); require(${JSON.stringify(join(here, 'lib/pair-split-worker.ts'))});`, { eval: true });
}

function countOn(worker: Worker, job: object): Promise<Float64Array> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    worker.once('error', fail);
    worker.once('message', (counts: Float64Array) => {
      worker.off('error', fail);
      resolve(counts);
    });
    worker.postMessage(job);
  });
}

export async function run(args: string[]): Promise<void> {
  const items = argValue(args, '--items', 1_000_000);
  const threads = argValue(args, '--threads', 2);
  const repeat = argValue(args, '--repeat', 7);
  const { matrix } = syntheticVotes({ n: items, m: 20, k: 4, seed: 20261122 });
  const { m, k } = matrix;
  const shared = new SharedArrayBuffer(matrix.votes.length);
  new Int8Array(shared).set(matrix.votes);
  const workers = Array.from({ length: threads }, startWorker);
  const slices = Array.from({ length: threads }, (_, t) => ({ from: Math.floor((items * t) / threads), to: Math.floor((items * (t + 1)) / threads) }));
  const split = async () => {
    const parts = await Promise.all(workers.map((w, t) => countOn(w, { votes: shared, ...slices[t], m, k })));
    const total = parts[0];
    for (const part of parts.slice(1)) for (let i = 0; i < total.length; i++) total[i] += part[i];
    return total;
  };
  const single = () => pairCountsOfRows(matrix).counts;
  // Warm both paths (JIT, worker start-up) before timing.
  const reference = single();
  const fromSplit = await split();
  const equal = reference.every((x, i) => x === fromSplit[i]);
  const time = async (f: () => unknown) => {
    const walls: number[] = [];
    const cpus: number[] = [];
    for (let r = 0; r < repeat; r++) {
      const c0 = cpuMs();
      const t0 = performance.now();
      await f();
      walls.push(performance.now() - t0);
      cpus.push(cpuMs() - c0);
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return { best_ms: Math.round(Math.min(...walls) * 10) / 10, median_ms: Math.round(median(walls) * 10) / 10, median_cpu_ms: Math.round(median(cpus) * 10) / 10 };
  };
  // Interleaved, so a change in the machine's load hits both alike.
  const one = [];
  const many = [];
  for (let round = 0; round < 3; round++) {
    one.push(await time(single));
    many.push(await time(split));
  }
  await Promise.all(workers.map((w) => w.terminate()));
  const best = (xs: { best_ms: number }[]) => Math.min(...xs.map((x) => x.best_ms));
  const result = {
    items,
    sources: m,
    classes: k,
    threads,
    cpus: cpus().length,
    load_average: loadavg().map((x) => Math.round(x * 100) / 100),
    counts_equal: equal,
    one_thread: one,
    split: many,
    best_one_thread_ms: best(one),
    best_split_ms: best(many),
    speedup: Math.round((best(one) / best(many)) * 100) / 100,
  };
  console.log(JSON.stringify(result, null, 2));
  if (!equal) throw new Error('split pair counts differ from the single-thread ones');
  const file = join(here, 'results/labelmodel.json');
  const saved = JSON.parse(readFileSync(file, 'utf8'));
  saved.notes.threads_split = result;
  writeFileSync(file, JSON.stringify(saved, null, 2) + '\n');
}
