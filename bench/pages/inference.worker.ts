/**
 * Benchmark worker (bench/inference.ts): the app's own ORT runtime (workers/teacher/ort-session.ts,
 * `onnxruntime-web/webgpu`) timed on random batches. Not part of the app.
 */
import * as ort from 'onnxruntime-web/webgpu';
import { expose } from '../../workers/bridge/expose';
import { probeWebGpu, timeRuntime } from '../../workers/teacher/device-choice';
import { createOrtRuntime, type OrtModule } from '../../workers/teacher/ort-session';

export interface BenchCase {
  model: Uint8Array;
  input: string;
  output: string;
  perItem: number;
  batch: number;
  device: 'wasm' | 'webgpu';
  /** Keep timing at least this long. */
  minMs: number;
}

function randomBatch(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    x[i] = s / 2 ** 32 - 0.5;
  }
  return x;
}

// The thread count is fixed when ORT's wasm starts, so each setting gets its own worker (named by the page).
const threads = Number(/-t(\d+)$/.exec(self.name ?? '')?.[1] ?? 1);
ort.env.wasm.numThreads = threads;

const api = {
  probe: () => probeWebGpu(),
  bench: async (c: BenchCase) => {
    const runtime = await createOrtRuntime(ort as unknown as OrtModule, c.model, { device: c.device, output: c.output, fileName: 'bench.onnx' });
    try {
      const feeds = [{ name: c.input, type: 'float32' as const, data: randomBatch(c.batch * c.perItem, 7), dims: [c.batch, c.perItem] }];
      const first = performance.now();
      const out = await runtime.run(feeds);
      const firstMs = performance.now() - first;
      // timeRuntime's own loop runs ≥ 200 ms; repeat until minMs and keep the best rate (least disturbed).
      let best = 0;
      const started = performance.now();
      do best = Math.max(best, await timeRuntime(runtime, feeds, c.batch));
      while (performance.now() - started < c.minMs);
      return { itemsPerS: best, firstRunMs: firstMs, threads, checksum: Array.from(out.data.subarray(0, 8)) };
    } finally {
      await runtime.dispose();
    }
  },
};

export type BenchApi = typeof api;
expose(api);
