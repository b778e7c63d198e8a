import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import * as ort from 'onnxruntime-web';
import { preprocessImageInto, resolveImagePreprocessing } from '../../src/core/features/image';
import { decodeGrayPng } from '../../models/build/png';

/** What a digit student reads and its card will say: 28×28 gray, NHWC, scaled to [0, 1]. */
export const DIGIT_PIXELS = resolveImagePreprocessing({ width: 28, height: 28, channels: 1, layout: 'NHWC', resize: 'area', scale: 1 / 255, mean: [0], std: [1], background: 0 });

/** The 2,000 MNIST sample digits (public/sample/mnist) as n × 784 pixels and their labels, in id order. */
export function loadDigitSample(root: string): { x: Float32Array; labels: Int16Array } {
  const entries = unzipSync(new Uint8Array(readFileSync(join(root, 'public/sample/mnist/mnist-2000.zip'))));
  const rows = new TextDecoder().decode(entries['labels.csv']).trim().split('\n').slice(1);
  const x = new Float32Array(rows.length * 784);
  const labels = new Int16Array(rows.length);
  rows.forEach((line, i) => {
    const [, file, label] = line.split(',');
    preprocessImageInto(decodeGrayPng(entries[file], file), DIGIT_PIXELS, x, i * 784);
    labels[i] = Number(label);
  });
  return { x, labels };
}

/** The built-in digit teacher's probabilities (n × 10) for n × 784 pixels. */
export async function digitTeacherProbs(root: string, x: Float32Array, n: number): Promise<Float32Array> {
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(join(root, 'models/builtin/mnist-digit-teacher/model.onnx'))));
  // The teacher's card wants NCHW; with one channel that is the same memory as NHWC.
  const out = await session.run({ input: new ort.Tensor('float32', x, [n, 1, 28, 28]) });
  return out.probabilities.data as Float32Array;
}
