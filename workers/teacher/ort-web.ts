/**
 * The one onnxruntime-web build Sift uses (`onnxruntime-web/webgpu`: WebGPU EP + WASM), loaded once per
 * worker, and its warm-up. Starting ORT's ~27 MB WebAssembly (fetch, compile, instantiate) is most of a
 * first prediction's wait; it depends on nothing but the build, so it can happen before any model is
 * chosen, while the user is still looking at the dataset.
 */
import { mlpToOnnx } from '../../src/core/models/onnx-write';

export type OrtWeb = typeof import('onnxruntime-web/webgpu');

let ortModule: Promise<OrtWeb> | null = null;

export function ort(): Promise<OrtWeb> {
  ortModule ??= import('onnxruntime-web/webgpu').then((m) => {
    m.env.logLevel = 'error';
    return m;
  });
  // A failed import (a network hiccup while the app was still being cached) may succeed next time.
  ortModule.catch(() => (ortModule = null));
  return ortModule;
}

export interface OrtWarmth {
  /** Milliseconds to import ORT's JavaScript. */
  importMs: number;
  /** Milliseconds to fetch, compile and instantiate its WebAssembly and open a one-weight session. */
  initMs: number;
  /** When it finished, on this worker's clock (performance.now()). */
  readyAt: number;
}

/** A 1→1 linear model: the smallest session that makes ORT start its WASM backend. */
function tinyModel(): Uint8Array {
  return mlpToOnnx({ inputShape: ['batch', 1], layers: [{ inputs: 1, outputs: 1, activation: 'linear', weight: new Float32Array([1]), bias: new Float32Array([0]) }], probabilitiesName: null, logitsName: 'y' });
}

let warming: Promise<OrtWarmth> | null = null;

/** Starts ORT's WASM backend once per worker; later calls get the first call's timings. */
export function warmOrt(): Promise<OrtWarmth> {
  warming ??= (async () => {
    const started = performance.now();
    const m = await ort();
    const imported = performance.now();
    const session = await m.InferenceSession.create(tinyModel(), { executionProviders: ['wasm'] });
    await session.release();
    const readyAt = performance.now();
    return { importMs: imported - started, initMs: readyAt - imported, readyAt };
  })();
  warming.catch(() => (warming = null));
  return warming;
}

/** Whether ORT's WASM has started in this worker (without starting it). */
export async function ortWarmth(): Promise<OrtWarmth | null> {
  if (!warming) return null;
  return warming.catch(() => null);
}
