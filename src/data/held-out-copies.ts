import { heldOutCopies, type HeldOutCopies } from '../core/curation/leakage';
import { latestRun } from './runs';

export interface HeldOutCopiesOf extends HeldOutCopies {
  /** The dedupe run whose clusters were read. */
  runId: string;
}

/**
 * Pool items that near-duplicate dev or canary items, by the newest finished dedupe run's clusters and
 * the splits given (the caller's, as they are now). Null when no dedupe run has finished: then nothing
 * is known, and selections say so rather than pretend the pool is clean.
 */
export async function latestHeldOutCopies(datasetId: string, splits: Uint8Array): Promise<HeldOutCopiesOf | null> {
  const run = await latestRun(datasetId, 'dedupe');
  if (!run) return null;
  return { runId: run.id, ...heldOutCopies(run.results.clusters ?? [], splits) };
}
