import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs-core's gradients (core alone has none).
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { SiftError } from '../../core/errors';
import { registerWasmConvGrad } from './wasm-conv-grad';

registerWasmConvGrad();

/**
 * TF.js backend choice by measurement: a short piece of the job itself (a few training batches of the
 * student on its own data, or a dense-layer step of the same width) is timed on each usable backend and
 * the fastest wins. A WebGPU adapter that is a software fallback is not even timed: it runs on the CPU,
 * slower than WASM.
 * The page/Node entry registers what its platform has (wasm paths, webgpu) before calling this.
 */
export type BackendName = 'webgpu' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export interface BackendProbe {
  backend: BackendName;
  /** Milliseconds per probe step, or null when not timed. */
  ms: number | null;
  note: string;
}

export interface BackendChoice {
  backend: BackendName;
  reason: string;
  probes: BackendProbe[];
}

async function trySet(name: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Time per step of a [batch, width] × [width, 64] dense layer trained with SGD (median of a few). */
export async function probeStep(width: number, batch = 128, steps = 4): Promise<number> {
  const inputWidth = Math.max(16, Math.min(width, 16_384));
  const x = tf.randomUniform([batch, inputWidth], 0, 1, 'float32', 1);
  const w = tf.variable(tf.randomNormal([inputWidth, 64], 0, 0.01, 'float32', 2));
  const optimizer = tf.train.sgd(0.01);
  const step = async () => {
    const cost = optimizer.minimize(() => tf.mean(tf.square(tf.relu(tf.matMul(x, w)))), true, [w]);
    await cost!.data();
    cost!.dispose();
  };
  try {
    await step();
    const times: number[] = [];
    for (let s = 0; s < steps; s++) {
      const started = performance.now();
      await step();
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return times[Math.floor(times.length / 2)];
  } finally {
    x.dispose();
    w.dispose();
    optimizer.dispose();
  }
}

export interface ChooseOptions {
  preference: BackendPreference;
  /** Input width of the job, so the probe has its shape. */
  width: number;
  /** Backends this platform registered, best first. */
  available: BackendName[];
  /** Why webgpu is not usable, when the platform already knows (no navigator.gpu, fallback adapter). */
  webgpuProblem?: string | null;
  /** The job itself, shortened: ms per run on the current backend. Defaults to a dense-layer step. */
  probe?: () => Promise<number>;
}

export async function chooseBackend(options: ChooseOptions): Promise<BackendChoice> {
  const probes: BackendProbe[] = [];
  const { preference, available } = options;
  if (preference !== 'auto') {
    if (!available.includes(preference)) {
      throw new SiftError('student/backend', `The ${preference} backend is not available here${preference === 'webgpu' && options.webgpuProblem ? `: ${options.webgpuProblem}` : ''}. Choose "auto" or one of ${available.join(', ')}.`);
    }
    if (!(await trySet(preference))) throw new SiftError('student/backend', `The ${preference} backend failed to start.`);
    // A forced software adapter still runs (to check results against WASM), but the user is told.
    const caveat = preference === 'webgpu' && options.webgpuProblem ? ` (${options.webgpuProblem})` : '';
    return { backend: preference, reason: `chosen by you${caveat}`, probes };
  }
  let best: { backend: BackendName; ms: number } | null = null;
  for (const name of available) {
    if (name === 'webgpu' && options.webgpuProblem) {
      probes.push({ backend: name, ms: null, note: options.webgpuProblem });
      continue;
    }
    if (!(await trySet(name))) {
      probes.push({ backend: name, ms: null, note: 'failed to start' });
      continue;
    }
    const ms = options.probe ? await options.probe() : await probeStep(options.width);
    probes.push({ backend: name, ms, note: `${ms.toFixed(1)} ms per probe` });
    if (!best || ms < best.ms) best = { backend: name, ms };
    // The CPU backend is only a last resort; no need to time it when a compiled backend ran.
    if (name === 'wasm' && available.includes('cpu')) {
      probes.push({ backend: 'cpu', ms: null, note: 'not timed: WASM runs the same kernels compiled' });
      break;
    }
  }
  if (!best) throw new SiftError('student/backend', 'No TF.js backend could start (tried ' + available.join(', ') + ').');
  await trySet(best.backend);
  const timed = probes.filter((p) => p.ms !== null);
  const skipped = probes.filter((p) => p.ms === null && p.backend !== 'cpu').map((p) => `${p.backend}: ${p.note}`);
  const measured = timed.length > 1 ? `fastest in a probe (${timed.map((p) => `${p.backend} ${p.ms!.toFixed(1)} ms`).join(', ')})` : `the only backend timed (${best.ms.toFixed(1)} ms per probe)`;
  const reason = `${best.backend}: ${measured}${skipped.length ? `; ${skipped.join('; ')}` : ''}`;
  return { backend: best.backend, reason, probes };
}

export function currentBackend(): string {
  return tf.getBackend();
}
