import { fitDawidSkene } from './dawid-skene';
import { fitFlyingSquid } from './flyingsquid';
import { fitMajority, fitMajorityRows } from './majority';
import { compressVotes, type VotePatterns } from './patterns';
import { fitSnorkel } from './snorkel';
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

/** Validates (while compressing identical rows), fits. The matrix is only read. */
export function fitLabelModel(matrix: VoteMatrix, method: MethodName, options: FitOptions = {}): LabelModelParams {
  if (method === 'mv') return fitMajorityRows(matrix, options);
  return fitPatterns(compressVotes(matrix), method, options);
}
