import type { SparseFeatures } from './features';

/**
 * Training of linear and MLP students on sparse (hashed n-gram) inputs in plain typed-array code. The
 * TF.js path spent nearly all of an MLP step outside the arithmetic that matters: copying the 16,384×64
 * kernel out of WASM, a dense 4 MB gradient tensor per batch, and Adam as ~10 separate kernels that
 * each allocate a 4 MB tensor. Here the forward and backward passes touch only the batch's non-zeros,
 * the first layer's gradient is accumulated in one reused buffer (only the rows the batch touched are
 * cleared again), and Adam is one fused loop. The arithmetic is TF.js's own, so results agree with the
 * TF.js path to float rounding (checked in src/ml/student/sparse-engine.test.ts): the same loss
 * (α·T²·KL + (1−α)·CE, item weights, L2 on kernels) and Adam (β₁ 0.9, β₂ 0.999, ε 1e-7, bias-corrected).
 */
export interface EngineWeights {
  /** Dense layers in order: kernel [in × out] row-major (TF.js's layout) and bias [out]. */
  layers: { kernel: Float32Array; bias: Float32Array; inputs: number; outputs: number }[];
}

export interface EngineBatch {
  /** Dataset rows of the batch's items. */
  rows: Uint32Array;
  size: number;
  /** size × k soft targets, hard one-hot targets and item weights. */
  soft: Float32Array;
  hard: Float32Array;
  weight: Float32Array;
  batchWeight: number;
}

export interface EngineOptions {
  k: number;
  temperature: number;
  alpha: number;
  learningRate: number;
  l2: number;
  maxBatch: number;
  /**
   * 'dense' (default): Adam on every first-layer weight each step, as TF.js does. 'lazy': only the rows
   * of features present in the batch (TF's LazyAdam, PyTorch's SparseAdam): a step then costs the
   * batch's non-zeros, not 16,384×hidden; moments and L2 of absent rows wait until they appear.
   */
  firstLayer?: 'dense' | 'lazy';
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class SparseEngine {
  readonly weights: EngineWeights;
  private readonly features: SparseFeatures;
  private readonly options: EngineOptions;
  private readonly grads: { kernel: Float32Array; bias: Float32Array }[];
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private accBeta1 = 1;
  private accBeta2 = 1;
  /** Pre-activations and activations of the hidden layer (MLP), logits, and their gradient: maxBatch rows each. */
  private readonly hiddenPre: Float32Array;
  private readonly hidden: Float32Array;
  private readonly logits: Float32Array;
  private readonly dLogits: Float32Array;
  private readonly dHidden: Float32Array;
  private readonly pT: Float32Array;
  private readonly p1: Float32Array;
  /** First-layer rows with a non-zero data gradient in this step (their gradient rows are cleared after). */
  private readonly touched: Uint8Array;
  private touchedList: Int32Array;

  constructor(features: SparseFeatures, weights: EngineWeights, options: EngineOptions) {
    if (weights.layers.length < 1 || weights.layers.length > 2) throw new Error(`The sparse engine trains 1 or 2 dense layers; got ${weights.layers.length}.`);
    this.features = features;
    this.weights = weights;
    this.options = options;
    this.grads = weights.layers.map((l) => ({ kernel: new Float32Array(l.kernel.length), bias: new Float32Array(l.bias.length) }));
    this.m = weights.layers.flatMap((l) => [new Float32Array(l.kernel.length), new Float32Array(l.bias.length)]);
    this.v = weights.layers.flatMap((l) => [new Float32Array(l.kernel.length), new Float32Array(l.bias.length)]);
    const first = weights.layers[0];
    const { maxBatch, k } = options;
    this.hiddenPre = new Float32Array(weights.layers.length === 2 ? maxBatch * first.outputs : 0);
    this.hidden = new Float32Array(this.hiddenPre.length);
    this.dHidden = new Float32Array(this.hiddenPre.length);
    this.logits = new Float32Array(maxBatch * k);
    this.dLogits = new Float32Array(maxBatch * k);
    this.pT = new Float32Array(k);
    this.p1 = new Float32Array(k);
    this.touched = new Uint8Array(first.inputs);
    this.touchedList = new Int32Array(1024);
  }

  /** Logits of `size` rows into this.logits (and the hidden activations, for the backward pass). */
  private forward(rows: ArrayLike<number>, from: number, size: number): Float32Array {
    const { rowStart, indices, values } = this.features;
    const [first, second] = this.weights.layers;
    const width = first.outputs;
    const pre = second ? this.hiddenPre : this.logits;
    const w1 = first.kernel;
    for (let r = 0; r < size; r++) {
      const base = r * width;
      pre.set(first.bias, base);
      const row = rows[from + r];
      for (let e = rowStart[row]; e < rowStart[row + 1]; e++) {
        const value = values[e];
        const at = indices[e] * width;
        for (let c = 0; c < width; c++) pre[base + c] += value * w1[at + c];
      }
    }
    if (!second) return this.logits;
    const k = second.outputs;
    const w2 = second.kernel;
    for (let r = 0; r < size; r++) {
      const hBase = r * width;
      const zBase = r * k;
      for (let c = 0; c < width; c++) this.hidden[hBase + c] = pre[hBase + c] > 0 ? pre[hBase + c] : 0;
      for (let j = 0; j < k; j++) this.logits[zBase + j] = second.bias[j];
      for (let c = 0; c < width; c++) {
        const h = this.hidden[hBase + c];
        if (h === 0) continue;
        const at = c * k;
        for (let j = 0; j < k; j++) this.logits[zBase + j] += h * w2[at + j];
      }
    }
    return this.logits;
  }

  /** Softmax of `z[base .. base+k)` divided by `t`, into out; returns log Σ exp (of the scaled, shifted logits). */
  private static softmax(z: Float32Array, base: number, k: number, t: number, out: Float32Array): number {
    let max = -Infinity;
    for (let j = 0; j < k; j++) max = Math.max(max, z[base + j] / t);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const e = Math.exp(z[base + j] / t - max);
      out[j] = e;
      sum += e;
    }
    for (let j = 0; j < k; j++) out[j] /= sum;
    return Math.log(sum) + max;
  }

