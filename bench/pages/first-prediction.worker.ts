/**
 * Benchmark worker for the first prediction after a page load (bench/inference.ts): the app's own ORT
 * loader and warm-up (workers/teacher/ort-web.ts) and runtime (ort-session.ts), timed from a fresh
 * worker. Not part of the app.
 */
import { expose } from '../../workers/bridge/expose';
import { createOrtRuntime, type OrtModule } from '../../workers/teacher/ort-session';
import { ort, warmOrt, type OrtBuild } from '../../workers/teacher/ort-web';

export interface FirstPredictionCase {
  model: Uint8Array;
  input: string;
  output: string;
  perItem: number;
  build: OrtBuild;
}

/** How long this worker's fetches of ORT's files took (resource timing), to tell download from compile. */
function ortFetches(): { name: string; ms: number; bytes: number }[] {
  return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
    .filter((e) => /ort-wasm/.test(e.name))
    .map((e) => ({ name: e.name.replace(/^.*\//, ''), ms: Math.round(e.duration), bytes: e.encodedBodySize }));
}

const api = {
  warm: async (build: OrtBuild) => ({ ...(await warmOrt(build)), fetches: ortFetches() }),
  fetches: () => ortFetches(),
  /** Opens a session of `model` and runs one item, as a teacher run's first batch does. */
  predict: async (c: FirstPredictionCase) => {
    const started = performance.now();
    const m = await ort(c.build);
    const imported = performance.now();
    const runtime = await createOrtRuntime(m as unknown as OrtModule, c.model, { device: 'wasm', output: c.output, fileName: 'bench.onnx' });
    const opened = performance.now();
    const out = await runtime.run([{ name: c.input, type: 'float32', data: new Float32Array(c.perItem).fill(0.01), dims: [1, c.perItem] }]);
    const done = performance.now();
    await runtime.dispose();
    return { importMs: imported - started, sessionMs: opened - imported, runMs: done - opened, totalMs: done - started, checksum: Array.from(out.data), fetches: ortFetches() };
  },
};

export type FirstPredictionApi = typeof api;
expose(api);
