import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/**
 * Folds `undoClassWeights` into the model: a class-weighted loss makes the logits estimate
 * log p_c + log w_c, so subtracting log w_c from the output bias gives the data's own probabilities
 * from the model itself. Then the stored outputs, the exported model and any later inference agree.
 */
export function foldClassWeights(model: tfl.LayersModel, classWeights: ArrayLike<number>): void {
  if (Array.from(classWeights).every((w) => w === 1)) return;
  const layer = model.getLayer('logits');
  const [kernel, bias] = layer.getWeights();
  const shift = tf.tensor1d(Array.from(classWeights, (w) => Math.log(w)));
  const adjusted = tf.sub(bias, shift);
  layer.setWeights([kernel, adjusted]);
  shift.dispose();
  adjusted.dispose();
}
