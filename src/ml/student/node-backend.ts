import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { dirname, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { BackendName } from './backend';
import './backend';

/** Node (CLI, tests, bench): WASM from node_modules, else the plain CPU backend. No WebGPU in Node. */
let configured = false;

function configure(): void {
  if (configured) return;
  const require = createRequire(import.meta.url);
  const wasmDir = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  setWasmPaths(resolve(wasmDir, 'dist') + '/');
  configured = true;
}

export const nodeBackends: BackendName[] = ['wasm', 'cpu'];

export async function useNodeBackend(name: BackendName = 'wasm'): Promise<string> {
  configure();
  if (name === 'webgpu') throw new Error('WebGPU is not available in Node');
  if (tf.getBackend() === name) return name;
  if (!(await tf.setBackend(name))) throw new Error(`TF.js backend ${name} failed to start`);
  await tf.ready();
  return name;
}
