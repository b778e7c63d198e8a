import type { Decision } from '../../core/labelmodel/decision';

/** How a model's probabilities become its labels, in words (label model and student cards). */
export function decisionText(decision: Decision | undefined, classes: readonly string[]): string {
  if (!decision || decision.kind === 'argmax') return 'labels are the most probable class';
  if (decision.kind === 'threshold') return `${classes[decision.positive]} when its probability exceeds ${decision.threshold.toFixed(3)} (threshold tuned on dev)`;
  return `class weights tuned on dev (${decision.weights.map((w, c) => `${classes[c]} ×${w.toFixed(2)}`).join(', ')})`;
}
