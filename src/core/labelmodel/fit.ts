import { fitDawidSkene } from './dawid-skene';
import { fitFlyingSquid, fitFlyingSquidPairs } from './flyingsquid';
import { fitMajority, fitMajorityRows } from './majority';
import { checkOverlapSide, MAX_OVERLAP_SIDE } from './overlaps';
import { pairCountsOfRows } from './pair-counts';
import { compressVotes, type VotePatterns } from './patterns';
import { fitSnorkel, fitSnorkelPairs } from './snorkel';
import type { FitOptions, LabelModelParams, MethodName, VoteMatrix } from './types';
import { fitWeighted } from './weighted';

const fitters: Record<MethodName, (patterns: VotePatterns, options: FitOptions) => LabelModelParams> = {
  mv: fitMajority,
  wmv: fitWeighted,
  ds: fitDawidSkene,
  snorkel: fitSnorkel,
  fs: fitFlyingSquid,
};

/** Fits one method on already-compressed votes (so several methods can share one compression). */
export function fitPatterns(patterns: VotePatterns, method: MethodName, options: FitOptions = {}): LabelModelParams {
  return fitters[method](patterns, options);
}

/**
 * Validates and fits. The matrix is only read. Methods whose sufficient statistics are pair counts
 * (snorkel, fs) or plain tallies (mv) read the rows once and skip compression, whose table costs
 * more than the fit when rows are mostly distinct; EM methods (wmv, ds) iterate, so they compress.
 */
export function fitLabelModel(matrix: VoteMatrix, method: MethodName, options: FitOptions = {}): LabelModelParams {
  if (method === 'mv') return fitMajorityRows(matrix, options);
  if (method === 'snorkel') {
    checkOverlapSide(matrix.m, matrix.k, 'The Snorkel-style model');
    return fitSnorkelPairs(pairCountsOfRows(matrix), options);
  }
  // FlyingSquid itself needs only m²·k sums; a d×d table is worth it while it stays cache-sized.
  if (method === 'fs' && matrix.m * matrix.k <= MAX_OVERLAP_SIDE / 8) return fitFlyingSquidPairs(pairCountsOfRows(matrix), options);
  return fitPatterns(compressVotes(matrix), method, options);
}
