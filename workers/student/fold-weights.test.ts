import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { undoClassWeights } from '../../src/core/student/balance';
import { foldClassWeights } from './fold-weights';
import { buildModel } from '../../src/ml/student/model';
import { useNodeBackend } from '../../src/ml/student/node-backend';

beforeAll(async () => {
  await useNodeBackend('wasm');
});

describe('foldClassWeights', () => {
  it('makes the model itself output what undoClassWeights makes of its outputs', () => {
    const model = buildModel({ arch: 'mlp', inputShape: [5], k: 3, hidden: 4, seed: 3, name: 'fold' });
    const x = tf.tensor2d(Array.from({ length: 20 }, (_, i) => Math.sin(i + 1)), [4, 5]);
    const probsOf = () => {
      const [logits, probs] = model.predict(x) as tf.Tensor[];
      const out = Float32Array.from(probs.dataSync());
      logits.dispose();
      probs.dispose();
      return out;
    };
    const weights = [1, 4, 0.5];
    const expected = undoClassWeights(probsOf(), 3, weights);
    foldClassWeights(model, weights);
    const folded = probsOf();
    folded.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 5));
    expect(Array.from(folded)).not.toEqual(Array.from(expected.map(() => 1 / 3)));
    x.dispose();
    model.dispose();
  });
});
