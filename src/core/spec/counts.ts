import { applyCalibrator } from '../calibration/index';
import { SiftError } from '../errors';
import { fitPatterns } from '../labelmodel/fit';
import { compressVotes, type VotePatterns } from '../labelmodel/patterns';
import { predict } from '../labelmodel/predict';
import { TIE_TOLERANCE } from '../labelmodel/decide';
import type { Decision } from '../labelmodel/decision';
import type { FitOptions, LabelModelParams, MethodName } from '../labelmodel/types';
import { sha1Mod } from '../sha1';
import { paramsFromSpec } from './params';
import type { PipelineSpec } from './types';

/** Distinct vote rows (row-major size×m) with how many items share each: what a GROUP BY returns. */
export interface PatternCounts {
  m: number;
  k: number;
  size: number;
  votes: Int8Array;
  counts: Float64Array;
}

/**
 * The VotePatterns compressVotes would make from the items themselves: same patterns, same canonical
 * order (it depends only on the set of rows), so a fit on SQL counts is bit-identical to the app's.
 */
export function patternsFromCounts(p: PatternCounts): VotePatterns {
  const { m, k, size } = p;
  const patterns = compressVotes({ n: size, m, k, votes: p.votes });
  if (patterns.size !== size) throw new SiftError('counts-duplicate', `The counts list ${size} rows but only ${patterns.size} distinct vote patterns: each pattern must appear once.`);
  const countOf = new Map<string, number>();
  for (let r = 0; r < size; r++) countOf.set(p.votes.subarray(r * m, (r + 1) * m).join(','), p.counts[r]);
  const row = new Int8Array(m);
  let n = 0;
  for (let q = 0; q < size; q++) {
    row.fill(-1);
    for (let e = patterns.start[q]; e < patterns.start[q + 1]; e++) {
      const code = patterns.code[e];
      row[Math.floor(code / k)] = code % k;
    }
    const count = countOf.get(row.join(','))!;
    if (!Number.isInteger(count) || count < 1 || count > 0xffffffff) throw new SiftError('counts-invalid', `A vote pattern has count ${count}; counts must be whole numbers ≥ 1.`);
    patterns.weight[q] = count;
    n += count;
  }
  return { ...patterns, n };
}

export interface CountsFit {
  params: LabelModelParams;
  /** 'refit': fitted on these counts; 'spec': the spec's fitted parameters, applied as they are. */
  from: 'refit' | 'spec';
}

/** Fits the spec's label model on pattern counts, or takes its stored parameters. */
export function fitCounts(spec: PipelineSpec, counts: PatternCounts, use: 'refit' | 'spec', method?: MethodName): CountsFit {
  const lm = spec.labelModel;
  if (use === 'spec') {
    if (!lm?.params) throw new SiftError('spec-no-params', 'The spec holds no fitted label-model parameters; refit on the counts instead.');
    const ids = spec.lfs.map((lf) => lf.id).join(',');
    if (lm.sources.join(',') !== ids) {
      throw new SiftError('spec-params-sources', `The spec's label model was fitted on sources [${lm.sources.join(', ')}], but its portable LFs are [${ids}]: its parameters cannot be applied here; refit on the counts.`);
    }
    return { params: paramsFromSpec(lm.params), from: 'spec' };
  }
  const chosen = method ?? lm?.method;
  if (!chosen) throw new SiftError('spec-no-method', 'The spec names no label-model method: pass one (--method).');
  const options: FitOptions = { seed: lm?.seed ?? 0, ties: lm?.ties ?? 'random' };
  // A prior taken from dev labels travels in the parameters: the counts carry no labels to redo it.
  if (lm?.prior === 'dev' && lm.params) options.classPrior = lm.params.prior;
  return { params: fitPatterns(patternsFromCounts(counts), chosen, options), from: 'refit' };
}

export interface PatternLabels {
  /** size×k, calibrated when the spec carries a calibration. */
  probs: Float32Array;
  /** Top class; −1 where a threshold is not met, or where the top classes tie (breakTie with the item's key decides those). */
  label: Int16Array;
  confidence: Float32Array;
  covered: Uint8Array;
  /** Bit c set when class c ties for the top (only where two or more do): the item's key breaks it. */
  tiedMask: Uint32Array;
}

/**
 * The spec's stored decision when it was tuned for this label model (the spec's own method), else none:
 * a threshold tuned for one method's outputs means nothing for another's (`--method` override).
 */
export function specDecision(spec: PipelineSpec, params: LabelModelParams): Decision | null {
  return spec.decision && spec.labelModel?.method === params.method ? spec.decision : null;
}

/**
 * Probabilities and labels per pattern, computed once and joined back to every row that has it. With a
 * stored decision the labels are the app's label-model labels: that decision on the raw outputs (ties of
 * weighted scores broken per item), calibrated probabilities beside them; without one, the calibrated argmax.
 */
export function labelPatterns(spec: PipelineSpec, params: LabelModelParams, counts: PatternCounts): PatternLabels {
  const { m, k, size } = counts;
  const prediction = predict(params, { n: size, m, k, votes: counts.votes });
  const probs = spec.calibration ? applyCalibrator({ n: size, k, probs: prediction.probs }, spec.calibration) : prediction.probs;
  const decision = specDecision(spec, params);
  const scores = decision ? decisionScores(prediction.probs, k, decision) : probs;
  const label = new Int16Array(size);
  const confidence = new Float32Array(size);
  const tiedMask = new Uint32Array(size);
  for (let q = 0; q < size; q++) {
    const row = q * k;
    let best = 0;
    for (let c = 1; c < k; c++) if (scores[row + c] > scores[row + best]) best = c;
    let ties = 0;
    let mask = 0;
    for (let c = 0; c < k; c++) {
      if (scores[row + best] - scores[row + c] < TIE_TOLERANCE) {
        ties++;
        mask |= 1 << c;
      }
    }
    if (decision?.kind === 'threshold') {
      best = prediction.probs[row + decision.positive] > decision.threshold ? decision.positive : 1 - decision.positive;
      ties = 1;
    }
    let top = 0;
    for (let c = 1; c < k; c++) if (probs[row + c] > probs[row + top]) top = c;
    confidence[q] = probs[row + top];
    const floor = spec.thresholds?.[best] ?? null;
    const belowFloor = floor !== null && probs[row + best] < floor;
    tiedMask[q] = ties > 1 && !belowFloor ? mask >>> 0 : 0;
    label[q] = ties > 1 || belowFloor ? -1 : best;
  }
  return { probs, label, confidence, covered: prediction.covered, tiedMask };
}

/** What the decision compares per class: raw probabilities times class weights (a threshold decides apart). */
function decisionScores(raw: Float32Array, k: number, decision: Decision): Float32Array {
  if (decision.kind !== 'weights') return raw;
  if (decision.weights.length !== k) throw new SiftError('spec-invalid', `decision has ${decision.weights.length} class weights for ${k} classes.`);
  const scores = new Float32Array(raw.length);
  for (let i = 0; i < raw.length; i++) scores[i] = raw[i] * decision.weights[i % k];
  return scores;
}

/** decideLabels' rule for one item whose top classes tie: SHA-1 of its key picks among them. */
export function breakTie(key: string, tiedMask: number, seed: number): number {
  const tied: number[] = [];
  for (let c = 0; c < 32; c++) if (tiedMask & (1 << c)) tied.push(c);
  return tied[sha1Mod(seed === 0 ? key : `${seed}:${key}`, tied.length)];
}