  /** One Adam step on a batch; returns the batch's loss (weighted mean + L2), as the TF.js path reports it. */
  step(batch: EngineBatch): number {
    const { k, temperature: T, alpha, l2 } = this.options;
    const { rows, size, soft, hard, weight, batchWeight } = batch;
    const logits = this.forward(rows, 0, size);
    let loss = 0;
    const dz = this.dLogits;
    for (let r = 0; r < size; r++) {
      const base = r * k;
      const scale = weight[r] / batchWeight;
      let perItem = 0;
      for (let j = 0; j < k; j++) dz[base + j] = 0;
      if (alpha > 0) {
        const logSumT = SparseEngine.softmax(logits, base, k, T, this.pT);
        let kl = 0;
        let qSum = 0;
        for (let j = 0; j < k; j++) {
          const q = soft[base + j];
          qSum += q;
          kl += q * (Math.log(Math.max(q, 1e-12)) - (logits[base + j] / T - logSumT));
        }
        perItem += alpha * T * T * kl;
        // d/dz of α·T²·KL = α·T·(softmax(z/T)·Σq − q).
        for (let j = 0; j < k; j++) dz[base + j] += scale * alpha * T * (this.pT[j] * qSum - soft[base + j]);
      }
      if (alpha < 1) {
        const logSum = SparseEngine.softmax(logits, base, k, 1, this.p1);
        let ce = 0;
        let hSum = 0;
        for (let j = 0; j < k; j++) {
          const h = hard[base + j];
          hSum += h;
          ce -= h * (logits[base + j] - logSum);
        }
        perItem += (1 - alpha) * ce;
        for (let j = 0; j < k; j++) dz[base + j] += scale * (1 - alpha) * (this.p1[j] * hSum - hard[base + j]);
      }
      loss += perItem * weight[r];
    }
    loss /= batchWeight;
    this.backward(rows, size);
    // The L2 term is summed over the weights as they were before the step, inside the update's own pass.
    return loss + l2 * this.adam();
  }

  private markTouched(row: number, count: number): number {
    if (this.touched[row]) return count;
    this.touched[row] = 1;
    if (count === this.touchedList.length) {
      const grown = new Int32Array(count * 2);
      grown.set(this.touchedList);
      this.touchedList = grown;
    }
    this.touchedList[count] = row;
    return count + 1;
  }

  private touchedCount = 0;
  private lazySquares: number | null = null;

