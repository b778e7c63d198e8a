/** Exposes the benchmark worker to Playwright (bench/inference.ts); not part of the app. */
import { WorkerClient } from '../../workers/bridge/client';
import type { BenchApi, BenchCase } from './inference.worker';

const workers = new Map<number, WorkerClient<BenchApi>>();
const worker = (threads: number) => {
  let client = workers.get(threads);
  if (!client) {
    client = new WorkerClient<BenchApi>(() => new Worker(new URL('./inference.worker.ts', import.meta.url), { type: 'module', name: `sift-bench-t${threads}` }), 600_000);
    workers.set(threads, client);
  }
  return client;
};

Object.assign(window, {
  siftBench: {
    probe: () => worker(1).call('probe', undefined),
    cores: navigator.hardwareConcurrency,
    isolated: crossOriginIsolated,
    /** `url`: the model file, served next to this page. */
    bench: async (c: Omit<BenchCase, 'model'> & { url: string; threads: number }) => {
      const model = new Uint8Array(await (await fetch(c.url)).arrayBuffer());
      const { url: _url, threads, ...rest } = c;
      return worker(threads).call('bench', { ...rest, model });
    },
  },
});
document.body.dataset.ready = 'true';
