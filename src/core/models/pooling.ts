/**
 * From a model's raw output to one vector per item: pooling of per-token outputs ([batch, sequence,
 * hidden]) and L2 normalisation, so that the dot product of stored vectors is their cosine similarity.
 */

/** Mean over the tokens whose mask is 1 ([batch, sequence] mask), or the first token ('cls'). */
export function poolTokens(hidden: Float32Array, dims: readonly number[], mask: Uint8Array | null, pooling: 'cls' | 'mean'): Float32Array {
  const [batch, sequence, width] = dims;
  const out = new Float32Array(batch * width);
  for (let b = 0; b < batch; b++) {
    if (pooling === 'cls') {
      out.set(hidden.subarray(b * sequence * width, b * sequence * width + width), b * width);
      continue;
    }
    let count = 0;
    for (let t = 0; t < sequence; t++) {
      if (mask && !mask[b * sequence + t]) continue;
      count++;
      const row = (b * sequence + t) * width;
      for (let h = 0; h < width; h++) out[b * width + h] += hidden[row + h];
    }
    if (count > 0) for (let h = 0; h < width; h++) out[b * width + h] /= count;
  }
  return out;
}

/** Scales each row of an n×width matrix to unit length, in place (an all-zero row stays zero). */
export function l2NormalizeRows(values: Float32Array, width: number): Float32Array {
  for (let at = 0; at < values.length; at += width) {
    let sum = 0;
    for (let j = 0; j < width; j++) sum += values[at + j] * values[at + j];
    if (sum > 0) {
      const scale = 1 / Math.sqrt(sum);
      for (let j = 0; j < width; j++) values[at + j] *= scale;
    }
  }
  return values;
}
