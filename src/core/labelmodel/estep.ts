import type { VotePatterns } from './patterns';

/**
 * The E-step shared by the EM methods, the whole cost of their fits: for every vote pattern, the
 * class posterior from log-linear scores, then the expected counts of (source, vote, class). Classes
 * are padded to a multiple of four and handled four at a time in local variables, which runs about
 * twice as fast in V8 as a loop over k (measured: 1M patterns × 7 votes × 4 classes, 120 vs 240 ms).
 */
export interface EStep {
  k: number;
  /** k rounded up to a multiple of 4. */
  width: number;
  /** Log prior (+ abstain terms) per class; padded classes hold −Infinity so they get no mass. */
  base: Float64Array;
  /** Row (source * k + vote), column class: added to the score when the source casts that vote. */
  table: Float64Array;
  /** Output: expected number of items where the source cast the vote and the class is c. */
  voteClass: Float64Array;
  /** Output: expected number of items of class c. */
  classTotal: Float64Array;
}

export function createEStep(m: number, k: number): EStep {
  const width = Math.ceil(k / 4) * 4;
  const base = new Float64Array(width).fill(-Infinity);
  return {
    k,
    width,
    base,
    table: new Float64Array(m * k * width),
    voteClass: new Float64Array(m * k * width),
    classTotal: new Float64Array(width),
  };
}

/** Runs one E-step; returns the log-likelihood Σ_p weight_p · log Σ_c exp(score_pc). */
export function runEStep(step: EStep, patterns: VotePatterns, skipUncovered: boolean): number {
  const { width, base, table, voteClass, classTotal } = step;
  const { size, weight, start, code } = patterns;
  const posterior = new Float64Array(width);
  voteClass.fill(0);
  classTotal.fill(0);
  let logLikelihood = 0;
  for (let p = 0; p < size; p++) {
    const first = start[p];
    const end = start[p + 1];
    if (skipUncovered && end === first) continue;
    let top = -Infinity;
    for (let b = 0; b < width; b += 4) {
      let s0 = base[b];
      let s1 = base[b + 1];
      let s2 = base[b + 2];
      let s3 = base[b + 3];
      for (let e = first; e < end; e++) {
        const cell = code[e] * width + b;
        s0 += table[cell];
        s1 += table[cell + 1];
        s2 += table[cell + 2];
        s3 += table[cell + 3];
      }
      posterior[b] = s0;
      posterior[b + 1] = s1;
      posterior[b + 2] = s2;
      posterior[b + 3] = s3;
      top = Math.max(top, s0, s1, s2, s3);
    }
    let sum = 0;
    for (let c = 0; c < width; c++) {
      const x = Math.exp(posterior[c] - top);
      posterior[c] = x;
      sum += x;
    }
    const w = weight[p];
    logLikelihood += w * (top + Math.log(sum));
    const scale = w / sum;
    for (let b = 0; b < width; b += 4) {
      const q0 = posterior[b] * scale;
      const q1 = posterior[b + 1] * scale;
      const q2 = posterior[b + 2] * scale;
      const q3 = posterior[b + 3] * scale;
      classTotal[b] += q0;
      classTotal[b + 1] += q1;
      classTotal[b + 2] += q2;
      classTotal[b + 3] += q3;
      for (let e = first; e < end; e++) {
        const cell = code[e] * width + b;
        voteClass[cell] += q0;
        voteClass[cell + 1] += q1;
        voteClass[cell + 2] += q2;
        voteClass[cell + 3] += q3;
      }
    }
  }
  return logLikelihood;
}
