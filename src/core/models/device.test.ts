import { describe, expect, it } from 'vitest';
import { decideFromCalibration, decideWithoutCalibration, deviceLostReason, type WebGpuProbe } from './device';

const gpu: WebGpuProbe = { available: true, isFallbackAdapter: false, adapter: 'nvidia ampere' };
const swiftshader: WebGpuProbe = { available: true, isFallbackAdapter: true, adapter: 'google swiftshader' };
const none: WebGpuProbe = { available: false, isFallbackAdapter: false, adapter: '', problem: 'navigator.gpu is missing' };

describe('device decision', () => {
  it('honours an override, and says so', () => {
    expect(decideWithoutCalibration('wasm', gpu)).toEqual({ device: 'wasm', reason: 'WASM, as you chose.' });
    expect(decideWithoutCalibration('webgpu', gpu)).toMatchObject({ device: 'webgpu', reason: 'WebGPU, as you chose.' });
    expect(decideWithoutCalibration('webgpu', swiftshader)).toMatchObject({ device: 'webgpu', reason: expect.stringContaining('software fallback') });
    expect(decideWithoutCalibration('webgpu', none)).toMatchObject({ device: 'wasm', reason: 'WASM: you chose WebGPU, but navigator.gpu is missing.' });
  });
  it('auto: no adapter or a fallback adapter → WASM without measuring; a real adapter → calibrate', () => {
    expect(decideWithoutCalibration('auto', none)).toMatchObject({ device: 'wasm' });
    expect(decideWithoutCalibration('auto', swiftshader)).toMatchObject({ device: 'wasm', reason: expect.stringContaining('(google swiftshader) is a software fallback') });
    expect(decideWithoutCalibration('auto', gpu)).toBe('calibrate');
  });
  it('calibration picks the faster, and WebGPU only with a clear margin', () => {
    expect(decideFromCalibration(50_000, 10_000, gpu)).toMatchObject({ device: 'webgpu', measured: { webgpu: 50_000, wasm: 10_000 } });
    expect(decideFromCalibration(10_500, 10_000, gpu)).toMatchObject({ device: 'wasm', reason: expect.stringContaining('less than 10% apart') });
    expect(decideFromCalibration(2_000, 10_000, gpu).reason).toBe('WASM: WebGPU (nvidia ampere) ran the calibration batch at 2,000 items/s, WASM at 10,000 items/s.');
    expect(decideFromCalibration(0, 10_000, gpu)).toMatchObject({ device: 'wasm', reason: 'WASM: WebGPU failed the calibration batch.' });
  });
  it('a lost device says where and continues on WASM', () => {
    const lost = deviceLostReason({ device: 'webgpu', reason: 'WebGPU, as you chose.' }, 2, 'destroyed');
    expect(lost).toEqual({ device: 'wasm', reason: 'WASM: the WebGPU device was lost at chunk 3 (destroyed); the run continued on WASM from that chunk. Before: WebGPU, as you chose.' });
  });
});
