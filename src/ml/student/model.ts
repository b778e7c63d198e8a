import * as tfl from '@tensorflow/tfjs-layers';
import { SiftError } from '../../core/errors';

/**
 * The student architectures. Every initialiser is seeded (or zero), so the same spec builds the same
 * weights on every run. The model has two outputs, [logits, probabilities], like the built-in teachers:
 * training reads the logits, inference and export keep both.
 */
export type StudentArch = 'linear' | 'mlp' | 'cnn';
export const studentArchs: readonly StudentArch[] = ['linear', 'mlp', 'cnn'];

export interface ModelSpec {
  arch: StudentArch;
  /** One item's input: [dim] for linear/mlp; [height, width, channels] (NHWC) for cnn. */
  inputShape: number[];
  k: number;
  /** MLP hidden width, and the CNN's dense layer width. */
  hidden: number;
  seed: number;
  /** Name stored in model.json. */
  name: string;
}

export const CNN_FILTERS = [8, 16] as const;

export function buildModel(spec: ModelSpec): tfl.LayersModel {
  const { arch, inputShape, k, hidden, seed } = spec;
  if (!Number.isInteger(k) || k < 2) throw new SiftError('student/classes', `A student needs at least 2 classes; the dataset has ${k}.`);
  if (arch === 'cnn' && inputShape.length !== 3) {
    throw new SiftError('student/arch', `A CNN student needs image inputs (height × width × channels); these features are vectors of ${inputShape.join('×')}. Use a linear model or an MLP.`);
  }
  if (arch !== 'cnn' && inputShape.length !== 1) {
    throw new SiftError('student/arch', `A ${arch} student takes vectors; these inputs are ${inputShape.join('×')}.`);
  }
  const glorot = (offset: number) => tfl.initializers.glorotUniform({ seed: seed * 16 + offset });
  const input = tfl.input({ shape: inputShape, name: 'input' });
  let current = input;
  const layer = (l: tfl.layers.Layer) => (current = l.apply(current) as tfl.SymbolicTensor);
  if (arch === 'mlp') layer(tfl.layers.dense({ units: hidden, activation: 'relu', name: 'hidden_0', kernelInitializer: glorot(1) }));
  if (arch === 'cnn') {
    CNN_FILTERS.forEach((filters, i) => {
      layer(tfl.layers.conv2d({ filters, kernelSize: 3, padding: 'valid', activation: 'relu', name: `conv_${i}`, kernelInitializer: glorot(1 + i) }));
      layer(tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: 'valid', name: `pool_${i}` }));
    });
    layer(tfl.layers.flatten({ name: 'flatten' }));
    layer(tfl.layers.dense({ units: hidden, activation: 'relu', name: 'hidden_0', kernelInitializer: glorot(8) }));
  }
  // Softmax regression starts at zero (the convex optimum does not depend on it); deeper nets need symmetry broken.
  const logits = layer(tfl.layers.dense({ units: k, name: 'logits', kernelInitializer: arch === 'linear' ? 'zeros' : glorot(9) }));
  const probabilities = tfl.layers.softmax({ name: 'probabilities' }).apply(logits) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: [logits, probabilities], name: spec.name });
}

/** Weights that L2 regularisation applies to (kernels, not biases). */
export function kernelsOf(model: tfl.LayersModel) {
  return model.trainableWeights.filter((w) => w.name.includes('kernel'));
}
