import { SiftError } from '../errors';
import { featureWidth, type FeatureMatrix } from '../student/features';

/**
 * Inner products between rows of a student's feature matrix without making it dense: text features
 * are 16k-wide hashed n-grams with a few hundred non-zeros, so one row is scattered into a dense
 * buffer and every other row is dotted against it through its own non-zeros. Float64 sums, so a
 * distance built from ‖a‖² + ‖b‖² − 2⟨a, b⟩ does not lose the small differences it is made of.
 */
export class FeatureDots {
  readonly width: number;
  private readonly buffer: Float64Array;
  private loaded = -1;

  constructor(private readonly features: FeatureMatrix) {
    this.width = featureWidth(features);
    this.buffer = new Float64Array(features.kind === 'sparse' ? this.width : 0);
  }

  get rows(): number {
    return this.features.n;
  }

  /** ‖h_i‖² for every row i < count. */
  squaredNorms(count: number): Float64Array {
    this.checkRows(count);
    const out = new Float64Array(count);
    const f = this.features;
    for (let i = 0; i < count; i++) {
      let s = 0;
      if (f.kind === 'sparse') for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) s += f.values[e] * f.values[e];
      else for (let j = i * this.width; j < (i + 1) * this.width; j++) s += f.values[j] * f.values[j];
      out[i] = s;
    }
    return out;
  }

  /** out[i] = ⟨h_i, h_centre⟩ for every row i < out.length. */
  dotsWith(centre: number, out: Float64Array): Float64Array {
    this.checkRows(out.length);
    if (centre < 0 || centre >= this.features.n) throw new SiftError('review/feature-row', `Row ${centre} is outside the ${this.features.n} feature rows.`);
    const f = this.features;
    if (f.kind === 'dense') {
      const w = this.width;
      for (let i = 0; i < out.length; i++) {
        let s = 0;
        for (let j = 0; j < w; j++) s += f.values[i * w + j] * f.values[centre * w + j];
        out[i] = s;
      }
      return out;
    }
    this.load(centre);
    for (let i = 0; i < out.length; i++) {
      let s = 0;
      for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) s += f.values[e] * this.buffer[f.indices[e]];
      out[i] = s;
    }
    return out;
  }

  /** out[t] = ⟨h_rows[t], h_centre⟩: the same sums as dotsWith, for a few rows only. */
  dotsWithRows(centre: number, rows: readonly number[], out: Float64Array): Float64Array {
    const f = this.features;
    if (centre < 0 || centre >= f.n) throw new SiftError('review/feature-row', `Row ${centre} is outside the ${f.n} feature rows.`);
    if (f.kind === 'sparse') this.load(centre);
    for (let t = 0; t < rows.length; t++) {
      const i = rows[t];
      let s = 0;
      if (f.kind === 'dense') for (let j = 0; j < this.width; j++) s += f.values[i * this.width + j] * f.values[centre * this.width + j];
      else for (let e = f.rowStart[i]; e < f.rowStart[i + 1]; e++) s += f.values[e] * this.buffer[f.indices[e]];
      out[t] = s;
    }
    return out;
  }

  /** Scatters one sparse row into the dense buffer, clearing the previous one through its own non-zeros. */
  private load(row: number): void {
    if (this.loaded === row) return;
    const f = this.features as Extract<FeatureMatrix, { kind: 'sparse' }>;
    if (this.loaded >= 0) for (let e = f.rowStart[this.loaded]; e < f.rowStart[this.loaded + 1]; e++) this.buffer[f.indices[e]] = 0;
    for (let e = f.rowStart[row]; e < f.rowStart[row + 1]; e++) this.buffer[f.indices[e]] += f.values[e];
    this.loaded = row;
  }

  private checkRows(count: number): void {
    if (count > this.features.n) throw new SiftError('review/features', `The pool has ${count} items but the features only ${this.features.n} rows.`);
  }
}
