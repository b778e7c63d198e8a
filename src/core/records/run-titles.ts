import type { RunKind } from './run';

/** What each kind of run is called where the user reads about it (interrupted runs, a run that could not start). */
export const runKindTitles: Record<RunKind, string> = {
  'apply-lfs': 'Applying LFs',
  'label-model': 'Label model fit',
  student: 'Student training',
  'pseudo-label-round': 'Pseudo-label round',
  calibration: 'Calibration',
  teacher: 'Teacher run',
  embed: 'Embedder run',
  'review-refit': 'Review refit',
  'label-issues': 'Finding label issues',
  diversity: 'Diverse pick',
  dedupe: 'Finding near-duplicates',
};

/**
 * Names of a run's later writes for the error when the store does not start one in time: the run
 * itself did start, so the message says which of its writes did not.
 */
export function runStepTitle(kind: RunKind, step: 'resume' | 'chunk' | 'finish'): string {
  const title = runKindTitles[kind];
  return step === 'resume' ? `Resuming (${title})` : step === 'chunk' ? `Saving a chunk (${title})` : `Saving the results (${title})`;
}
