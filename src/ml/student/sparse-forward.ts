import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { SparseFeatures } from '../../core/student/features';

/**
 * The first Dense layer of a text student, computed from the sparse features directly. Hashed n-gram
 * rows have ~1–3 % non-zeros, so x·W and its weight gradient xᵀ·dy cost nnz×width instead of
 * dim×width: on WASM a batch of 32 × 16,384 went from ~25 ms (dense matmuls, dx included) to well under
 * one. The layer's weights stay the model's own variables, so the saved/exported model is unchanged;
 * only how the training and inference steps reach them differs.
 */
export interface SparseBatch {
  rows: number;
  /** Local CSR: row r is entries rowStart[r] .. rowStart[r + 1]. */
  rowStart: Uint32Array;
  indices: Int32Array;
  values: Float32Array;
}

export function sparseBatch(features: SparseFeatures, rows: ArrayLike<number>, from: number, to: number): SparseBatch {
  const count = to - from;
  const rowStart = new Uint32Array(count + 1);
  let nnz = 0;
  for (let r = 0; r < count; r++) {
    const row = rows[from + r];
    nnz += features.rowStart[row + 1] - features.rowStart[row];
    rowStart[r + 1] = nnz;
  }
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  for (let r = 0; r < count; r++) {
    const row = rows[from + r];
    const start = features.rowStart[row];
    const end = features.rowStart[row + 1];
    indices.set(features.indices.subarray(start, end), rowStart[r]);
    values.set(features.values.subarray(start, end), rowStart[r]);
  }
  return { rows: count, rowStart, indices, values };
}

/** batch (rows × dim, sparse) · w (dim × width), with the gradient for w only (the input is data). */
export function sparseMatMul(batch: SparseBatch, w: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad(((weight: tf.Tensor, save: tf.GradSaveFunc) => {
    save([weight]);
    const width = weight.shape[1]!;
    const wData = weight.dataSync() as Float32Array;
    const out = new Float32Array(batch.rows * width);
    for (let r = 0; r < batch.rows; r++) {
      const base = r * width;
      for (let e = batch.rowStart[r]; e < batch.rowStart[r + 1]; e++) {
        const v = batch.values[e];
        const from = batch.indices[e] * width;
        for (let c = 0; c < width; c++) out[base + c] += v * wData[from + c];
      }
    }
    return {
      value: tf.tensor2d(out, [batch.rows, width]),
      gradFunc: (dy: tf.Tensor) => {
        const dyData = dy.dataSync() as Float32Array;
        const dw = new Float32Array(weight.shape[0]! * width);
        for (let r = 0; r < batch.rows; r++) {
          const base = r * width;
          for (let e = batch.rowStart[r]; e < batch.rowStart[r + 1]; e++) {
            const v = batch.values[e];
            const to = batch.indices[e] * width;
            for (let c = 0; c < width; c++) dw[to + c] += v * dyData[base + c];
          }
        }
        return [tf.tensor2d(dw, weight.shape as [number, number])];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return op(w) as tf.Tensor2D;
}

type DenseLayer = tfl.layers.Layer & { kernel: { read(): tf.Tensor }; bias: { read(): tf.Tensor } | null };

/** Logits of a linear or MLP student for a sparse batch: sparse first layer, the others as usual. */
export function sparseLogits(model: tfl.LayersModel, batch: SparseBatch): tf.Tensor2D {
  const dense = model.layers.filter((layer) => layer.getClassName() === 'Dense') as DenseLayer[];
  const [first, ...rest] = dense;
  let h: tf.Tensor = sparseMatMul(batch, first.kernel.read() as tf.Tensor2D);
  if (first.bias) h = tf.add(h, first.bias.read());
  if ((first.getConfig() as { activation?: string }).activation === 'relu') h = tf.relu(h);
  for (const layer of rest) h = layer.apply(h) as tf.Tensor;
  return h as tf.Tensor2D;
}

/**
 * Whether a model takes the sparse path: sparse (text) features into a Dense first layer, on the
 * backends whose tensors JS can read without a GPU round trip.
 */
export function usesSparsePath(features: { kind: string }, model: tfl.LayersModel): boolean {
  const backend = tf.getBackend();
  return features.kind === 'sparse' && (backend === 'wasm' || backend === 'cpu') && !model.layers.some((layer) => layer.getClassName() === 'Conv2D');
}
