/**
 * TF.js models (layers or graph format, model.json + weight shards) as a `ModelRuntime`, on the wasm or
 * webgpu backend. Loaded lazily by the teacher worker: TF.js is big and most runs are ONNX.
 */
import * as tf from '@tensorflow/tfjs-core';
import { loadLayersModel, type LayersModel } from '@tensorflow/tfjs-layers';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-backend-webgpu';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { SiftError } from '../../src/core/errors';
import { modelInfoFromTfjs } from '../../src/core/models/model-info';
import type { Feed, ModelRuntime } from './runtime';

let configured = false;
function configure(): void {
  if (configured) return;
  // The threaded build needs its own worker script, which a bundled, CSP-locked app does not serve.
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
  configured = true;
}

interface ModelJson {
  format?: string;
  modelTopology?: unknown;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  signature?: unknown;
  userDefinedMetadata?: Record<string, unknown>;
  modelInitializer?: unknown;
}

const baseName = (path: string) => path.replace(/^.*\//, '');

/** model.json and its shards (found by file name among `files`) as a tf.io handler. */
export async function tfjsArtifacts(files: { path: string; blob: Blob }[]): Promise<{ json: ModelJson; handler: tf.io.IOHandler; graph: boolean }> {
  const modelFile = files.find((f) => baseName(f.path) === 'model.json') ?? files.find((f) => f.path.endsWith('.json'));
  if (!modelFile) throw new SiftError('tfjs-missing-file', 'A TF.js model needs its model.json; none was chosen.', {});
  let json: ModelJson;
  try {
    json = JSON.parse(await modelFile.blob.text());
  } catch (error) {
    throw new SiftError('bad-tfjs', `${modelFile.path} is not valid JSON: ${error instanceof Error ? error.message : error}`, { file: modelFile.path });
  }
  if (!json.modelTopology) throw new SiftError('bad-tfjs', `${modelFile.path} is not a TF.js model.json (no modelTopology)`, { file: modelFile.path });
  const groups = json.weightsManifest ?? [];
  const byName = new Map(files.map((f) => [baseName(f.path), f.blob]));
  const buffers: ArrayBuffer[] = [];
  for (const group of groups)
    for (const path of group.paths) {
      const blob = byName.get(baseName(path));
      if (!blob) throw new SiftError('tfjs-missing-shard', `${modelFile.path} names the weight file '${path}', which is not among the chosen files. Choose model.json together with all its .bin files.`, { file: path });
      buffers.push(await blob.arrayBuffer());
    }
  const total = buffers.reduce((s, b) => s + b.byteLength, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const b of buffers) {
    weightData.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  const weightSpecs = groups.flatMap((g) => g.weights);
  const graph = json.format === 'graph-model' || !!(json.modelTopology as { node?: unknown }).node;
  const handler = tf.io.fromMemory({ modelTopology: json.modelTopology as never, weightSpecs, weightData: weightData.buffer, format: json.format, signature: json.signature as never, userDefinedMetadata: json.userDefinedMetadata, modelInitializer: json.modelInitializer as never });
  return { json, handler, graph };
}

/** Switches TF.js to `backend` ('wasm' | 'webgpu'), or throws saying why it could not start. */
export async function useBackend(backend: 'wasm' | 'webgpu'): Promise<void> {
  configure();
  let ok = false;
  try {
    ok = await tf.setBackend(backend);
  } catch (error) {
    throw new SiftError('tfjs-backend', `TF.js could not start its ${backend} backend: ${error instanceof Error ? error.message : error}`, { backend });
  }
  if (!ok) throw new SiftError('tfjs-backend', `TF.js could not start its ${backend} backend`, { backend });
  await tf.ready();
}

export async function createTfjsRuntime(files: { path: string; blob: Blob }[], options: { device: 'webgpu' | 'wasm'; output: string }): Promise<ModelRuntime> {
  await useBackend(options.device);
  const { handler, graph, json } = await tfjsArtifacts(files);
  // A layers model returns its outputs in output_layers order.
  const outputIndex = Math.max(0, modelInfoFromTfjs(json).outputs.findIndex((o) => o.name === options.output));
  let model: LayersModel | GraphModel;
  try {
    model = graph ? await loadGraphModel(handler) : await loadLayersModel(handler);
  } catch (error) {
    throw new SiftError('bad-tfjs', `The TF.js model could not be loaded: ${error instanceof Error ? error.message : error}`, {});
  }
  return {
    device: options.device,
    async run(feeds: Feed[]) {
      // The backend is global: while two runtimes are timed against each other, each runs on its own.
      if (tf.getBackend() !== options.device) await useBackend(options.device);
      const inputs = feeds.map((feed) => tf.tensor(feed.type === 'int64' ? Int32Array.from(feed.data as BigInt64Array, Number) : (feed.data as Float32Array | Int32Array), feed.dims, feed.type === 'float32' ? 'float32' : 'int32'));
      let outputs: tf.Tensor | tf.Tensor[];
      try {
        if (graph) {
          const named: Record<string, tf.Tensor> = {};
          feeds.forEach((feed, i) => (named[feed.name] = inputs[i]));
          outputs = await (model as GraphModel).executeAsync(named, options.output);
        } else outputs = (model as LayersModel).predict(inputs.length === 1 ? inputs[0] : inputs) as tf.Tensor | tf.Tensor[];
        const list = Array.isArray(outputs) ? outputs : [outputs];
        const chosen = graph ? list[0] : (list[outputIndex] ?? list[0]);
        const data = (await chosen.data()) as Float32Array;
        const dims = [...chosen.shape];
        tf.dispose(list);
        return { data: data instanceof Float32Array ? data : Float32Array.from(data), dims };
      } finally {
        tf.dispose(inputs);
      }
    },
    async dispose() {
      model.dispose();
    },
  };
}
