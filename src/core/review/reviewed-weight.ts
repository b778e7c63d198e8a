import { SiftError } from '../errors';
import type { LossBalance } from '../student/balance';

/**
 * The loss of a refit's student (text and tables): plain and class-weighted both trained, the higher
 * dev metric kept. Chosen on dev only by the rule written in bench/README.md before the runs ("the
 * loop's student with a class-weighted loss"). Image students (CNNs) keep the plain loss: the rule did
 * not measure them, and two CNNs per refit double its slowest step.
 */
export const REFIT_LOSS_BALANCE: LossBalance = 'dev';

/**
 * How much each human label on a pool item weighs in a refit's student, next to the label model's
 * soft labels on the rest of the pool. At weight 1, 200 reviewed items among ~1,000 soft-labelled ones
 * are a fifth of the loss and mostly repeat what the soft labels already said, so they barely move the
 * student (bench/README.md, review diagnosis). The rule: the reviewed items together weigh `share` of
 * the soft-labelled pool, never less than one soft item each. A share, not a per-item constant, so the
 * balance does not drift as the pool or the number of answers grows. REVIEWED_SHARE was chosen on dev
 * only, by the rule written in bench/README.md before the run.
 */
export const REVIEWED_SHARE = 0.5;

export function reviewedSeedWeight(reviewed: number, softPool: number, share = REVIEWED_SHARE): number {
  if (!(share >= 0) || !Number.isFinite(share)) throw new SiftError('review/share', `The reviewed labels' share of the pool must be a number ≥ 0; got ${share}.`);
  if (reviewed <= 0) return 1;
  return Math.max(1, (share * softPool) / reviewed);
}
