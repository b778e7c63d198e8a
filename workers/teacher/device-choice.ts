/**
 * Picks the runtime a run uses: WASM or WebGPU by the rules in core/models/device.ts, timing a short
 * calibration batch on both when the adapter is a real GPU. Runtimes are created by the caller's
 * factory, so the same logic serves ORT and TF.js models.
 */
import { decideFromCalibration, decideWithoutCalibration, type DeviceChoice, type DeviceDecision, type WebGpuProbe } from '../../src/core/models/device';
import type { Feed, ModelRuntime } from './runtime';

export type RuntimeFactory = (device: 'webgpu' | 'wasm') => Promise<ModelRuntime>;

/** What navigator.gpu says, without creating a device. */
export async function probeWebGpu(): Promise<WebGpuProbe> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) return { available: false, isFallbackAdapter: false, adapter: '', problem: 'this browser has no WebGPU (navigator.gpu is missing)' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { available: false, isFallbackAdapter: false, adapter: '', problem: 'the browser offers no WebGPU adapter (requestAdapter returned null)' };
    const info = adapter.info;
    const legacyFallback = (adapter as unknown as { isFallbackAdapter?: boolean }).isFallbackAdapter;
    const name = [info?.vendor, info?.architecture, info?.description].filter(Boolean).join(' ');
    return { available: true, isFallbackAdapter: !!(info?.isFallbackAdapter ?? legacyFallback), adapter: name };
  } catch (error) {
    return { available: false, isFallbackAdapter: false, adapter: '', problem: `requesting a WebGPU adapter failed (${error instanceof Error ? error.message : error})` };
  }
}

/** Items per second of `runtime` on one batch: one warm-up run (shader compilation), then ≥ 3 runs and ≥ 200 ms. */
export async function timeRuntime(runtime: ModelRuntime, feeds: Feed[], items: number): Promise<number> {
  await runtime.run(feeds);
  let runs = 0;
  const started = performance.now();
  while (runs < 3 || performance.now() - started < 200) {
    await runtime.run(feeds);
    runs++;
    if (runs >= 50) break;
  }
  return (items * runs * 1000) / (performance.now() - started);
}

/**
 * Decides the device and returns its runtime. `sample` is a calibration batch, used only when both
 * devices must be timed. A WebGPU runtime that fails to start leaves WASM, with the reason.
 */
export async function chooseRuntime(choice: DeviceChoice, create: RuntimeFactory, sample: () => Promise<{ feeds: Feed[]; items: number }>, probe: () => Promise<WebGpuProbe> = probeWebGpu): Promise<{ runtime: ModelRuntime; decision: DeviceDecision }> {
  const gpu = await probe();
  const early = decideWithoutCalibration(choice, gpu);
  const startWasm = async (why?: string) => ({ runtime: await create('wasm'), decision: why ? { device: 'wasm' as const, reason: why } : (early as DeviceDecision) });
  if (early !== 'calibrate') {
    if (early.device === 'wasm') return startWasm();
    try {
      return { runtime: await create('webgpu'), decision: early };
    } catch (error) {
      return startWasm(`WASM: WebGPU${gpu.adapter ? ` (${gpu.adapter})` : ''} could not run this model (${error instanceof Error ? error.message : error}).`);
    }
  }
  const wasm = await create('wasm');
  let webgpu: ModelRuntime;
  try {
    webgpu = await create('webgpu');
  } catch (error) {
    return { runtime: wasm, decision: { device: 'wasm', reason: `WASM: WebGPU could not run this model (${error instanceof Error ? error.message : error}).` } };
  }
  const { feeds, items } = await sample();
  const wasmRate = await timeRuntime(wasm, feeds, items);
  let gpuRate = 0;
  try {
    gpuRate = await timeRuntime(webgpu, feeds, items);
  } catch {
    gpuRate = 0;
  }
  const decision = decideFromCalibration(gpuRate, wasmRate, gpu);
  const [keep, drop] = decision.device === 'webgpu' ? [webgpu, wasm] : [wasm, webgpu];
  await drop.dispose().catch(() => undefined);
  return { runtime: keep, decision };
}
