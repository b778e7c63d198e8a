import { SiftError } from '../../src/core/errors';
import { voteState } from '../../src/core/weak/source-state';
import { db, type Dataset, type Source } from '../../src/data/db';
import { readVoteMatrix } from '../../src/data/sources';

/**
 * The vote matrix of a set of sources, kept between calls: the analysis table, its item lists and the
 * label model read the same matrix, and it only changes when a source's votes do (its version).
 */
let cached: { key: string; votes: Int8Array } | null = null;

export interface SourceVotes {
  dataset: Dataset;
  sources: Source[];
  votes: Int8Array;
}

export async function loadSources(datasetId: string, sourceIds: readonly string[], purpose: string): Promise<{ dataset: Dataset; sources: Source[] }> {
  const dataset = await db().datasets.get(datasetId);
  if (!dataset) throw new SiftError('sources/no-dataset', 'This dataset no longer exists.', { datasetId });
  const sources = (await db().sources.bulkGet([...sourceIds])).map((source, j) => {
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

export async function voteMatrixOf(datasetId: string, sourceIds: readonly string[], purpose: string): Promise<SourceVotes> {
  const { dataset, sources } = await loadSources(datasetId, sourceIds, purpose);
  if (sources.length === 0) throw new SiftError('sources/none', `${purpose} needs at least one source with votes.`, {});
  const key = `${datasetId}|${sources.map((s) => `${s.id}@${s.version}`).join(',')}`;
  if (cached?.key !== key) cached = { key, votes: await readVoteMatrix(dataset, sources.map((s) => s.id)) };
  return { dataset, sources, votes: cached.votes };
}

/** Per-item keys for tie-breaks: the dataset's tie-key field when it names one, else the item id. */
export async function tieKeys(dataset: Dataset): Promise<string[]> {
  const keys = new Array<string>(dataset.itemCount);
  const field = dataset.tieKeyField;
  await db().chunks.where('datasetId').equals(dataset.id).each((chunk) => {
    const values = (field && chunk.fields[field]) || chunk.ids;
    for (let i = 0; i < chunk.count; i++) keys[chunk.start + i] = values[i];
  });
  return keys;
}

export function forgetMatrix(): void {
  cached = null;
}
