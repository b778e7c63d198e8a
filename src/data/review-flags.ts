import { boundedWrite, USER_WRITE_DEADLINE_MS } from './bounded-write';
import { audit } from './datasets';
import { db } from './db';

/** What the review queue knew of a flagged pick: the item, the run that ranked it, its suggestion. */
export interface ReviewFlag {
  item: number;
  runId: string;
  suggested: number;
  confidence: number;
}

/**
 * Keeps a flag in the dataset's audit log, in a write the store must finish within `withinMs`: the
 * queue has moved on and comes back to the pick on failure, which a write waiting behind a stuck writer
 * elsewhere would never let it do. One given up on is aborted, so it is not stored later either.
 */
export function flagForReview(datasetId: string, flag: ReviewFlag, withinMs = USER_WRITE_DEADLINE_MS): Promise<void> {
  return boundedWrite('Flagging', [db().audit], () => audit(datasetId, 'review-flag', { ...flag }), withinMs);
}
