/**
 * Device choice with calibration: two real ORT WASM sessions stand in for the two devices (Node has no
 * WebGPU); one is slowed down by a fixed delay per batch, and the choice must follow the measurement.
 */
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-web';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../models/build/data';
import type { WebGpuProbe } from '../../src/core/models/device';
import { chooseRuntime } from './device-choice';
import { createOrtRuntime, type OrtModule } from './ort-session';
import type { ModelRuntime } from './runtime';

ort.env.wasm.numThreads = 1;
const bytes = new Uint8Array(readFileSync(`${REPO}models/builtin/youtube-spam-teacher/model.onnx`));
const gpu: WebGpuProbe = { available: true, isFallbackAdapter: false, adapter: 'stand-in gpu' };
const sample = async () => ({ feeds: [{ name: 'input', type: 'float32' as const, data: new Float32Array(16 * 4096).fill(0.01), dims: [16, 4096] }], items: 16 });

function factory(slow: 'webgpu' | 'wasm', disposed: string[]) {
  return async (device: 'webgpu' | 'wasm'): Promise<ModelRuntime> => {
    const inner = await createOrtRuntime(ort as unknown as OrtModule, bytes, { device: 'wasm', output: 'probabilities', fileName: 'model.onnx' });
    return {
      device,
      run: async (feeds) => {
        if (device === slow) await new Promise((r) => setTimeout(r, 20));
        return inner.run(feeds);
      },
      dispose: async () => {
        disposed.push(device);
        await inner.dispose();
      },
    };
  };
}

describe('chooseRuntime', () => {
  it('times both devices on a real adapter and keeps the faster', async () => {
    for (const slow of ['webgpu', 'wasm'] as const) {
      const disposed: string[] = [];
      const { runtime, decision } = await chooseRuntime('auto', factory(slow, disposed), sample, async () => gpu);
      const fast = slow === 'webgpu' ? 'wasm' : 'webgpu';
      expect(runtime.device).toBe(fast);
      expect(decision.device).toBe(fast);
      expect(decision.measured![fast]).toBeGreaterThan(decision.measured![slow] * 1.1);
      expect(decision.reason).toMatch(/WebGPU \(stand-in gpu\) ran the calibration batch at [\d,]+ items\/s, WASM at [\d,]+ items\/s/);
      expect(disposed).toEqual([slow]);
      await runtime.dispose();
    }
  });

  it('a fallback adapter is not even timed, and a WebGPU that fails to start leaves WASM', async () => {
    const created: string[] = [];
    const make = async (device: 'webgpu' | 'wasm') => {
      created.push(device);
      if (device === 'webgpu') throw new Error('no shader-f16');
      return createOrtRuntime(ort as unknown as OrtModule, bytes, { device: 'wasm', output: 'probabilities', fileName: 'model.onnx' });
    };
    const fallback = await chooseRuntime('auto', make, sample, async () => ({ ...gpu, isFallbackAdapter: true }));
    expect(created).toEqual(['wasm']);
    expect(fallback.decision.reason).toContain('software fallback');
    const forced = await chooseRuntime('webgpu', make, sample, async () => gpu);
    expect(forced.runtime.device).toBe('wasm');
    expect(forced.decision.reason).toBe('WASM: WebGPU (stand-in gpu) could not run this model (no shader-f16).');
    await Promise.all([fallback.runtime.dispose(), forced.runtime.dispose()]);
  });
});
