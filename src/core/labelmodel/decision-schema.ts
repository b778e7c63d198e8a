import * as v from 'valibot';
import type { Decision } from './decision';

/**
 * A stored decision as files carry it (a model card's or a pipeline spec's `decision`): checked at the
 * boundary, because a hand-edited or truncated one would otherwise label every item silently wrong.
 */
const finite = v.pipe(v.number(), v.finite());

export const decisionSchema = v.variant('kind', [
  v.strictObject({ kind: v.literal('argmax') }),
  v.strictObject({ kind: v.literal('threshold'), positive: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1)), threshold: v.pipe(finite, v.minValue(0), v.maxValue(1)) }),
  v.strictObject({ kind: v.literal('weights'), weights: v.pipe(v.array(v.pipe(finite, v.gtValue(0))), v.minLength(2)) }),
]);

export const DECISION_KINDS = "'argmax', 'threshold' or 'weights'";

/** What is wrong with a decision for a model with `k` outputs, or null when it fits. */
export function decisionProblem(decision: Decision, k: number): string | null {
  if (decision.kind === 'threshold' && k !== 2) return `a threshold decision needs two classes, but there are ${k}`;
  if (decision.kind === 'weights' && decision.weights.length !== k) return `${decision.weights.length} class weights for ${k} classes`;
  return null;
}
