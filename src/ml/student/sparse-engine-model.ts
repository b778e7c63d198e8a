import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EngineWeights } from '../../core/student/sparse-engine';

/**
 * Moves a linear or MLP student's Dense weights between its TF.js model and the sparse engine: the
 * model builds (and seeds) the initial weights and is what gets saved, exported and predicted with.
 */
type DenseLayer = tfl.layers.Layer & { kernel: tf.Variable | { read(): tf.Tensor }; bias: { read(): tf.Tensor } | null };

function denseLayers(model: tfl.LayersModel): DenseLayer[] {
  return model.layers.filter((layer) => layer.getClassName() === 'Dense') as DenseLayer[];
}

export function engineWeightsOf(model: tfl.LayersModel): EngineWeights {
  return {
    layers: denseLayers(model).map((layer) => {
      const kernel = (layer.kernel as { read(): tf.Tensor }).read();
      const [inputs, outputs] = kernel.shape as [number, number];
      const bias = layer.bias ? (layer.bias.read().dataSync() as Float32Array).slice() : new Float32Array(outputs);
      return { kernel: (kernel.dataSync() as Float32Array).slice(), bias, inputs, outputs };
    }),
  };
}

export function setEngineWeights(model: tfl.LayersModel, weights: EngineWeights): void {
  denseLayers(model).forEach((layer, i) => {
    const { kernel, bias, inputs, outputs } = weights.layers[i];
    const values = [tf.tensor2d(kernel, [inputs, outputs]), tf.tensor1d(bias)];
    layer.setWeights(layer.bias ? values : values.slice(0, 1));
    values.forEach((t) => t.dispose());
  });
}
