/**
 * onnxruntime sessions as a `ModelRuntime`. The ORT module is passed in: the worker gives it
 * `onnxruntime-web/webgpu` (WebGPU EP + WASM, one build), Node tests give it onnxruntime-web's Node
 * build. Load failures become SiftErrors that say what is wrong (an operator ORT lacks, a bad file).
 */
import type * as Ort from 'onnxruntime-web';
import { SiftError } from '../../src/core/errors';
import type { Feed, ModelRuntime } from './runtime';

export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/** Turns an ORT load error into a specific SiftError. */
export function explainOrtError(error: unknown, fileName: string, device: string): SiftError {
  const message = error instanceof Error ? error.message : String(error);
  const missing = /Could not find an implementation for (\S+?)\((\d+)\) node with name '([^']*)'/.exec(message);
  if (missing)
    return new SiftError('unsupported-op', `${fileName}: onnxruntime-web (${device}) has no implementation of operator ${missing[1]} (opset ${missing[2]}), used by node '${missing[3]}'. Re-export the model with standard operators or a lower opset.`, { op: missing[1], opset: Number(missing[2]), node: missing[3] });
  const unknownOp = /No Op registered for (\S+) with domain_version of (\d+)/.exec(message);
  if (unknownOp)
    return new SiftError('unsupported-op', `${fileName}: onnxruntime-web does not know operator ${unknownOp[1]} at opset ${unknownOp[2]}. Re-export the model with operators of that opset, or another opset.`, { op: unknownOp[1], opset: Number(unknownOp[2]) });
  const custom = /(?:([\w.]+):)?(\w+)\((-?\d+)\) is not a registered function\/op/.exec(message);
  if (custom)
    return new SiftError('unsupported-op', `${fileName}: the model uses operator ${custom[1] ? `${custom[1]}.` : ''}${custom[2]}, which onnxruntime-web does not have (a custom operator needs a library the browser cannot load).`, { op: custom[2], domain: custom[1] ?? '' });
  return new SiftError('model-load', `${fileName} could not be loaded by onnxruntime-web (${device}): ${message.replace(/^.*?failed:\s*/, '').slice(0, 400)}`, { device });
}

function toTensor(ort: OrtModule, feed: Feed): Ort.Tensor {
  return new ort.Tensor(feed.type, feed.data as never, feed.dims);
}

function toFloat32(data: unknown, dtype: string): Float32Array {
  if (data instanceof Float32Array) return data;
  if (data instanceof Float64Array) return Float32Array.from(data);
  if (data instanceof Uint16Array && dtype === 'float16') return float16ToFloat32(data);
  throw new SiftError('output-dtype', `The model's output is ${dtype}; Sift reads float32, float16 or float64 scores`, { dtype });
}

function float16ToFloat32(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    out[i] = exp === 0 ? sign * 2 ** -14 * (frac / 1024) : exp === 31 ? (frac ? NaN : sign * Infinity) : sign * 2 ** (exp - 15) * (1 + frac / 1024);
  }
  return out;
}

export async function createOrtRuntime(ort: OrtModule, bytes: Uint8Array, options: { device: 'webgpu' | 'wasm'; output: string; fileName: string }): Promise<ModelRuntime> {
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, {
      executionProviders: [options.device],
      graphOptimizationLevel: 'all',
      // Sift feeds whole batches; shapes vary only in the batch (and sequence) dimension.
      enableMemPattern: options.device === 'wasm',
    });
  } catch (error) {
    throw explainOrtError(error, options.fileName, options.device === 'webgpu' ? 'WebGPU' : 'WASM');
  }
  if (!session.outputNames.includes(options.output))
    throw new SiftError('output-missing', `${options.fileName} has no output '${options.output}'; its outputs are ${session.outputNames.join(', ')}`, { output: options.output });
  return {
    device: options.device,
    async run(feeds) {
      const inputs: Record<string, Ort.Tensor> = {};
      for (const feed of feeds) inputs[feed.name] = toTensor(ort, feed);
      const result = await session.run(inputs, [options.output]);
      const tensor = result[options.output];
      const data = toFloat32(tensor.data, tensor.type);
      const dims = [...tensor.dims];
      tensor.dispose();
      return { data, dims };
    },
    async dispose() {
      await session.release();
    },
  };
}

/** Input and output metadata of a loaded session (for card checks), from a WASM session. */
export async function ortSessionInfo(ort: OrtModule, bytes: Uint8Array, fileName: string) {
  let session: Ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  } catch (error) {
    throw explainOrtError(error, fileName, 'WASM');
  }
  const info = { inputMetadata: [...session.inputMetadata], outputMetadata: [...session.outputMetadata] };
  await session.release();
  return info;
}