  private backward(rows: Uint32Array, size: number): void {
    const { k } = this.options;
    const { rowStart, indices, values } = this.features;
    const [first, second] = this.weights.layers;
    const [g1, g2] = this.grads;
    let dFirst = this.dLogits;
    const width = first.outputs;
    if (second) {
      // Second layer: dW2 = hiddenᵀ·dz, db2 = Σ dz; then dz·W2ᵀ through the ReLU.
      g2.kernel.fill(0);
      g2.bias.fill(0);
      for (let r = 0; r < size; r++) {
        const hBase = r * width;
        const zBase = r * k;
        for (let j = 0; j < k; j++) g2.bias[j] += this.dLogits[zBase + j];
        for (let c = 0; c < width; c++) {
          const h = this.hidden[hBase + c];
          let back = 0;
          const at = c * k;
          for (let j = 0; j < k; j++) {
            if (h !== 0) g2.kernel[at + j] += h * this.dLogits[zBase + j];
            back += this.dLogits[zBase + j] * second.kernel[at + j];
          }
          this.dHidden[hBase + c] = this.hiddenPre[hBase + c] > 0 ? back : 0;
        }
      }
      dFirst = this.dHidden;
    }
    g1.bias.fill(0);
    let count = 0;
    for (let r = 0; r < size; r++) {
      const base = r * width;
      for (let c = 0; c < width; c++) g1.bias[c] += dFirst[base + c];
      const row = rows[r];
      for (let e = rowStart[row]; e < rowStart[row + 1]; e++) {
        const value = values[e];
        const feature = indices[e];
        count = this.markTouched(feature, count);
        const at = feature * width;
        for (let c = 0; c < width; c++) g1.kernel[at + c] += value * dFirst[base + c];
      }
    }
    this.touchedCount = count;
  }

  /** Applies the step; returns Σ kernel² before it. */
  private adam(): number {
    const { learningRate: lr, l2 } = this.options;
    this.accBeta1 *= BETA1;
    this.accBeta2 *= BETA2;
    const c1 = 1 - this.accBeta1;
    const c2 = 1 - this.accBeta2;
    let squares = 0;
    const lazy = this.options.firstLayer === 'lazy';
    this.weights.layers.forEach((layer, l) => {
      const grad = this.grads[l];
      if (l === 0 && lazy) {
        // Σ w² of the whole layer is kept up to date row by row, so the step stays sparse.
        const width = layer.outputs;
        this.lazySquares ??= sumSquares(layer.kernel, 0, layer.kernel.length);
        squares += this.lazySquares;
        for (let t = 0; t < this.touchedCount; t++) {
          const from = this.touchedList[t] * width;
          this.lazySquares -= update(layer.kernel, grad.kernel, this.m[0], this.v[0], from, from + width, 2 * l2, lr, c1, c2);
          this.lazySquares += sumSquares(layer.kernel, from, from + width);
        }
      } else squares += update(layer.kernel, grad.kernel, this.m[2 * l], this.v[2 * l], 0, layer.kernel.length, 2 * l2, lr, c1, c2);
      update(layer.bias, grad.bias, this.m[2 * l + 1], this.v[2 * l + 1], 0, layer.bias.length, 0, lr, c1, c2);
    });
    // Clear only the first-layer gradient rows this batch wrote.
    const g1 = this.grads[0].kernel;
    const width = this.weights.layers[0].outputs;
    for (let t = 0; t < this.touchedCount; t++) {
      const row = this.touchedList[t];
      this.touched[row] = 0;
      g1.fill(0, row * width, (row + 1) * width);
    }
    this.touchedCount = 0;
    return squares;
  }

  /** Softmax probabilities (rows.length × k) of the current weights. */
  predict(rows: ArrayLike<number>): Float32Array {
    const { k, maxBatch } = this.options;
    const out = new Float32Array(rows.length * k);
    const p = new Float32Array(k);
    for (let from = 0; from < rows.length; from += maxBatch) {
      const size = Math.min(maxBatch, rows.length - from);
      const logits = this.forward(rows, from, size);
      for (let r = 0; r < size; r++) {
        SparseEngine.softmax(logits, r * k, k, 1, p);
        out.set(p, (from + r) * k);
      }
    }
    return out;
  }

  snapshot(): Float32Array[] {
    return this.weights.layers.flatMap((l) => [l.kernel.slice(), l.bias.slice()]);
  }

  restore(saved: Float32Array[]): void {
    this.lazySquares = null;
    this.weights.layers.forEach((l, i) => {
      l.kernel.set(saved[2 * i]);
      l.bias.set(saved[2 * i + 1]);
    });
  }
}

/**
 * Adam on one weight array, with the L2 gradient (decay·w) added to every entry; returns Σ w² before
 * the step. One pass, no allocation: on an MLP's 16,384×64 first layer this loop is most of a step.
 */
function update(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, from: number, to: number, decay: number, lr: number, c1: number, c2: number): number {
  const a1 = 1 - BETA1;
  const a2 = 1 - BETA2;
  const step = lr / c1;
  const unbias = 1 / c2;
  let squares = 0;
  for (let i = from; i < to; i++) {
    const wi = w[i];
    squares += wi * wi;
    const grad = g[i] + decay * wi;
    const mi = BETA1 * m[i] + a1 * grad;
    const vi = BETA2 * v[i] + a2 * grad * grad;
    m[i] = mi;
    v[i] = vi;
    w[i] = wi - (step * mi) / (Math.sqrt(vi * unbias) + EPSILON);
  }
  return squares;
}

function sumSquares(w: Float32Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += w[i] * w[i];
  return s;
}
