// The browser half of `npm run bench -- train-epoch`: the same measurements as Node, in a dedicated worker,
// on every TF.js backend this browser offers (WebGPU only timed briefly when its adapter is a fallback).
import * as tf from '@tensorflow/tfjs-core';
import { browserBackends } from '../../workers/student/browser-backend';
import { measureCalibration, measureTraining, textFeatures } from '../lib/train-measure';

const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(message: unknown): void };
scope.onmessage = async (event: MessageEvent<{ n: number; dim: number; budget: number; calibration: number }>) => {
  const { n, dim, budget, calibration } = event.data;
  const say = (value: unknown) => scope.postMessage({ kind: 'progress', value });
  try {
    const available = await browserBackends();
    say('featurizing');
    const { features, labels, featurizeMs } = textFeatures(n, dim);
    const results = [];
    for (const backend of available.backends) {
      if (!(await tf.setBackend(backend))) continue;
      await tf.ready();
      // A software WebGPU adapter runs on the CPU at a few items per second: a short look is enough.
      const slow = backend === 'cpu' || (backend === 'webgpu' && available.webgpuProblem !== null);
      for (const arch of ['linear', 'mlp'] as const) {
        for (const batch of [32, 256]) {
          say(`${backend} ${arch} ${batch}`);
          const base = { runtime: `browser-worker-${backend}`, backend, adapter: backend === 'webgpu' ? available.adapter : null, note: backend === 'webgpu' ? available.webgpuProblem : null };
          try {
            results.push({ ...base, ...(await measureTraining(features, labels, arch, slow ? budget / 4 : budget, batch)) });
          } catch (error) {
            // SwiftShader's WebGPU device can be lost under load: record it and go on with the other backends.
            results.push({ ...base, model: arch, batch, error: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    }
    await tf.setBackend('wasm');
    const calibrationResults = [2, 10].map((k) => ({ runtime: 'browser-worker', ...measureCalibration(calibration, k) }));
    scope.postMessage({ kind: 'done', value: { featurize_ms: featurizeMs, nnz: features.values.length, training: results, calibration: calibrationResults, userAgent: navigator.userAgent } });
  } catch (error) {
    scope.postMessage({ kind: 'error', value: error instanceof Error ? `${error.message}\n${error.stack}` : String(error) });
  }
};
