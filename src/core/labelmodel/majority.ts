import type { VotePatterns } from './patterns';
import { baseParams } from './params';
import { fixedPrior, uniformPrior } from './prior';
import type { FitOptions, LabelModelParams } from './types';
import { oneCoinAccuracy } from './weighted';

/**
 * Majority vote: nothing to fit but the prior for uncovered items (the caller's, else uniform) and,
 * for display, each source's expected agreement with the (soft) majority vote.
 */
export function fitMajority(patterns: VotePatterns, options: FitOptions): LabelModelParams {
  const { m, k } = patterns;
  const prior = fixedPrior(options.classPrior, k) ?? uniformPrior(k);
  const params = baseParams('mv', m, k, prior);
  params.kind = 'counts';
  params.ties = options.ties ?? 'random';
  params.base = prior.map(Math.log);
  params.delta = new Float32Array(0);
  params.sourceAccuracy = oneCoinAccuracy(patterns, new Float64Array(m).fill(1), params.base);
  params.note =
    params.ties === 'random'
      ? 'Ties share the probability evenly; the label is picked by a seeded hash of the item key.'
      : 'Ties abstain: the item gets the class prior, like an item without votes.';
  return params;
}
