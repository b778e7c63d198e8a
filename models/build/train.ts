/**
 * Deterministic training of a small softmax classifier (no hidden layer = multinomial logistic regression,
 * or an MLP) with TF.js layers on the CPU backend: zero or seeded initialisation, a seeded shuffle per
 * epoch, Adam, L2 on kernels. Same data and options → same weights on the same Node/V8.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import type { MlpLayer } from '../../src/core/models/onnx-write';
import { seededRandom, shuffled } from './data';

export interface TrainOptions {
  /** Hidden layer widths (ReLU); [] for logistic regression. */
  hidden: number[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Model name inside model.json (TF.js numbers unnamed models per process). */
  name: string;
}

export interface Trained {
  /** Outputs [logits, probabilities], input named 'input'. */
  model: tfl.LayersModel;
  lossPerEpoch: number[];
}

export const TFJS_VERSION = tf.version_core;

let backendReady: Promise<boolean> | null = null;

export function cpuBackend(): Promise<boolean> {
  backendReady ??= tf.setBackend('cpu');
  return backendReady;
}

/** `x` is row-major [n, prod(inputShape)]; `y` holds class indices. */
export async function trainClassifier(x: Float32Array, y: Int32Array, inputShape: number[], classes: number, options: TrainOptions): Promise<Trained> {
  await cpuBackend();
  const width = inputShape.reduce((a, b) => a * b, 1);
  const n = y.length;
  if (x.length !== n * width) throw new Error(`trainClassifier: ${x.length} values for ${n} rows of ${width}`);
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let current: tfl.SymbolicTensor = inputShape.length > 1 ? (tfl.layers.flatten({ name: 'flatten' }).apply(input) as tfl.SymbolicTensor) : input;
  options.hidden.forEach((units, i) => {
    current = tfl.layers
      .dense({ units, activation: 'relu', name: `hidden_${i}`, kernelInitializer: tfl.initializers.glorotUniform({ seed: options.seed + i }), kernelRegularizer: tfl.regularizers.l2({ l2: options.l2 }) })
      .apply(current) as tfl.SymbolicTensor;
  });
  const logits = tfl.layers.dense({ units: classes, name: 'logits', kernelInitializer: 'zeros', kernelRegularizer: tfl.regularizers.l2({ l2: options.l2 }) }).apply(current) as tfl.SymbolicTensor;
  const probabilities = tfl.layers.softmax({ name: 'probabilities' }).apply(logits) as tfl.SymbolicTensor;
  const trainModel = tfl.model({ inputs: input, outputs: probabilities, name: `${options.name}_train` });
  trainModel.compile({ optimizer: tf.train.adam(options.learningRate), loss: 'categoricalCrossentropy' });

  const random = seededRandom(options.seed);
  const order = Array.from({ length: n }, (_, i) => i);
  const lossPerEpoch: number[] = [];
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const rows = shuffled(order, random);
    let lossSum = 0;
    for (let start = 0; start < n; start += options.batchSize) {
      const batch = rows.slice(start, start + options.batchSize);
      const xb = new Float32Array(batch.length * width);
      const yb = new Float32Array(batch.length * classes);
      batch.forEach((row, i) => {
        xb.set(x.subarray(row * width, (row + 1) * width), i * width);
        yb[i * classes + y[row]] = 1;
      });
      const xs = tf.tensor(xb, [batch.length, ...inputShape]);
      const ys = tf.tensor2d(yb, [batch.length, classes]);
      const loss = (await trainModel.trainOnBatch(xs, ys)) as number;
      lossSum += loss * batch.length;
      xs.dispose();
      ys.dispose();
    }
    lossPerEpoch.push(lossSum / n);
  }
  const model = tfl.model({ inputs: input, outputs: [logits, probabilities], name: options.name });
  return { model, lossPerEpoch };
}

/** Runs the model; returns [logits, probabilities] as row-major arrays. */
export async function predict(model: tfl.LayersModel, x: Float32Array, inputShape: number[]): Promise<[Float32Array, Float32Array]> {
  await cpuBackend();
  const width = inputShape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(x, [x.length / width, ...inputShape]);
  const outputs = model.predict(xs) as tf.Tensor[];
  const result = (await Promise.all(outputs.map((t) => t.data()))) as Float32Array[];
  xs.dispose();
  outputs.forEach((t) => t.dispose());
  return [result[0], result[1]];
}

/** The Dense layers as ONNX MLP layers (kernels are [in, out], as MatMul wants). */
export function denseLayers(model: tfl.LayersModel): MlpLayer[] {
  return model.layers
    .filter((layer) => layer.getClassName() === 'Dense')
    .map((layer) => {
      const [kernel, bias] = layer.getWeights();
      const config = layer.getConfig() as { activation?: string };
      return {
        weight: kernel.dataSync() as Float32Array,
        bias: bias.dataSync() as Float32Array,
        inputs: kernel.shape[0]!,
        outputs: kernel.shape[1]!,
        activation: config.activation === 'relu' ? 'relu' : 'linear',
      };
    });
}
