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
