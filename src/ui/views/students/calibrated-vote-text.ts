import type { CalibratedDecision } from '../../../core/calibration/decision';
import { decisionText } from '../decision-text';

const HOW: Record<CalibratedDecision['how'], string> = {
  unchanged: '',
  restated: ', its dev-tuned decision restated for the temperature: the same labels as on its raw outputs',
  retuned: ', tuned again on the calibrated dev items',
};

/** Which class a calibrated teacher or student votes for, in words (Calibration tab). */
export function calibratedVoteText(decision: CalibratedDecision | null, classes: readonly string[]): string {
  if (!decision || decision.decision.kind === 'argmax') return `votes for the top class${decision?.how === 'retuned' ? ' (tuning on the calibrated dev items kept it)' : ''}`;
  return `votes by ${decisionText(decision.decision, classes)}${HOW[decision.how]}`;
}
