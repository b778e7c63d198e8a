/**
 * The onnxruntime-web builds Sift uses, loaded once per worker, and their warm-up.
 *
 * Two builds, because starting ORT's WebAssembly (fetch, compile, instantiate, ORT's own start-up) is most
 * of a first prediction's wait and the WebGPU build pays for what WASM runs do not need: measured here
 * (bench/results/inference.json, first_prediction), `onnxruntime-web/webgpu` (27 MB, asyncify) takes
 * about 2.5× as long to start as `onnxruntime-web/wasm` (14 MB), and Chromium's compiled-code cache does
 * not help either on a return visit. So WASM sessions (every run on a machine without a real GPU, and
 * model checks) use the small build; only WebGPU sessions load the big one.
 *
 * Starting a build depends on no model, so it can happen while the user is still looking at the dataset.
 */
import { mlpToOnnx } from '../../src/core/models/onnx-write';

export type OrtWeb = typeof import('onnxruntime-web/webgpu');
export type OrtBuild = 'wasm' | 'webgpu';

const modules = new Map<OrtBuild, Promise<OrtWeb>>();

export function ort(build: OrtBuild): Promise<OrtWeb> {
  let module = modules.get(build);
  if (!module) {
    module = (build === 'wasm' ? import('onnxruntime-web/wasm') : import('onnxruntime-web/webgpu')).then((m) => {
      m.env.logLevel = 'error';
      return m as OrtWeb;
    });
    // A failed import (a network hiccup while the app was still being cached) may succeed next time.
    module.catch(() => modules.delete(build));
    modules.set(build, module);
  }
  return module;
}

export interface OrtWarmth {
  build: OrtBuild;
  /** Milliseconds to import the build's JavaScript. */
  importMs: number;
  /** Milliseconds to fetch, compile and start its WebAssembly (a one-weight session opened and closed). */
  initMs: number;
}

/** A 1→1 linear model: the smallest session that makes ORT start its WASM backend. */
export function warmUpModel(): Uint8Array {
  return mlpToOnnx({ inputShape: ['batch', 1], layers: [{ inputs: 1, outputs: 1, activation: 'linear', weight: new Float32Array([1]), bias: new Float32Array([0]) }], probabilitiesName: null, logitsName: 'y', graphName: 'sift-warm-up' });
}

const warming = new Map<OrtBuild, Promise<OrtWarmth>>();
const ready = new Set<OrtBuild>();

/** Starts a build's WebAssembly once per worker; later calls share the first one's result. */
export function warmOrt(build: OrtBuild): Promise<OrtWarmth> {
  let started = warming.get(build);
  if (!started) {
    started = (async () => {
      const t0 = performance.now();
      const m = await ort(build);
      const t1 = performance.now();
      // WASM in both builds: the WebGPU EP would also create a GPU device, which no run may want.
      const session = await m.InferenceSession.create(warmUpModel(), { executionProviders: ['wasm'] });
      await session.release();
      ready.add(build);
      return { build, importMs: t1 - t0, initMs: performance.now() - t1 };
    })();
    started.catch(() => warming.delete(build));
    warming.set(build, started);
  }
  return started;
}

/** Whether a build's WebAssembly has already started in this worker (by a warm-up or an earlier session). */
export function isOrtReady(build: OrtBuild): boolean {
  return ready.has(build);
}

/** Records that a session of `build` opened, so later runs know its WebAssembly is running. */
export function markOrtReady(build: OrtBuild): void {
  ready.add(build);
}
