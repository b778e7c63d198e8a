/** Exposes the benchmark worker to Playwright (bench/inference.ts); not part of the app. */
import { WorkerClient } from '../../workers/bridge/client';
import type { FirstPredictionApi, FirstPredictionCase } from './first-prediction.worker';
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
    /**
     * Registers the app's service worker (built beside this page) and waits until it has precached
     * everything. Whether it controls this page is what a visit measures: on a first visit it does not.
     */
    controlled: async () => {
      await navigator.serviceWorker.register(new URL('/sw.js', location.origin).href, { scope: '/' });
      await navigator.serviceWorker.ready;
      return !!navigator.serviceWorker.controller;
    },
    isolated: crossOriginIsolated,
    /**
     * The first prediction of a fresh worker, as after a page load. With `warm`, the worker first warms
     * ORT (what the app does when a dataset opens) and the prediction is asked for once that is done,
     * as a user who reads the dataset before choosing a teacher would.
     */
    firstPrediction: async (c: Omit<FirstPredictionCase, 'model'> & { url: string; warm: boolean }) => {
      const model = new Uint8Array(await (await fetch(c.url)).arrayBuffer());
      const client = new WorkerClient<FirstPredictionApi>(() => new Worker(new URL('./first-prediction.worker.ts', import.meta.url), { type: 'module', name: 'sift-bench-first' }), 600_000);
      try {
        const warmStarted = performance.now();
        const warmth = c.warm ? await client.call('warm', c.build) : null;
        const warmMs = c.warm ? performance.now() - warmStarted : null;
        const asked = performance.now();
        const { url: _url, warm: _warm, ...rest } = c;
        const result = await client.call('predict', { ...rest, model });
        return { ...result, pageMs: performance.now() - asked, warmMs, warmth };
      } finally {
        client.terminate();
      }
    },
    /** `url`: the model file, served next to this page. */
    bench: async (c: Omit<BenchCase, 'model'> & { url: string; threads: number }) => {
      const model = new Uint8Array(await (await fetch(c.url)).arrayBuffer());
      const { url: _url, threads, ...rest } = c;
      return worker(threads).call('bench', { ...rest, model });
    },
  },
});
document.body.dataset.ready = 'true';
