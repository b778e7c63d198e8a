import { SiftError } from '../../src/core/errors';
import { voteState } from '../../src/core/weak/source-state';
import type { Dataset, Source } from '../../src/data/db';
import { startBoundedRead, USER_WRITE_DEADLINE_MS } from '../../src/data/bounded-write';
import { columnRevisions } from '../../src/data/columns';
import { getDataset } from '../../src/data/datasets';
import { eachItemChunk } from '../../src/data/items';
import { getSources } from '../../src/data/source-lookup';
import { readVoteMatrix, votesColumn } from '../../src/data/sources';

/**
 * The vote matrix of a set of sources, kept between calls: the analysis table, its item lists and the
 * label model read the same matrix. It is keyed by the vote columns' revisions, not the sources'
 * versions: a new threshold, a calibration or a re-run rewrites votes under the same version.
 */
let cached: { key: string; votes: Int8Array; revisions: number[] } | null = null;

export interface SourceVotes {
  dataset: Dataset;
  sources: Source[];
  votes: Int8Array;
  /** Revision of each source's vote column when the matrix was read (a run records them as its inputs). */
  revisions: number[];
}

export async function loadSources(datasetId: string, sourceIds: readonly string[], purpose: string): Promise<{ dataset: Dataset; sources: Source[] }> {
  const dataset = await getDataset(datasetId);
  if (!dataset) throw new SiftError('sources/no-dataset', 'This dataset no longer exists.', { datasetId });
  const sources = (await getSources(sourceIds)).map((source, j) => {
    if (!source) throw new SiftError('sources/missing', `Source ${sourceIds[j]} no longer exists.`, { sourceId: sourceIds[j] });
    return source;
  });
  const unusable = sources.filter((s) => voteState(s) !== 'fresh');
  if (unusable.length > 0) {
    const names = unusable.map((s) => `"${s.name}" (${voteState(s) === 'stale' ? 'edited since its votes were made' : 'no complete votes'})`).join(', ');
    throw new SiftError('sources/stale', `${purpose} needs up-to-date votes; apply these LFs first, or leave them out: ${names}.`, { sources: unusable.map((s) => s.id) });
  }
  return { dataset, sources };
}

/**
 * Read in one transaction the store must start within `startWithinMs`: the label model and the review
 * queue begin their run only after this read, and a writer elsewhere that holds these stores would
 * otherwise keep the user waiting with no message. The read itself may take as long as it needs.
 */
export async function voteMatrixOf(datasetId: string, sourceIds: readonly string[], purpose: string, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<SourceVotes> {
  return startBoundedRead(`Reading the votes (${purpose})`, ['datasets', 'sources', 'columnCatalog', 'columns'], async () => {
    const { dataset, sources } = await loadSources(datasetId, sourceIds, purpose);
    if (sources.length === 0) throw new SiftError('sources/none', `${purpose} needs at least one source with votes.`, {});
    const names = sources.map((s) => votesColumn(s.id));
    const revisions = await columnRevisions(datasetId, names);
    const key = `${datasetId}|${names.map((name, j) => `${name}@${revisions[j]}`).join(',')}`;
    if (cached?.key !== key) cached = { key, votes: await readVoteMatrix(dataset, sources.map((s) => s.id)), revisions };
    return { dataset, sources, votes: cached.votes, revisions: cached.revisions };
  }, startWithinMs);
}

/**
 * Per-item keys for tie-breaks: the dataset's tie-key field when it names one, else the item id. Read
 * in a transaction the store must start within `startWithinMs`, like the votes before it.
 */
export async function tieKeys(dataset: Dataset, startWithinMs = USER_WRITE_DEADLINE_MS): Promise<string[]> {
  const keys = new Array<string>(dataset.itemCount);
  const field = dataset.tieKeyField;
  await startBoundedRead('Reading the items (tie-break keys)', ['chunks'], () =>
    eachItemChunk(dataset.id, (chunk) => {
      const values = (field && chunk.fields[field]) || chunk.ids;
      for (let i = 0; i < chunk.count; i++) keys[chunk.start + i] = values[i];
    }), startWithinMs);
  return keys;
}

export function forgetMatrix(): void {
  cached = null;
}
