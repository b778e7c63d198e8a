// WebGPU vs WASM for onnxruntime-web on a machine with a real GPU, outside a browser: Dawn's Node
// binding (npm "webgpu") provides navigator.gpu, so ORT-web's own WebGPU EP and its WASM EP run the same
// models in one process. Used where no Chromium can run (the lent GPU machine has no browser); the
// browser numbers come from bench/inference.ts. Prints one JSON object.
//
// usage: node bench/gpu/ort-webgpu-node.mjs --ort DIR --dawn FILE --models DIR
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const ortDir = arg('--ort');
const modelsDir = arg('--models');
const require = createRequire(import.meta.url);

let adapterInfo = null;
if (arg('--dawn')) {
  const { create, globals } = require(arg('--dawn'));
  Object.assign(globalThis, globals);
  // ORT's wasm heap is a SharedArrayBuffer (threaded build); dawn.node's writeBuffer accepts only
  // plain buffers, so hand it a copy of the bytes.
  const plain = (data, dataOffset = 0, size) => {
    if (data instanceof SharedArrayBuffer) return [new Uint8Array(data.slice(dataOffset, size === undefined ? undefined : dataOffset + size)), 0, undefined];
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
      const count = size ?? data.length - dataOffset;
      const copy = new data.constructor(count);
      copy.set(data.subarray(dataOffset, dataOffset + count));
      return [copy, 0, undefined];
    }
    return [data, dataOffset, size];
  };
  const gpu = create([]);
  Object.defineProperty(globalThis, 'navigator', { value: { gpu, hardwareConcurrency: 16, userAgent: 'node' }, configurable: true });
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (adapter) {
    const probe = await adapter.requestDevice();
    const queueProto = Object.getPrototypeOf(probe.queue);
    const writeBuffer = queueProto.writeBuffer;
    queueProto.writeBuffer = function (buffer, offset, data, dataOffset, size) {
      const [d, o, n] = plain(data, dataOffset, size);
      return n === undefined ? writeBuffer.call(this, buffer, offset, d, o) : writeBuffer.call(this, buffer, offset, d, o, n);
    };
    probe.destroy();
  }
  adapterInfo = adapter ? { vendor: adapter.info.vendor, architecture: adapter.info.architecture, device: adapter.info.device, description: adapter.info.description, isFallbackAdapter: adapter.info.isFallbackAdapter ?? null } : null;
}

// 'webgpu': ORT's native WebGPU EP (asyncify build); 'jsep': the JS-side WebGPU EP (default build).
const build = arg('--build') ?? 'webgpu';
const ort = await import(pathToFileURL(join(ortDir, build === 'jsep' ? 'ort.bundle.min.mjs' : 'ort.webgpu.bundle.min.mjs')).href);
ort.env.wasm.wasmBinary = readFileSync(join(ortDir, build === 'jsep' ? 'ort-wasm-simd-threaded.jsep.wasm' : 'ort-wasm-simd-threaded.asyncify.wasm')).buffer;
ort.env.wasm.numThreads = 1;
const errors = [];

const models = JSON.parse(readFileSync(join(modelsDir, 'models.json'), 'utf8'));
const results = [];
for (const model of models) {
  const bytes = readFileSync(join(modelsDir, model.file));
  for (const ep of adapterInfo ? ['webgpu', 'wasm'] : ['wasm']) {
    let session;
    try {
      session = await ort.InferenceSession.create(bytes, { executionProviders: [ep] });
    } catch (error) {
      errors.push({ model: model.name, ep, error: String(error?.stack ?? error).slice(0, 600) });
      continue;
    }
    for (const batch of [1, 32, 256]) {
      const data = new Float32Array(batch * model.inputDim);
      for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 12.9898) * 0.5;
      const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [batch, model.inputDim]) };
      for (let w = 0; w < 5; w++) await session.run(feeds);
      let runs = 0;
      const start = performance.now();
      while (performance.now() - start < 2000) {
        await session.run(feeds);
        runs++;
      }
      const seconds = (performance.now() - start) / 1000;
      results.push({ model: model.name, batch, runtime: `node-ort-web-${build === 'jsep' && ep === 'webgpu' ? 'jsep-webgpu' : ep}`, items_per_s: Math.round((runs * batch) / seconds) });
    }
    await session.release();
  }
}
console.log(JSON.stringify({ adapter: adapterInfo, build, results, errors }, null, 2));
