import { db, type Source } from './db';

/**
 * Sources looked up by id or by the run that made them, for workers that are handed ids. Kept apart
 * from sources.ts, which saves LF definitions: these only read.
 */
export async function getSource(id: string): Promise<Source | undefined> {
  return db().sources.get(id);
}

/** Each of `ids` in the given order; undefined where that source no longer exists. */
export async function getSources(ids: readonly string[]): Promise<(Source | undefined)[]> {
  return db().sources.bulkGet([...ids]);
}

/** The source a student run became (its version is the run id), if it is still stored. */
export async function sourceOfRun(datasetId: string, runId: string): Promise<Source | undefined> {
  return db().sources.where('datasetId').equals(datasetId).filter((s) => s.version === runId).first();
}
