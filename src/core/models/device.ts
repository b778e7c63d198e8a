/**
 * Which device runs a model, decided by measurement, with the reason in words for the user. WebGPU is
 * only worth it on a real GPU: a software ("fallback") adapter such as Chromium's SwiftShader runs
 * WebGPU on the CPU, measured here 50–100× slower than WASM. So: no adapter or a fallback adapter →
 * WASM; otherwise a short calibration batch on both decides.
 */
export type Device = 'webgpu' | 'wasm';
export type DeviceChoice = 'auto' | Device;

/** What `navigator.gpu.requestAdapter()` gave. */
export interface WebGpuProbe {
  available: boolean;
  isFallbackAdapter: boolean;
  /** Vendor / architecture / description, as the adapter reports them ('' when it says nothing). */
  adapter: string;
  /** Why there is no adapter (no navigator.gpu, requestAdapter returned null or threw). */
  problem?: string;
}

export interface DeviceDecision {
  device: Device;
  reason: string;
  /** Calibration throughput, items/s, when both were measured. */
  measured?: { webgpu: number; wasm: number };
}

/** WebGPU must beat WASM by this factor to be chosen: a near tie goes to the steadier WASM. */
export const WEBGPU_MARGIN = 1.1;

const adapterName = (probe: WebGpuProbe) => (probe.adapter ? ` (${probe.adapter})` : '');
const rate = (x: number) => `${Math.round(x).toLocaleString('en-US')} items/s`;

/** The decision when no measurement is needed, or 'calibrate' when both devices must be timed. */
export function decideWithoutCalibration(choice: DeviceChoice, probe: WebGpuProbe): DeviceDecision | 'calibrate' {
  if (choice === 'wasm') return { device: 'wasm', reason: 'WASM, as you chose.' };
  if (!probe.available) {
    const why = probe.problem ?? 'this browser offers no WebGPU adapter';
    return { device: 'wasm', reason: choice === 'webgpu' ? `WASM: you chose WebGPU, but ${why}.` : `WASM: ${why}.` };
  }
  if (choice === 'webgpu')
    return { device: 'webgpu', reason: `WebGPU, as you chose${probe.isFallbackAdapter ? `; note that the adapter${adapterName(probe)} is a software fallback that runs on the CPU` : ''}.` };
  if (probe.isFallbackAdapter) return { device: 'wasm', reason: `WASM: the WebGPU adapter${adapterName(probe)} is a software fallback that runs on the CPU, slower than WASM.` };
  return 'calibrate';
}

/** The faster device after timing the same calibration batch on both. */
export function decideFromCalibration(webgpuItemsPerS: number, wasmItemsPerS: number, probe: WebGpuProbe): DeviceDecision {
  const measured = { webgpu: webgpuItemsPerS, wasm: wasmItemsPerS };
  const numbers = `WebGPU${adapterName(probe)} ran the calibration batch at ${rate(webgpuItemsPerS)}, WASM at ${rate(wasmItemsPerS)}`;
  if (!(webgpuItemsPerS > 0)) return { device: 'wasm', reason: `WASM: WebGPU failed the calibration batch.`, measured };
  if (webgpuItemsPerS > wasmItemsPerS * WEBGPU_MARGIN) return { device: 'webgpu', reason: `WebGPU: ${numbers}.`, measured };
  return { device: 'wasm', reason: `WASM: ${numbers}${webgpuItemsPerS > wasmItemsPerS ? ` (less than ${Math.round((WEBGPU_MARGIN - 1) * 100)}% apart)` : ''}.`, measured };
}

/** The reason shown when the GPU device was lost mid-run and the run went on with WASM. */
export function deviceLostReason(previous: DeviceDecision, chunk: number, message: string): DeviceDecision {
  return { device: 'wasm', reason: `WASM: the WebGPU device was lost at chunk ${chunk + 1} (${message}); the run continued on WASM from that chunk. Before: ${previous.reason}` };
}
