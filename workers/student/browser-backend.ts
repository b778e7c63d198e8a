import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from '../../src/ml/student/backend';
import '../../src/ml/student/backend';

/**
 * What this browser offers the student worker: WASM (served from this origin; threads off, since the
 * threaded build needs a worker script the CSP would have to allow), the CPU backend, and WebGPU when
 * there is an adapter. A software (fallback) adapter is reported as a problem, so "auto" never picks
 * it; the user can still force it.
 */
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmUrl, 'tfjs-backend-wasm-simd.wasm': simdUrl, 'tfjs-backend-wasm-threaded-simd.wasm': threadedSimdUrl });

export interface BrowserBackends {
  backends: BackendName[];
  webgpuProblem: string | null;
  adapter: string | null;
}

let probed: Promise<BrowserBackends> | null = null;
// Held for the worker's life: Chromium may tear down the GPU instance behind a collected adapter.
let heldAdapter: GPUAdapter | null = null;

async function probe(): Promise<BrowserBackends> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return { backends: ['wasm', 'cpu'], webgpuProblem: 'this browser has no WebGPU', adapter: null };
  let adapter: GPUAdapter | null = null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch {
    adapter = null;
  }
  if (!adapter) return { backends: ['wasm', 'cpu'], webgpuProblem: 'no WebGPU adapter', adapter: null };
  heldAdapter = adapter;
  const info = (adapter as GPUAdapter & { info?: GPUAdapterInfo & { isFallbackAdapter?: boolean }; isFallbackAdapter?: boolean }).info;
  const fallback = Boolean(info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter);
  const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  await import('@tensorflow/tfjs-backend-webgpu');
  return {
    backends: ['webgpu', 'wasm', 'cpu'],
    webgpuProblem: fallback ? `the WebGPU adapter (${name}) is a software fallback, slower than WASM` : null,
    adapter: name,
  };
}

export function browserBackends(): Promise<BrowserBackends> {
  probed ??= probe();
  return probed;
}
