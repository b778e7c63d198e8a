// Writes the models of the GPU comparison (bench/gpu/ort-webgpu-node.mjs) into a folder: the built-in
// spam teacher and a seeded 768→1024→1024→10 MLP, plus models.json describing their inputs.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlpToOnnx, type MlpLayer } from '../../src/core/models/onnx-write';
import { mulberry32 } from '../../src/core/random';

function layer(inputs: number, outputs: number, activation: MlpLayer['activation'], random: () => number): MlpLayer {
  const scale = Math.sqrt(2 / inputs);
  const weight = new Float32Array(inputs * outputs).map(() => (random() * 2 - 1) * scale);
  return { weight, bias: new Float32Array(outputs), inputs, outputs, activation };
}

export function makeBenchMlp(seed = 1): Uint8Array {
  const random = mulberry32(seed);
  return mlpToOnnx({ inputShape: ['batch', 768], layers: [layer(768, 1024, 'relu', random), layer(1024, 1024, 'relu', random), layer(1024, 10, 'linear', random)] });
}

const out = process.argv[2];
if (out) {
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'mlp-768-1024-1024-10.onnx'), makeBenchMlp());
  copyFileSync('models/builtin/youtube-spam-teacher/model.onnx', join(out, 'spam-teacher.onnx'));
  writeFileSync(
    join(out, 'models.json'),
    JSON.stringify([
      { name: 'youtube-spam-teacher', file: 'spam-teacher.onnx', inputDim: 4096 },
      { name: 'mlp-768-1024-1024-10', file: 'mlp-768-1024-1024-10.onnx', inputDim: 768 },
    ]),
  );
}
